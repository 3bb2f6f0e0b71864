package io.shadowcat.regress;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.result.ResultJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code regress evaluate} as bench/gate-eval runs it, and the link it rests on: a document written
 * by {@code profile report --format json} is a result {@code regress} reads.
 */
class RegressEvaluateTest {
    private static final Path JAVA17 = Path.of("../profiler/src/test/resources/jfr/proxy-java17.jfr");
    private static final Environment MACHINE = new Environment("Test CPU", 2, "Temurin 17", "Linux", "cfg");
    private static final Instant T0 = Instant.parse("2026-11-27T00:00:00Z");

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int regress(String... args) throws Exception {
        RegressCommand command = new RegressCommand();
        ArgumentParser parser = ArgumentParsers.newFor("shadowcat").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        out.reset();
        err.reset();
        return new Regress(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(parser.parseArgs(line));
    }

    /** A gate-suite run: stage p50s in ns and the two wrk paths in us; with a delay, policy is slower. */
    private String run(int minute, long delayNanos, double machine) throws Exception {
        double wobble = machine * (1 + 0.02 * StrictMath.sin(minute * 2.3));
        double policy = 40 * wobble + delayNanos;
        double auth = 9000 * wobble;
        List<Metric> metrics = List.of(
                Metric.of("profile.stage.auth.p50", "ns", Direction.LOWER, auth),
                Metric.of("profile.stage.policy.p50", "ns", Direction.LOWER, policy),
                Metric.of("profile.stage.policy.max", "ns", Direction.LOWER, 5000 * wobble * (minute % 3 + 1)),
                Metric.of("profile.stage.upstream.p50", "ns", Direction.LOWER, 700_000 * wobble),
                Metric.of("profile.stage.total.p50", "ns", Direction.LOWER, 709_000 * wobble + delayNanos),
                Metric.of("wrk.proxied.p50", "us", Direction.LOWER, 900 * wobble + delayNanos / 1000.0),
                Metric.of("wrk.direct.p50", "us", Direction.LOWER, 300 * wobble));
        Result result = new Result("gate-suite", "profile", MACHINE, "", "main", T0.plusSeconds(60L * minute),
                delayNanos > 0 ? Map.of("delay", delayNanos / 1000 + "us") : Map.of(), metrics);
        Path path = directory.resolve(String.format("%s-%03d.json", delayNanos > 0 ? "b" : "a", minute));
        Files.writeString(path, ResultJson.pretty(result));
        return path.toString();
    }

    @Test
    void evaluatePrintsTheRatesOfAReplayedHistory() throws Exception {
        List<String> args = new ArrayList<>(List.of("evaluate", "--suite", "gate-suite",
                "--reference", "wrk.proxied.p50=wrk.direct.p50", "--out", directory.resolve("eval.txt").toString()));
        for (int minute = 0; minute < 6; minute++) {
            args.add(run(minute, 0, 1));
        }
        for (int minute = 6; minute < 18; minute += 2) {
            args.add(run(minute, 0, 1));
            args.add(run(minute + 1, 20_000, 1));
        }
        // A run on a busy machine: everything slower, the direct path too; undecided, not an alarm.
        args.add(run(30, 0, 1.5));

        assertThat(regress(args.toArray(String[]::new))).isZero();

        assertThat(out()).startsWith("""
                A/A false alarms (runs of the same build):     0 of 8 = 0.0% (95% CI 0.0–36.9%)
                A/B detections (runs with the slowdown):      6 of 6 = 100.0% (95% CI 54.1–100.0%)
                A/B verdicts naming policy:                   6 of 6 = 100.0% (95% CI 54.1–100.0%)
                A/B verdicts naming only policy:              6 of 6 = 100.0% (95% CI 54.1–100.0%)
                A/A undecided (disturbed machine, exit 2):    1 of 8 = 12.5% (95% CI 0.3–52.7%)
                A/B undecided (disturbed machine, exit 2):    0 of 6 = 0.0% (95% CI 0.0–45.9%)
                warm-up runs (history still too short):       5
                """);
        assertThat(out()).contains("2026-11-27T00:30:00Z A/A UNDECIDED");
        assertThat(Files.readString(directory.resolve("eval.txt"))).isEqualTo(out());
    }

    @Test
    void evaluateStartsFromAnEmptyHistory() throws Exception {
        String db = directory.resolve("h.db").toString();
        String first = run(0, 0, 1);
        assertThat(regress("record", first, "--suite", "gate-suite", "--db", db)).isZero();

        assertThat(regress("evaluate", run(1, 0, 1), "--suite", "gate-suite", "--db", db)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("regress: --db " + db + " already holds runs of "
                + "suite gate-suite on main; an evaluation starts from an empty history" + System.lineSeparator());
    }

    @Test
    void aProfileReportDocumentIsRecordedAsItIs() throws Exception {
        Bootstrap<ShadowcatConfiguration> bootstrap = new Bootstrap<>(new ShadowcatApplication());
        new ShadowcatApplication().initialize(bootstrap);
        Cli cli = new Cli(new JarLocation(getClass()), bootstrap,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path json = directory.resolve("profile.json");
        assertThat(cli.run("profile", "report", JAVA17.toString(), "--format", "json", "--out", json.toString(),
                "--no-jvm", "--suite", "gate-suite")).isEqualTo(Optional.empty());

        assertThat(regress("record", json.toString(), "--suite", "gate-suite", "--db",
                directory.resolve("h.db").toString())).isZero();
        assertThat(out()).startsWith("recorded run ").contains("of suite gate-suite (").contains("branch main");
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
