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
        Path archive = awaitArchive(jar.resolveSibling("cds"));

        Process second = Children.start(new ProcessBuilder(help).redirectErrorStream(true).redirectOutput(out.toFile()));
        assertThat(second.info().commandLine().orElse("")).contains("-XX:SharedArchiveFile=" + archive);
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        // The archive's messages are silenced: a command's own output (the token command's token) stays clean.
        assertThat(Files.readString(out)).startsWith("usage: ").doesNotContain("[cds]");
    }

    @Test
    void aCommandRunsWithoutAnArchiveWhileAnotherWritesItAndAFailedRunKeepsNone() throws IOException {
        Path jar = Files.writeString(directory.resolve("app.jar"), "not opened by prepare");
        List<String> command = List.of("java", "-Xmx64m", "-jar", jar.toString(), "token", "config.yml");

        SharedClasses.Launch writer = SharedClasses.prepare(command);
        SharedClasses.Launch meanwhile = SharedClasses.prepare(command);
        SharedClasses.Launch otherCommand = SharedClasses.prepare(List.of("java", "-jar", jar.toString(), "server"));

        assertThat(writer.command()).hasSize(command.size() + 2).startsWith("java")
                .contains("-XX:ArchiveClassesAtExit=" + writer.writing(), "-Xlog:cds=off,cds+dynamic=off")
                .endsWith("-Xmx64m", "-jar", jar.toString(), "token", "config.yml");
        assertThat(meanwhile.command()).isEqualTo(command);
        assertThat(otherCommand.writing()).isNotNull().isNotEqualTo(writer.writing());

        Files.writeString(writer.writing(), "half an archive");
        SharedClasses.ended(writer, 137); // killed: whatever it wrote is not an archive
        assertThat(writer.writing()).doesNotExist();
        assertThat(writer.archive()).doesNotExist();
        assertThat(SharedClasses.prepare(command).writing()).as("the next run writes it again").isNotNull();
    }

    private static Path awaitArchive(Path cds) throws Exception {
        // The archive is renamed into place by the exit callback, which may run just after waitFor returns.
        for (int i = 0; i < 100; i++) {
            try (var files = Files.list(cds)) {
                var found = files.filter(f -> f.getFileName().toString().startsWith("regress-")
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
