package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Class data sharing for the service jar's JVMs the harness starts (the proxy, demo upstreams, {@code token},
 * {@code regress}): each command's first run writes a dynamic CDS archive of the classes it
 * loaded, and later runs of that command map it ({@code -XX:SharedArchiveFile}) instead of loading, verifying and
 * linking those classes again. A suite starts five to eight such JVMs on two shared cores; their startup is most of a
 * suite's fixed cost.
 *
 * <p>A command that ends by itself writes its archive as it exits ({@code -XX:ArchiveClassesAtExit}). The
 * servers ({@code server}, {@code demo-upstream}) are stopped with SIGTERM, and JDK 17's dump at exit can crash
 * there (seen once: SIGSEGV in {@code SystemDictionaryShared::check_excluded_classes} while the proxy shut down), so
 * they start with {@code -XX:+RecordDynamicDumpInfo} and are asked for their archive with
 * {@code jcmd <pid> VM.cds dynamic_dump} just before they are stopped ({@link #beforeStop}), after the measurement
 * and after the proxy's recording was dumped (should that dump fail too, nothing of the suite is lost).
 *
 * <p>Archives live in {@code cds/} beside the jar, one per command, named by the jar's size and modification
 * time and the JVM's version: a rebuilt jar or another JDK gets new ones. An archive is written under a
 * temporary name and renamed only when it was written whole (its JVM ended normally, or {@code jcmd} succeeded):
 * a truncated archive would crash the JVM that maps it. While one JVM writes a command's archive, others of that
 * command run without one. Writing a command's archive removes that command's archives of earlier builds and
 * temporary files of harnesses no longer running. The JVM's own CDS messages are silenced ({@code token} writes the
 * token on standard output). Thread-safe. Longer than most classes: it owns both ways an archive is written and the
 * life of the archive files, which must change together.
 */
final class SharedClasses {
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";
    /** Commands that run until they are stopped: their archive is dumped on demand, not at exit. */
    private static final Set<String> SERVERS = Set.of("server", "demo-upstream");
    /**
     * Short commands that write their archive as they exit. Not {@code profile}: it runs long enough, on enough
     * memory, for classes to be unloaded, which is what crashes JDK 17's dynamic dump (JDK-8278602), and its exit
     * code decides whether a suite has its stage metrics.
     */
    private static final Set<String> AT_EXIT = Set.of("token", "regress");
    private static final Set<Path> WRITING = new HashSet<>();
    /** Servers started to write an archive, by process, until {@link #beforeStop} or their end. */
    private static final Map<Process, Launch> ON_DEMAND = new HashMap<>();

    private SharedClasses() {
    }

    /**
     * {@code command} ({@code java [options] -jar JAR COMMAND ...}) with the archive options for its command
     * inserted after the executable, and the archive it will write (or null when it writes none).
     */
    static synchronized Launch prepare(List<String> command) {
        int jarAt = command.indexOf("-jar");
        if (jarAt < 0 || jarAt + 2 >= command.size()) {
            return new Launch(command, null, null, false);
        }
        Path jar = Path.of(command.get(jarAt + 1)).toAbsolutePath().normalize();
        String name = command.get(jarAt + 2);
        if (!SERVERS.contains(name) && !AT_EXIT.contains(name)) {
            return new Launch(command, null, null, false);
        }
        Path archive;
        try {
            archive = archive(jar, name);
        } catch (IOException e) {
            return new Launch(command, null, null, false);
        }
        boolean server = SERVERS.contains(name);
        List<String> options;
        Path temporary = null;
        if (Files.isRegularFile(archive)) {
            options = List.of("-XX:SharedArchiveFile=" + archive, QUIET);
        } else if (WRITING.add(archive)) {
            tidy(archive);
            temporary = temporary(archive);
            options = server ? List.of("-XX:+RecordDynamicDumpInfo", QUIET)
                    : List.of("-XX:ArchiveClassesAtExit=" + temporary, QUIET);
        } else {
            return new Launch(command, null, null, false);
        }
        List<String> with = new ArrayList<>(command.size() + options.size());
        with.add(command.get(0));
        with.addAll(options);
        with.addAll(command.subList(1, command.size()));
        return new Launch(with, temporary, archive, server);
    }

    /**
     * After {@code launch} started as {@code process}: a command that writes its archive at exit keeps it when the
     * process ends ({@link #ended}); a server waits for {@link #beforeStop}, and writes none if it ends before.
     */
    static void track(Launch launch, Process process) {
        if (launch.writing() == null) {
            return;
        }
        if (!launch.onDemand()) {
            process.onExit().thenAccept(exited -> ended(launch, exited.exitValue()));
            return;
        }
        synchronized (SharedClasses.class) {
            ON_DEMAND.put(process, launch);
        }
        process.onExit().thenRun(() -> lost(process));
    }

    /** After {@code process} ended: a server that was to write an archive and never did writes none. */
    private static void lost(Process process) {
        Launch launch = waitingFor(process);
        if (launch != null) {
            ended(launch, -1);
        }
    }

    /** The launch of a server still to write its archive, no longer waiting; null for any other process. */
    private static synchronized Launch waitingFor(Process process) {
        return ON_DEMAND.remove(process);
    }

    /**
     * Before a server the harness started is stopped: if it is to write its command's archive, asks it to
     * ({@code jcmd <pid> VM.cds dynamic_dump}) and keeps the archive if that succeeded. Takes a few seconds, once
     * per command and jar build.
     */
    static void beforeStop(Process process) {
        if (!process.isAlive()) {
            lost(process);
            return;
        }
        Launch launch = waitingFor(process);
        if (launch == null) {
            return;
        }
        int exit = -1;
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "VM.cds", "dynamic_dump", launch.writing().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (jcmd.waitFor(60, TimeUnit.SECONDS)) {
                exit = jcmd.exitValue();
            } else {
                jcmd.destroyForcibly();
            }
        } catch (IOException e) {
            exit = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ended(launch, exit);
    }

    /**
     * After the JVM that wrote {@code launch}'s archive at exit ended, or after {@code jcmd} dumped a server's:
     * keeps the archive if it was written whole (exit 0, or 143 for a JVM that dumped as SIGTERM ended it).
     */
    static synchronized void ended(Launch launch, int exit) {
        if (launch.writing() == null || !WRITING.remove(launch.archive())) {
            return;
        }
        try {
            if ((exit == 0 || exit == 143 && !launch.onDemand()) && Files.isRegularFile(launch.writing())
                    && Files.size(launch.writing()) > 0) {
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

    /**
     * Before {@code archive} is written: removes the same command's archives of other jar builds or JVMs, and
     * temporary files that harnesses no longer running left behind (a JVM that has one mapped keeps its mapping).
     */
    private static void tidy(Path archive) {
        String name = archive.getFileName().toString();
        String command = name.substring(0, name.lastIndexOf('-') + 1);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), command + "*")) {
            for (Path file : files) {
                String other = file.getFileName().toString();
                boolean oldBuild = other.endsWith(".jsa") && !other.equals(name);
                if (oldBuild || orphaned(other)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // tidying is best effort: a stale file is never mapped
        }
    }

    /** Where this harness writes {@code file} before renaming it into place: {@code <file>.<pid>.tmp}. */
    static Path temporary(Path file) {
        return file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    }

    /** Whether {@code name} is a {@linkplain #temporary temporary file} of a harness no longer running. */
    static boolean orphaned(String name) {
        if (!name.endsWith(".tmp")) {
            return false;
        }
        String[] parts = name.split("\\.");
        try {
            return parts.length < 3 || ProcessHandle.of(Long.parseLong(parts[parts.length - 2])).isEmpty();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static Path archive(Path jar, String command) throws IOException {
        String identity = jar + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis() + "|"
                + System.getProperty("java.home") + "|" + System.getProperty("java.vm.version");
        Path directory = jar.resolveSibling("cds");
        Files.createDirectories(directory);
        return directory.resolve(command.replaceAll("[^A-Za-z0-9-]", "_") + "-" + sha256(identity) + ".jsa");
    }

    /** The first 8 bytes of {@code text}'s SHA-256, in hex: what archives are named by. */
    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A command ready to start, the archive its JVM writes (both null when it writes none), and whether it writes it
     * on demand ({@link #beforeStop}) rather than at exit.
     */
    record Launch(List<String> command, Path writing, Path archive, boolean onDemand) {
    }
}
