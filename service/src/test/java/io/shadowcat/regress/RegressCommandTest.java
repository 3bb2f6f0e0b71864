package io.shadowcat.regress;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
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
import java.util.List;
import java.util.Map;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.Namespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code regress} command line: what a user sees, and the exit code of every situation. */
class RegressCommandTest {
    private static final Environment MACHINE = new Environment("Test CPU", 2, "Temurin 17", "Linux", "cfg");

    @TempDir
    Path directory;

    private String db;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        db = directory.resolve("history.db").toString();
    }

    private int regress(String... args) throws Exception {
        RegressCommand command = new RegressCommand();
        ArgumentParser parser = ArgumentParsers.newFor("shadowcat").build();
        command.configure(parser.addSubparsers().addParser(command.getName()));
        String[] line = new String[args.length + 1];
        line[0] = command.getName();
        System.arraycopy(args, 0, line, 1, args.length);
        Namespace namespace = parser.parseArgs(line);
        out.reset();
        err.reset();
        return new Regress(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(namespace);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A result file: total p99 and policy p99 in microseconds. */
    private String file(String name, int day, String branch, double total, double policy) throws Exception {
        Result result = new Result("smoke", "profile", MACHINE, "c" + day, branch,
                Instant.parse("2026-11-01T10:00:00Z").plusSeconds(86_400L * day), Map.of(), List.of(
                        Metric.of("profile.stage.total.p99", "us", Direction.LOWER, total),
                        Metric.of("profile.stage.policy.p99", "us", Direction.LOWER, policy),
                        Metric.of("profile.stage.upstream.p99", "us", Direction.LOWER, 600)));
        Path path = directory.resolve(name);
        Files.writeString(path, ResultJson.pretty(result));
        return path.toString();
    }

    private void recordHistory(int runs) throws Exception {
        for (int i = 0; i < runs; i++) {
            double wobble = 1 + 0.01 * StrictMath.sin(i * 2.3);
            assertThat(regress("record", file("r" + i + ".json", i, "main", 800 * wobble, 40 * wobble),
                    "--suite", "smoke", "--db", db)).isZero();
        }
    }

    @Test
    void isACommandOfTheApplication() {
        ShadowcatApplication application = new ShadowcatApplication();
        Bootstrap<ShadowcatConfiguration> bootstrap = new Bootstrap<>(application);

        application.initialize(bootstrap);

        assertThat(bootstrap.getCommands()).extracting(Command::getName).contains("regress");
    }

    @Test
    void recordStoresARunOnceAndSaysSo() throws Exception {
        String run = file("r.json", 1, "main", 800, 40);

        assertThat(regress("record", run, "--suite", "smoke", "--db", db)).isZero();
        assertThat(out()).startsWith("recorded run ").contains("of suite smoke (3 metrics, commit c1, branch main");
        assertThat(regress("record", run, "--suite", "smoke", "--db", db)).isZero();
        assertThat(out()).startsWith("already recorded run ");
    }

    @Test
    void checkWithTooLittleHistoryExits2() throws Exception {
        recordHistory(3);

        assertThat(regress("check", file("c.json", 20, "feature", 800, 40), "--suite", "smoke", "--db", db))
                .isEqualTo(2);
        assertThat(out()).startsWith("not enough history: 3 runs of suite smoke on branch main");
    }

    @Test
    void checkOfASlowerStageExits1AndNamesIt() throws Exception {
        recordHistory(8);

        assertThat(regress("check", file("c.json", 20, "feature", 950, 190), "--suite", "smoke", "--db", db))
                .isEqualTo(1);
        assertThat(out()).startsWith("REGRESSION: 2 of 3 metrics regressed")
                .contains("profile.stage.total.p99 +18.6%: policy +150 us (101%), upstream unchanged");
    }

    @Test
    void checkWithinTheNoiseExits0() throws Exception {
        recordHistory(8);

        assertThat(regress("check", file("c.json", 20, "feature", 803, 40.2), "--suite", "smoke", "--db", db,
                "--format", "junit")).isZero();
        assertThat(out()).startsWith("<?xml").contains("failures=\"0\"");
    }

    @Test
    void checkWritesTheReportToAFile() throws Exception {
        recordHistory(8);
        Path report = directory.resolve("report.md");

        assertThat(regress("check", file("c.json", 20, "feature", 950, 190), "--suite", "smoke", "--db", db,
                "--format", "md", "--out", report.toString())).isEqualTo(1);
        assertThat(Files.readString(report)).startsWith("### Benchmark check: REGRESSION");
        assertThat(out()).startsWith("REGRESSION: ");
    }

    @Test
    void aLargerMinimumEffectForAPatternLetsAChangeThrough() throws Exception {
        recordHistory(8);

        assertThat(regress("check", file("c.json", 20, "feature", 880, 40), "--suite", "smoke", "--db", db,
                "--min-effect", "profile.stage.total.*=15%")).isZero();
    }

    @Test
    void aSameRunReferenceDecidesWhenThisEnvironmentIsNew() throws Exception {
        recordHistory(8);
        Result slowMachine = new Result("smoke", "profile", new Environment("Slow CPU", 1, "Temurin 17", "Linux", "cfg"),
                "new", "feature", Instant.parse("2026-12-01T00:00:00Z"), Map.of(), List.of(
                        Metric.of("profile.stage.total.p99", "us", Direction.LOWER, 2 * 950),
                        Metric.of("profile.stage.upstream.p99", "us", Direction.LOWER, 2 * 600)));
        Path candidate = directory.resolve("slow.json");
        Files.writeString(candidate, ResultJson.pretty(slowMachine));

        assertThat(regress("check", candidate.toString(), "--suite", "smoke", "--db", db)).isEqualTo(2);
        assertThat(regress("check", candidate.toString(), "--suite", "smoke", "--db", db,
                "--reference", "profile.stage.total.p99=profile.stage.upstream.p99")).isEqualTo(1);
        assertThat(out()).contains("normalized.profile.stage.total.p99").contains("judged on metrics normalized");
    }

    @Test
    void badInputExits2WithThePreciseReasonAndStoresNothing() throws Exception {
        Path bad = directory.resolve("bad.json");
        Files.writeString(bad, ResultJson.pretty(new Result("smoke", "profile", MACHINE, "c", "main", Instant.EPOCH,
                Map.of(), List.of(Metric.of("profile.stage.total.p99", "us", Direction.LOWER, 1))))
                .replace("\"lower\"", "\"down\""));

        assertThat(regress("record", bad.toString(), "--suite", "smoke", "--db", db)).isEqualTo(2);
        assertThat(err()).isEqualTo("regress: " + bad + ": field metrics[0].better: expected \"lower\" or "
                + "\"higher\", found \"down\"\n");
        assertThat(regress("export", "--db", db)).isZero();
        assertThat(out()).isEmpty();
    }

    @Test
    void missingSuiteFilesOrUnknownFormatExit2() throws Exception {
        String run = file("r.json", 1, "main", 800, 40);

        assertThat(regress("check", run, "--db", db)).isEqualTo(2);
        assertThat(err()).isEqualTo("regress: --suite is required\n");
        assertThat(regress("record", "--suite", "smoke", "--db", db)).isEqualTo(2);
        assertThat(err()).isEqualTo("regress: no result files given\n");
        assertThat(regress("check", run, "--suite", "smoke", "--format", "xml", "--db", db)).isEqualTo(2);
        assertThat(err()).isEqualTo("regress: unknown format 'xml' (text, md, junit or json)\n");
    }

    @Test
    void acceptMakesTheNewLevelTheBaseline() throws Exception {
        recordHistory(8);
        String slower = file("c.json", 20, "main", 950, 190);
        assertThat(regress("check", slower, "--suite", "smoke", "--db", db)).isEqualTo(1);

        assertThat(regress("accept", slower, "--suite", "smoke", "--reason", "policy engine v2", "--db", db)).isZero();
        assertThat(out()).contains("for * on main: policy engine v2");

        assertThat(regress("check", file("d.json", 21, "feature", 951, 189), "--suite", "smoke", "--db", db)).isZero();
    }

    @Test
    void acceptNeedsAReason() throws Exception {
        assertThat(regress("accept", file("c.json", 20, "main", 950, 190), "--suite", "smoke", "--db", db))
                .isEqualTo(2);
        assertThat(err()).isEqualTo("regress: --reason is required\n");
    }

    @Test
    void historyPrintsTheTrendAndWritesTheChart() throws Exception {
        recordHistory(8);
        Path chart = directory.resolve("trend.html");

        assertThat(regress("history", "--suite", "smoke", "--metric", "profile.stage.total.p99", "--html",
                chart.toString(), "--db", db)).isZero();

        assertThat(out()).contains("profile.stage.total.p99 (us, better lower): 8 runs");
        assertThat(Files.readString(chart)).startsWith("<!DOCTYPE html>").contains("<svg");
        assertThat(regress("history", "--suite", "nothing", "--db", db)).isEqualTo(2);
        assertThat(err()).isEqualTo("regress: no history of suite nothing on branch main\n");
    }

    @Test
    void exportThenImportTwiceIsIdempotent() throws Exception {
        recordHistory(5);
        Path lines = directory.resolve("history.jsonl");
        String copy = directory.resolve("copy.db").toString();

        assertThat(regress("export", "--out", lines.toString(), "--db", db)).isZero();
        assertThat(out()).isEqualTo("exported 5 runs and 0 acceptances to " + lines + "\n");
        assertThat(regress("import", lines.toString(), "--db", copy)).isZero();
        assertThat(out()).startsWith("imported 5 new runs and 0 new acceptances");
        assertThat(regress("import", lines.toString(), "--db", copy)).isZero();
        assertThat(out()).startsWith("imported 0 new runs and 0 new acceptances");
    }

    @Test
    void importOfAMissingFileExits2() throws Exception {
        assertThat(regress("import", directory.resolve("none.jsonl").toString(), "--db", db)).isEqualTo(2);
        assertThat(err()).endsWith("none.jsonl: no such file\n");
    }
}
