package io.shadowcat.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile report} and {@code profile diff} as a user runs them. */
class ProfileCommandTest {
    // Recordings made by the proxy, committed with the profiler's golden-file tests.
    private static final Path JAVA17 = Path.of("../profiler/src/test/resources/jfr/proxy-java17.jfr");
    private static final Path JAVA25 = Path.of("../profiler/src/test/resources/jfr/proxy-java25.jfr");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<Integer> exits = new ArrayList<>();
    private final ProfileCommand command = new ProfileCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), exits::add);

    private int run(String... args) throws Exception {
        ArgumentParser parser = ArgumentParsers.newFor("shadowcat").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        Namespace namespace = parser.parseArgs(line);
        command.run(null, namespace);
        return exits.isEmpty() ? 0 : exits.get(0);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void isRegisteredWithTheApplication() throws Exception {
        Bootstrap<ShadowcatConfiguration> bootstrap = new Bootstrap<>(new ShadowcatApplication());
        new ShadowcatApplication().initialize(bootstrap);
        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        Cli cli = new Cli(new JarLocation(getClass()), bootstrap, new PrintStream(cliOut, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path json = dir.resolve("report.json");

        Optional<Throwable> failure = cli.run("profile", "report", JAVA17.toString(), "--format", "json",
                "--out", json.toString(), "--no-jvm");

        assertThat(failure).isEmpty();
        assertThat(new ObjectMapper().readTree(json.toFile()).get("format").asText()).isEqualTo("shadowcat.result/v1");
    }

    @Test
    void reportsATextBreakdownOnStandardOutput() throws Exception {
        assertThat(run("report", JAVA25.toString(), "--no-jvm")).isZero();
        assertThat(stdout()).startsWith("Recording: proxy-java25.jfr (57 exchanges")
                .contains("Stages (all exchanges)", "Per method", "Per tool", "Slowest exchanges", "JVM findings");
        assertThat(stderr()).isEmpty();
    }

    @Test
    void writesEachFormatToTheOutFile() throws Exception {
        for (String format : List.of("text", "json", "html", "md")) {
            Path file = dir.resolve("report." + format);
            assertThat(run("report", JAVA17.toString(), "--format", format, "--out", file.toString(), "--no-jvm")).isZero();
            assertThat(file).isNotEmptyFile();
        }
        assertThat(Files.readString(dir.resolve("report.html"))).startsWith("<!DOCTYPE html>").doesNotContain("http://", "https://");
        assertThat(Files.readString(dir.resolve("report.md"))).startsWith("# Shadowcat profile: proxy-java17.jfr");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("report").get("exchanges").asLong()).isEqualTo(57);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void diffsARecordingAgainstAReportDocument() throws Exception {
        Path json = dir.resolve("base.json");
        assertThat(run("report", JAVA17.toString(), "--format", "json", "--out", json.toString(), "--no-jvm")).isZero();

        assertThat(run("diff", json.toString(), JAVA25.toString())).isZero();

        assertThat(stdout()).startsWith("Base: base.json (57 exchanges)\nCandidate: proxy-java25.jfr (57 exchanges)\n")
                .contains("p50 and p99 by percentile bootstrap", "Δp50 [95% CI]", "total");
    }

    @Test
    void aFileThatIsNotARecordingIsOneLineAndExitCode2() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.jfr"), "not a recording");
        assertThat(run("report", notes.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("profile: " + notes + ": not a readable flight recording").hasLineCount(1)
                .doesNotContain("Exception", "\tat ");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void aTruncatedRecordingIsOneLineAndExitCode2() throws Exception {
        byte[] whole = Files.readAllBytes(JAVA17);
        Path cut = Files.write(dir.resolve("cut.jfr"), java.util.Arrays.copyOf(whole, whole.length - 1000));
        assertThat(run("report", cut.toString())).isEqualTo(2);
        assertThat(stderr()).startsWith("profile: " + cut + ": not a readable flight recording").hasLineCount(1);
    }

    @Test
    void aRecordingWithoutExchangesIsOneLineAndExitCode2() throws Exception {
        Path file = dir.resolve("jvm-only.jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.JVMInformation");
            recording.start();
            recording.stop();
            recording.dump(file);
        }
        assertThat(run("report", file.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("profile: " + file + ": the recording holds no shadowcat.Exchange events"
                + " (was it made by Shadowcat with the exchange event enabled?)" + System.lineSeparator());
    }

    @Test
    void aMissingPathIsOneLineAndExitCode2() throws Exception {
        Path missing = dir.resolve("missing.jfr");
        assertThat(run("diff", JAVA17.toString(), missing.toString())).isEqualTo(2);
        assertThat(stderr()).isEqualTo("profile: " + missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void anUnwritableOutFileIsOneLineAndExitCode2() throws Exception {
        Path target = dir.resolve("no-such-directory").resolve("report.txt");
        assertThat(run("report", JAVA17.toString(), "--out", target.toString(), "--no-jvm")).isEqualTo(2);
        assertThat(stderr()).startsWith("profile: " + target + ": cannot be written").hasLineCount(1);
    }

    @Test
    void sinceLeavesOutTheExchangesBeforeIt() throws Exception {
        Path all = dir.resolve("all.json");
        Path late = dir.resolve("late.json");
        assertThat(run("report", JAVA17.toString(), "--format", "json", "--out", all.toString(), "--no-jvm")).isZero();
        exits.clear();
        assertThat(run("report", JAVA17.toString(), "--format", "json", "--out", late.toString(), "--no-jvm",
                "--since", "2026-11-26T19:33:21.2Z")).isZero();

        JsonNode before = new ObjectMapper().readTree(all.toFile());
        JsonNode after = new ObjectMapper().readTree(late.toFile());
        long allCount = before.at("/report/exchanges").asLong();
        long lateCount = after.at("/report/exchanges").asLong();
        assertThat(allCount).isEqualTo(57);
        assertThat(lateCount).isPositive().isLessThan(allCount);
        assertThat(after.at("/report/from").asText()).isGreaterThanOrEqualTo("2026-11-26T19:33:21.2");
    }

    @Test
    void sinceAfterTheLastExchangeIsOneLineAndExitCode2() throws Exception {
        assertThat(run("report", JAVA17.toString(), "--no-jvm", "--since", "2026-11-27T00:00:00Z")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("profile: " + JAVA17 + ": none of its 57 shadowcat.Exchange events started "
                + "at or after 2026-11-27T00:00:00Z" + System.lineSeparator());
    }

    @Test
    void sinceThatIsNotAnInstantIsOneLineAndExitCode2() throws Exception {
        assertThat(run("report", JAVA17.toString(), "--no-jvm", "--since", "yesterday")).isEqualTo(2);
        assertThat(stderr()).isEqualTo("profile: --since: expected an ISO-8601 instant such as 2026-11-26T19:00:00Z, "
                + "got 'yesterday'" + System.lineSeparator());
    }
}
