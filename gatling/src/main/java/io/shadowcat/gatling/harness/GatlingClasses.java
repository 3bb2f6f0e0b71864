package io.shadowcat.gatling.harness;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Class data sharing for the Gatling JVM the harness starts for every suite run: Gatling, Scala, Pekko and Netty
 * are thousands of classes that each run would load, verify and link again.
 *
 * <p>{@link SharedClasses}' dynamic archives do not fit here: Gatling's classpath holds this module's class
 * directory, which a dynamic archive cannot cover, and a Gatling run loads and unloads generated classes, which is
 * what crashes JDK 17's dump at exit (JDK-8278602). So the archive is static and written by a JVM of its own: the
 * first Gatling run lists the classes it loaded ({@code -XX:DumpLoadedClassList}), then {@code java -Xshare:dump}
 * archives those it finds in the jars ({@link #dump}), between two measurements; later runs map the archive. An
 * archive is valid only for runs whose classpath begins with the one it was written for, so the classpath is
 * given jars first and directories after ({@link #classpath}); this module's classes are in no jar.
 *
 * <p>The list and the archive live in {@code dir}, named by a hash of the jars (path, size, modification time) and
 * the JVM: other dependencies or another JDK get new ones, and writing them removes those of other hashes. Each is
 * written under a temporary name and renamed only when whole; a dump that failed leaves a marker, so that it is not
 * tried on every run. A JVM that cannot map the archive runs without it. Not thread-safe: the harness runs one
 * Gatling JVM at a time.
 */
final class GatlingClasses {
    private static final String PREFIX = "gatling-";
    private static final String QUIET = "-Xlog:cds=off,cds+dynamic=off";
    private final String java;
    private final List<String> jars = new ArrayList<>();
    private final List<String> directories = new ArrayList<>();
    private final List<String> jvmOptions;
    private final Path archive;
    private final Path list;
    private final Path failed;
    private Path listing;

    /**
     * @param jvmOptions the options every Gatling JVM gets that bear on what an archive holds ({@code --add-opens}),
     *                   given to the dumping JVM too
     */
    GatlingClasses(String java, String classpath, List<String> jvmOptions, Path dir) throws IOException {
        this.java = java;
        this.jvmOptions = List.copyOf(jvmOptions);
        StringBuilder identity = new StringBuilder(java).append('|').append(System.getProperty("java.vm.version"));
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                jars.add(entry);
                identity.append('|').append(path.toAbsolutePath()).append('|').append(Files.size(path)).append('|')
                        .append(Files.getLastModifiedTime(path).toMillis());
            } else if (!entry.isEmpty()) {
                directories.add(entry);
            }
        }
        String name = PREFIX + SharedClasses.sha256(identity.toString());
        Files.createDirectories(dir);
        this.archive = dir.resolve(name + ".jsa");
        this.list = dir.resolve(name + ".classlist");
        this.failed = dir.resolve(name + ".failed");
    }

    /** The classpath to run Gatling with: the same entries, jars first. */
    String classpath() {
        List<String> entries = new ArrayList<>(jars);
        entries.addAll(directories);
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The options for the next Gatling JVM: map the archive if there is one; else, if no list was written yet,
     * write one; else none (the archive is still to be dumped, or could not be).
     */
    List<String> options() throws IOException {
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive, QUIET);
        }
        if (Files.exists(list) || Files.exists(failed) || jars.isEmpty()) {
            return List.of();
        }
        tidy();
        listing = SharedClasses.temporary(list);
        return List.of("-XX:DumpLoadedClassList=" + listing);
    }

    /** After the Gatling JVM ended with {@code exit}: keeps the class list it wrote if it ran to the end (0 or 2). */
    void ended(int exit) throws IOException {
        if (listing == null) {
            return;
        }
        Path written = listing;
        listing = null;
        if ((exit == 0 || exit == 2) && Files.isRegularFile(written) && Files.size(written) > 0) {
            Files.write(written, inJars(Files.readAllLines(written)));
            Files.move(written, list, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(written);
        }
    }

    /**
     * The class list without the lines that name a class of the directories on the classpath (the dumping JVM
     * cannot load those) and without lambda proxies: JDK 17's dump crashes on one whose class it left out (this
     * module's, a signed jar's, a JFR event's: {@code SystemDictionaryShared::adjust_lambda_proxy_class_dictionary}).
     */
    private List<String> inJars(List<String> lines) throws IOException {
        Set<String> own = new HashSet<>();
        for (String directory : directories) {
            Path root = Path.of(directory);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                            .map(f -> f.substring(0, f.length() - ".class".length()).replace(File.separatorChar, '/'))
                            .forEach(own::add);
                }
            }
        }
        return lines.stream().filter(line -> !line.startsWith("@lambda-proxy") && own.stream().noneMatch(line::contains))
                .toList();
    }

    /**
     * Writes the archive from the class list, if there is a list and no archive yet: a JVM of its own, a few seconds
     * of CPU, to be run while nothing is measured. True when an archive was written.
     */
    boolean dump(Path log) throws IOException, InterruptedException {
        if (Files.isRegularFile(archive) || !Files.isRegularFile(list) || Files.exists(failed)) {
            return false;
        }
        Path writing = SharedClasses.temporary(archive);
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + writing, "-XX:ErrorFile=" + log.resolveSibling("hs_err_cds_dump_%p.log")));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", String.join(File.pathSeparator, jars)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(2, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly().waitFor();
        }
        if (done && process.exitValue() == 0 && Files.isRegularFile(writing) && Files.size(writing) > 0) {
            Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        Files.deleteIfExists(writing);
        Files.writeString(failed, "java -Xshare:dump failed; see " + log + "\n");
        return false;
    }

    Path archive() {
        return archive;
    }

    /** Removes the lists, archives and markers of other hashes, and temporary files of harnesses no longer running. */
    private void tidy() throws IOException {
        String name = archive.getFileName().toString();
        String mine = name.substring(0, name.length() - ".jsa".length());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), PREFIX + "*")) {
            for (Path file : files) {
                String other = file.getFileName().toString();
                if (!other.startsWith(mine + ".") || SharedClasses.orphaned(other)) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
