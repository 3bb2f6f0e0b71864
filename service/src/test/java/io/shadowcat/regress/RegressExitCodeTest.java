package io.shadowcat.regress;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.result.ResultJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The process exit codes CI sees, from the real executable's main method in its own JVM. */
@Timeout(120)
class RegressExitCodeTest {
    @TempDir
    Path directory;

    private record Exit(int code, String out, String err) {
    }

    private Exit shadowcat(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.shadowcat.ShadowcatApplication"));
        command.addAll(List.of(args));
        Path out = directory.resolve("out.txt");
        Path err = directory.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private String file(String name, int day, double total) throws Exception {
        return file(name, day, total, 300);
    }

    /** A run with the proxy's total p99 and the direct path's p50 (a yardstick when given as one). */
    private String file(String name, int day, double total, double direct) throws Exception {
        Path path = directory.resolve(name);
        Files.writeString(path, ResultJson.pretty(run(day, total, direct)));
        return path.toString();
    }

    private static Result run(int day, double total, double direct) {
        return new Result("smoke", "profile", new Environment("Test CPU", 2, "Temurin 17", "Linux", "cfg"),
                "c" + day, "main", Instant.parse("2026-11-01T10:00:00Z").plusSeconds(86_400L * day), Map.of(),
                List.of(Metric.of("profile.stage.total.p99", "us", Direction.LOWER, total),
                        Metric.of("wrk.direct.p50", "us", Direction.LOWER, direct)));
    }

    @Test
    void exitCodesAre0ForPass1ForRegressionAnd2ForCannotDecide() throws Exception {
        String db = directory.resolve("h.db").toString();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Result run = run(i, 800 + 3 * StrictMath.sin(i), 300 + 2 * StrictMath.cos(i));
            lines.add("{\"type\":\"run\"," + ResultJson.canonical(run).substring(1));
        }
        Path history = directory.resolve("history.jsonl");
        Files.write(history, lines);

        assertThat(shadowcat("regress", "check", file("c.json", 20, 800), "--suite", "smoke", "--db", db).code())
                .isEqualTo(2);
        assertThat(shadowcat("regress", "import", history.toString(), "--db", db).code()).isZero();
        assertThat(shadowcat("regress", "check", file("c.json", 20, 801), "--suite", "smoke", "--db", db).code())
                .isZero();
        Exit regression = shadowcat("regress", "check", file("c.json", 20, 900), "--suite", "smoke", "--db", db);
        assertThat(regression.code()).isEqualTo(1);
        assertThat(regression.out()).startsWith("REGRESSION: 1 of 2 metrics regressed");
        Exit disturbed = shadowcat("regress", "check", file("c.json", 20, 900, 450), "--suite", "smoke", "--db", db,
                "--yardstick", "wrk.direct.p50");
        assertThat(disturbed.code()).isEqualTo(2);
        assertThat(disturbed.out()).startsWith("cannot decide: the machine was disturbed");
        Exit unharmed = shadowcat("regress", "check", file("c.json", 20, 801, 450), "--suite", "smoke", "--db", db,
                "--yardstick", "wrk.direct.p50");
        assertThat(unharmed.code()).as("a disturbance only explains a regression away").isZero();
        assertThat(unharmed.out()).startsWith("PASS: ").contains("the machine was disturbed");
        Exit judged = shadowcat("regress", "check", file("c.json", 20, 801, 450), "--suite", "smoke", "--db", db);
        assertThat(judged.code()).as("without --yardstick the direct path is judged").isEqualTo(1);
        Exit bad = shadowcat("regress", "check", directory.resolve("none.json").toString(), "--suite", "smoke",
                "--db", db, "--alpha", "often");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("regress: --alpha must be a number, got 'often'");
    }
}
