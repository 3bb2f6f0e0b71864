package io.shadowcat.gatling.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run-bench --jmh}: a real (one short iteration) JMH run of one benchmark from {@code benchmarks/}, its JSON
 * imported by the service's {@code regress record} — the stored run, exported again, holds the benchmark's metric —
 * and checked by {@code regress check}. Then the gate's consequence: against a seeded history (imported with
 * {@code --seed} from JSON lines) in which the same benchmark was a hundred times faster, the run is a regression and
 * the harness exits 1; with {@code --gate warn} it reports it and exits 0.
 */
class RunBenchJmhTest {
    private static final Path JAR = Path.of("../service/target/shadowcat.jar");
    private static final Path BENCHMARKS = Path.of("../benchmarks");
    private static final String BENCHMARK = "SessionTokenBenchmark.resolve";
    private static final String METRIC = "jmh.SessionTokenBenchmark.resolve.sample";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void jmhResultsAreImportedIntoTheHistoryAndAFarSlowerRunFailsTheGate() throws IOException, InterruptedException {
        assertThat(BENCHMARKS.resolve("target/classpath.txt")).as("the benchmarks, packaged before this module")
                .isRegularFile();
        Path db = work.resolve("history.db");
        Run first = runBench(work.resolve("first"), "--db", db.toString());

        assertThat(first.exit).as(first.console).isZero();
        assertThat(first.console).contains("== JMH " + BENCHMARK + " (smoke)")
                .contains("regress record jmh-smoke: recorded run").contains("(1 metrics, commit abc1234, branch main")
                .contains("regress check jmh-smoke against main: cannot decide: not enough history");
        Path json = work.resolve("first/jmh/jmh.json");
        JsonNode jmh = MAPPER.readTree(json.toFile());
        assertThat(jmh.get(0).path("mode").asText()).isEqualTo("sample");
        double measured = jmh.get(0).path("primaryMetric").path("score").asDouble();
        assertThat(measured).isPositive();
        assertThat(work.resolve("first/summary.txt")).content().contains(BENCHMARK).contains("ns/op")
                .contains("JMH recorded as jmh-smoke");
        String exported = service("regress", "export", "--db", db.toString());
        assertThat(exported).contains("\"suite\":\"jmh-smoke\"").contains(METRIC);

        // Five earlier runs of main, each about a hundredth of what this machine just measured.
        Path fast = work.resolve("fast.db");
        for (int i = 0; i < 5; i++) {
            Path file = work.resolve("fast-" + i + ".json");
            ArrayNode copy = (ArrayNode) MAPPER.readTree(json.toFile());
            ObjectNode primary = (ObjectNode) copy.get(0).path("primaryMetric");
            primary.put("score", measured / 100 * (1 + 0.01 * i));
            MAPPER.writeValue(file.toFile(), copy);
            service("regress", "record", file.toString(), "--suite", "jmh-smoke", "--branch", "main", "--commit",
                    "fast" + i, "--db", fast.toString());
        }
        Path seed = work.resolve("fast.jsonl");
        service("regress", "export", "--out", seed.toString(), "--db", fast.toString());

        Run gated = runBench(work.resolve("gated"), "--db", work.resolve("gated.db").toString(), "--seed",
                seed.toString());
        assertThat(gated.exit).as(gated.console).isEqualTo(1);
        assertThat(gated.console).contains("imported 5 new runs").contains("regress check jmh-smoke against main: "
                + "REGRESSION");
        assertThat(work.resolve("gated/summary.txt")).content().contains("JMH gate: REGRESSION");

        Run warned = runBench(work.resolve("warned"), "--db", work.resolve("warned.db").toString(), "--seed",
                seed.toString(), "--gate", "warn");
        assertThat(warned.exit).as(warned.console).isZero();
        assertThat(warned.console).contains("REGRESSION");
    }

    private record Run(int exit, String console) {
    }

    private static Run runBench(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--smoke", "--jmh", BENCHMARK, "--jar", JAR.toString(),
                "--benchmarks", BENCHMARKS.toString(), "--out", out.toString(), "--commit", "abc1234", "--branch",
                "main"));
        args.addAll(List.of(more));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int exit = RunBench.run(args.toArray(String[]::new), new PrintStream(said, true, StandardCharsets.UTF_8));
        return new Run(exit, said.toString(StandardCharsets.UTF_8));
    }

    /** A command of the service jar; its output, after asserting that it succeeded. */
    private String service(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        Path log = Files.createTempFile(work, "service", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
