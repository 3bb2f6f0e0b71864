package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Class data sharing for the service jar's JVMs the harness starts (the proxy, demo upstreams, {@code token},
 * {@code profile}, {@code regress}): each command's first run writes a dynamic CDS archive of the classes it
 * loaded ({@code -XX:ArchiveClassesAtExit}), and later runs of that command map it ({@code -XX:SharedArchiveFile})
 * instead of loading, verifying and linking those classes again. A suite starts five to eight such JVMs on two
 * shared cores; their startup is most of a suite's fixed cost.
 *
 * <p>Archives live in {@code cds/} beside the jar, one per command, named by the jar's size and modification
 * time and the JVM's version: a rebuilt jar or another JDK gets new ones. An archive is written under a
 * temporary name and renamed only when its JVM ended normally (exit 0, or 143 after SIGTERM): a truncated
 * archive would crash the JVM that maps it. While one JVM writes a command's archive, others of that command
 * run without one. The JVM's own CDS messages are silenced ({@code token} writes the token on standard output).
 * Thread-safe.
 */
final class SharedClasses {
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";
    private static final Set<Path> WRITING = new HashSet<>();

    private SharedClasses() {
    }

    /**
     * {@code command} ({@code java [options] -jar JAR COMMAND ...}) with the archive options for its command
     * inserted after the executable, and the archive it will write (or null when it writes none).
     */
    static synchronized Launch prepare(List<String> command) {
        int jarAt = command.indexOf("-jar");
        if (jarAt < 0 || jarAt + 2 >= command.size()) {
            return new Launch(command, null, null);
        }
        Path jar = Path.of(command.get(jarAt + 1)).toAbsolutePath();
        Path archive;
        try {
            archive = archive(jar, command.get(jarAt + 2));
        } catch (IOException e) {
            return new Launch(command, null, null);
        }
        List<String> options;
        Path temporary = null;
        if (Files.isRegularFile(archive)) {
            options = List.of("-XX:SharedArchiveFile=" + archive, QUIET);
        } else if (WRITING.add(archive)) {
            temporary = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            options = List.of("-XX:ArchiveClassesAtExit=" + temporary, QUIET);
        } else {
            return new Launch(command, null, null);
        }
        List<String> with = new ArrayList<>(command.size() + options.size());
        with.add(command.get(0));
        with.addAll(options);
        with.addAll(command.subList(1, command.size()));
        return new Launch(with, temporary, archive);
    }

    /** After the JVM that wrote {@code launch}'s archive ended: keeps the archive if it ended normally. */
    static synchronized void ended(Launch launch, int exit) {
        if (launch.writing() == null) {
            return;
        }
        WRITING.remove(launch.archive());
        try {
            if ((exit == 0 || exit == 143) && Files.size(launch.writing()) > 0) {
                Files.move(launch.writing(), launch.archive(), StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.deleteIfExists(launch.writing());
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(launch.writing());
            } catch (IOException ignored) {
                // a stale temporary file is never mapped
            }
        }
    }

    private static Path archive(Path jar, String command) throws IOException {
        String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        Path directory = jar.resolveSibling("cds");
        Files.createDirectories(directory);
        return directory.resolve(command.replaceAll("[^A-Za-z0-9-]", "_") + "-" + sha256(identity) + ".jsa");
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A command ready to start, and the archive its JVM writes (both null when it writes none). */
    record Launch(List<String> command, Path writing, Path archive) {
    }
}
