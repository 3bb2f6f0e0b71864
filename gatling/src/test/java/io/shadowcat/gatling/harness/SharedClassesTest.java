package io.shadowcat.gatling.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class data sharing for the service jar's commands: written once per command, kept only when whole, then mapped. */
class SharedClassesTest {
    private static final Path JAR = Path.of("../service/target/shadowcat.jar");

    @TempDir
    Path directory;

    @Test
    void theFirstRunOfACommandWritesItsArchiveAndLaterRunsMapIt() throws Exception {
        Path jar = directory.resolve("shadowcat.jar");
        Files.copy(JAR, jar, StandardCopyOption.COPY_ATTRIBUTES);
        Path out = directory.resolve("out.txt");
        List<String> help = List.of(Stack.java(), "-jar", jar.toString(), "regress", "check", "--help");

        Process first = Children.start(new ProcessBuilder(help).redirectErrorStream(true).redirectOutput(out.toFile()));
        assertThat(first.info().commandLine().orElse("")).contains("-XX:ArchiveClassesAtExit=");
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        Path archive = awaitArchive(jar.resolveSibling("cds"), "regress-");

        Process second = Children.start(new ProcessBuilder(help).redirectErrorStream(true).redirectOutput(out.toFile()));
        assertThat(second.info().commandLine().orElse("")).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        // The archive's messages are silenced: a command's own output (the token command's token) stays clean.
        assertThat(Files.readString(out)).startsWith("usage: ").doesNotContain("[cds]");

        // And the classes really come from it: the JVM's class-load log names the archive as their source.
        Path loads = directory.resolve("class-load.log");
        List<String> logged = new java.util.ArrayList<>(help);
        logged.add(1, "-Xlog:class+load=info:file=" + loads);
        Process third = Children.start(new ProcessBuilder(logged).redirectErrorStream(true).redirectOutput(out.toFile()));
        assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(loads)).contains("io.shadowcat.regress.RegressCommand source: shared objects file (top)");
    }

    @Test
    void aServerWritesItsArchiveWhenAskedBeforeItIsStopped() throws Exception {
        Path jar = directory.resolve("shadowcat.jar");
        Files.copy(JAR, jar, StandardCopyOption.COPY_ATTRIBUTES);
        Path loads = directory.resolve("class-load.log");

        Process first = upstream(jar, directory.resolve("first.log"));
        assertThat(first.info().commandLine().orElse("")).contains("-XX:+RecordDynamicDumpInfo")
                .doesNotContain("ArchiveClassesAtExit");
        SharedClasses.beforeStop(first);
        first.destroy();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path archive = awaitArchive(jar.resolveSibling("cds"), "demo-upstream-");

        Process second = upstream(jar, directory.resolve("second.log"), "-Xlog:class+load=info:file=" + loads);
        assertThat(second.info().commandLine().orElse("")).contains("-XX:SharedArchiveFile=" + archive);
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(loads)).contains("source: shared objects file (top)");
        try (var files = Files.list(archive.getParent())) {
            assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).as("no temporary file left").isEmpty();
        }
    }

    /** A demo upstream on a free port, once it listens. */
    private static Process upstream(Path jar, Path log, String... jvm) throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<String> command = new java.util.ArrayList<>(List.of(Stack.java()));
        command.addAll(List.of(jvm));
        command.addAll(List.of("-jar", jar.toString(), "demo-upstream", "--port", Integer.toString(port)));
        Process process = Children.start(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
        for (int i = 0; i < 300; i++) {
            try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return process;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the demo upstream did not listen; see " + log);
    }

    @Test
    void aCommandRunsWithoutAnArchiveWhileAnotherWritesItAndAFailedRunKeepsNone() throws IOException {
        Path jar = Files.writeString(directory.resolve("app.jar"), "not opened by prepare");
        List<String> command = List.of("java", "-Xmx64m", "-jar", jar.toString(), "token", "config.yml");
        Path cds = Files.createDirectories(directory.resolve("cds"));
        Path earlierBuild = Files.writeString(cds.resolve("token-0123456789abcdef.jsa"), "an earlier jar's archive");
        Path orphan = Files.writeString(cds.resolve("token-0123456789abcdef.jsa.2147483646.tmp"), "a dead harness's");
        Path otherCommand = Files.writeString(cds.resolve("server-0123456789abcdef.jsa"), "another command's");

        SharedClasses.Launch writer = SharedClasses.prepare(command);
        SharedClasses.Launch meanwhile = SharedClasses.prepare(command);
        SharedClasses.Launch server = SharedClasses.prepare(List.of("java", "-jar", jar.toString(), "server"));

        assertThat(writer.command()).hasSize(command.size() + 2).startsWith("java")
                .contains("-XX:ArchiveClassesAtExit=" + writer.writing(), "-Xlog:cds=off,cds+dynamic=off")
                .endsWith("-Xmx64m", "-jar", jar.toString(), "token", "config.yml");
        assertThat(meanwhile.command()).isEqualTo(command);
        assertThat(earlierBuild).as("the same command's archive of an earlier build").doesNotExist();
        assertThat(orphan).as("a temporary archive of a harness no longer running").doesNotExist();
        assertThat(server.writing()).isNotNull().isNotEqualTo(writer.writing());
        assertThat(server.onDemand()).as("a server writes its archive when asked, not at exit").isTrue();
        List<String> profile = List.of("java", "-jar", jar.toString(), "profile", "report", "proxy.jfr");
        assertThat(SharedClasses.prepare(profile).command()).as("profile runs without an archive").isEqualTo(profile);
        assertThat(server.command()).contains("-XX:+RecordDynamicDumpInfo").noneMatch(o -> o.contains("AtExit"));
        assertThat(otherCommand).as("writing the server's archive removed the earlier build's").doesNotExist();

        Files.writeString(writer.writing(), "half an archive");
        SharedClasses.ended(writer, 137); // killed: whatever it wrote is not an archive
        assertThat(writer.writing()).doesNotExist();
        assertThat(writer.archive()).doesNotExist();
        assertThat(SharedClasses.prepare(command).writing()).as("the next run writes it again").isNotNull();
    }

    private static Path awaitArchive(Path cds, String command) throws Exception {
        // The archive is renamed into place by the exit callback, which may run just after waitFor returns.
        for (int i = 0; i < 100; i++) {
            try (var files = Files.list(cds)) {
                var found = files.filter(f -> f.getFileName().toString().startsWith(command)
                        && f.getFileName().toString().endsWith(".jsa")).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no archive in " + cds);
    }
}
