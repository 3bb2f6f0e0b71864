package io.shadowcat.gatling.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end on the smallest EndToEndLatency: a real demo upstream, a real proxy with auth on and, where
 * nginx is installed, nginx in front of the same upstream; Gatling in its own JVM over every path, the result file
 * checked field by field, the proxy's profile joined to it, recorded by the service's own {@code regress record}
 * into a fresh history and checked by {@code regress check} (too little history: undecided, which does not fail),
 * and every process stopped afterwards. Figures are not judged here (floors are reported only): performance belongs
 * to the benchmarks, not to a timed test.
 */
class RunBenchSmokeTest {
    private static final Path JAR = Path.of("../service/target/shadowcat.jar");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void smokeEndToEndLatencyIsMeasuredOnBothPathsWrittenAndRecorded() throws IOException {
        assertThat(JAR).as("the service jar, packaged before this module").isRegularFile();
        Path out = work.resolve("bench");
        Path db = work.resolve("history.db");
        ByteArrayOutputStream said = new ByteArrayOutputStream();

        int exit = RunBench.run(new String[] {"--smoke", "--suite", "EndToEndLatency", "--floors", "warn",
            "--jar", JAR.toString(), "--out", out.toString(), "--db", db.toString(), "--commit", "abc1234",
            "--branch", "smoke", "--classpath", classpath()}, new PrintStream(said, true, StandardCharsets.UTF_8));

        String console = said.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();
        assertThat(console).contains("recorded run").contains("gatling-end-to-end-latency-smoke");
        assertThat(console).contains("regress check gatling-end-to-end-latency-smoke against main: cannot decide: "
                + "not enough history");
        assertThat(db).isRegularFile();
        assertThat(out.resolve("summary.txt")).content().contains("EndToEndLatency").contains("Shadowcat")
                .contains("proxy stages: ").contains("gate: cannot decide");
        assertThat(out.resolve("EndToEndLatency/gate.txt")).content().contains("not enough history");

        JsonNode result = MAPPER.readTree(out.resolve("EndToEndLatency/result.json").toFile());
        assertThat(result.path("format").asText()).isEqualTo("shadowcat.result/v1");
        assertThat(result.path("suite").asText()).isEqualTo("gatling-end-to-end-latency-smoke");
        assertThat(result.path("source").asText()).isEqualTo("gatling");
        assertThat(result.path("commit").asText()).isEqualTo("abc1234");
        assertThat(result.path("branch").asText()).isEqualTo("smoke");
        assertThat(result.path("environment").path("cores").asInt()).isPositive();
        assertThat(result.path("environment").path("configHash").asText()).startsWith("sha256:");
        // 50 tool calls (every 10th the SSE progress tool) plus initialize, initialized, tools/list and DELETE.
        assertThat(result.path("tags").path("proxy.requests").asText()).isEqualTo("54");
        assertThat(result.path("tags").path("proxy.outcome.ok").asText()).isEqualTo("54");
        assertThat(result.path("tags").path("direct.outcome.ok").asText()).isEqualTo("54");
        assertThat(result.path("tags").path("floors").asText()).matches("met|missed: .*");

        JsonNode p50 = metric(result, "gatling.tools_call.p50");
        assertThat(p50.path("unit").asText()).isEqualTo("us");
        assertThat(p50.path("better").asText()).isEqualTo("lower");
        assertThat(p50.path("value").asDouble()).isPositive();
        assertThat(p50.path("histogram").asText()).isNotEmpty();
        assertThat(metric(result, "gatling.tools_call.p99").path("value").asDouble())
                .isGreaterThanOrEqualTo(p50.path("value").asDouble());
        assertThat(metric(result, "gatling.tools_call_sse.p50").path("value").asDouble()).isPositive();
        assertThat(metric(result, "gatling.direct.tools_call.p50").path("value").asDouble()).isPositive();
        assertThat(metric(result, "gatling.ratio.tools_call.p50").path("value").asDouble()).isPositive();
        assertThat(metric(result, "gatling.ratio.global.rps").path("better").asText()).isEqualTo("higher");
        assertThat(metric(result, "gatling.global.success_pct").path("value").asDouble()).isEqualTo(100.0);

        // The proxy's own profile of the measured calls (the warm-up left out) joined to the same run.
        assertThat(result.path("tags").path("profile.exchanges").asText()).isEqualTo("54");
        JsonNode total = metric(result, "profile.stage.total.p50");
        assertThat(total.path("unit").asText()).isEqualTo("ns");
        assertThat(total.path("histogram").asText()).isNotEmpty();
        assertThat(metric(result, "profile.stage.auth.p99").path("value").asDouble()).isPositive();
        assertThat(out.resolve("EndToEndLatency/profile.txt")).content().contains("Stages").contains("overhead");

        if (Nginx.executable().isPresent()) {
            assertThat(result.path("tags").path("nginx.outcome.ok").asText()).isEqualTo("54");
            assertThat(metric(result, "gatling.nginx.tools_call.p50").path("value").asDouble()).isPositive();
            assertThat(metric(result, "gatling.nginx.global.rps").path("value").asDouble()).isPositive();
            assertThat(metric(result, "gatling.ratio_nginx.tools_call.p50").path("better").asText()).isEqualTo("lower");
            assertThat(metric(result, "gatling.ratio_nginx.global.rps").path("value").asDouble()).isPositive();
            assertThat(metric(result, "gatling.nginx.overhead.tools_call.p50").path("unit").asText()).isEqualTo("us");
            assertThat(out.resolve("summary.txt")).content().contains("nginx").contains("Shadowcat / nginx");
            assertThat(out.resolve("EndToEndLatency/nginx/nginx.conf")).content().contains("listen 127.0.0.1:")
                    .contains("proxy_buffering off").contains("keepalive");
        } else {
            assertThat(console).contains("nginx is not on PATH");
            assertThat(result.path("tags").has("nginx.requests")).isFalse();
        }

        List<String> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.toString())).map(p -> p.info().commandLine()
                        .orElse("")).collect(Collectors.toList());
        assertThat(leftovers).as("processes of the stack still running").isEmpty();
    }

    @Test
    void anAlarmIsRunOnceMoreAndStandsWhenTheSecondRunAlarmsToo() throws Exception {
        // A history of this machine and setup in which the proxy was ten times faster than it is: every run of it
        // now is a regression. The history is made from a real run (its environment, suite and metrics), with the
        // proxy's figures scaled down and the same-run yardsticks (the direct path, the machine) scaled up.
        Path first = work.resolve("first");
        String said = smoke(first, "--no-record");
        JsonNode measured = MAPPER.readTree(first.resolve("EndToEndLatency/result.json").toFile());
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode run = measured.deepCopy();
            run.put("branch", "main").put("commit", "fast" + i)
                    .put("time", Instant.parse(measured.path("time").asText()).minusSeconds(600L * (i + 1)).toString());
            for (JsonNode metric : run.withArray("metrics")) {
                ObjectNode m = (ObjectNode) metric;
                m.remove(List.of("histogram", "samples"));
                String name = m.path("name").asText();
                double wobble = 1 + 0.02 * StrictMath.sin(i * 2.3);
                boolean yardstick = name.startsWith("gatling.direct.") || name.startsWith("gatling.nginx.")
                        || name.contains(".machine.");
                boolean lower = m.path("better").asText().equals("lower");
                // The proxy ten times faster, and the yardsticks ten times worse than now, so that however busy
                // the machine is during the test, the runs are never judged disturbed.
                double faster = yardstick ? 10 : 0.1;
                double scale = lower ? faster : 1 / faster;
                m.put("value", m.path("value").asDouble() * scale * wobble);
            }
            ObjectNode line = MAPPER.createObjectNode().put("type", "run");
            line.setAll(run);
            history.add(MAPPER.writeValueAsString(line));
        }
        Path seed = work.resolve("fast-history.jsonl");
        Files.write(seed, history);

        Path out = work.resolve("gated");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int exit = RunBench.run(new String[] {"--smoke", "--suite", "EndToEndLatency", "--floors", "warn", "--rerun",
            "--no-profile", "--nginx", "off", "--jar", JAR.toString(), "--out", out.toString(), "--db", work.resolve("gated.db").toString(),
            "--seed", seed.toString(), "--commit", "slow1", "--branch", "topic", "--classpath", classpath()},
                new PrintStream(console, true, StandardCharsets.UTF_8));

        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(said + text).isEqualTo(1);
        assertThat(text).contains("regress check gatling-end-to-end-latency-smoke against main: REGRESSION")
                .contains("gatling-end-to-end-latency-smoke: REGRESSION after 1 run(s); running it once more")
                .contains("gatling-end-to-end-latency-smoke after 2 runs: REGRESSION: ")
                .contains("(runs: REGRESSION, REGRESSION)");
        assertThat(out.resolve("EndToEndLatency/result.json")).isRegularFile();
        assertThat(out.resolve("EndToEndLatency-2/result.json")).isRegularFile();
        assertThat(out.resolve("EndToEndLatency-3")).as("an alarm is confirmed by one more run, not two").doesNotExist();
        assertThat(out.resolve("summary.txt")).content().contains("gate: REGRESSION");
        // Only the second run is recorded: the first is never a baseline of the second.
        assertThat(text.lines().filter(l -> l.contains("regress record gatling-end-to-end-latency-smoke")).count())
                .isEqualTo(1);
        Path export = work.resolve("gated.jsonl");
        Process exported = new ProcessBuilder(Stack.java(), "-jar", JAR.toString(), "regress", "export", "--db",
                work.resolve("gated.db").toString(), "--out", export.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("export.log").toFile()).start();
        assertThat(exported.waitFor()).isZero();
        List<String> runs = Files.readAllLines(export).stream().filter(l -> l.contains("\"type\":\"run\"")).toList();
        assertThat(runs).hasSize(history.size() + 1);
        assertThat(runs).filteredOn(l -> l.contains("\"commit\":\"slow1\"")).hasSize(1);
    }

    /** A smoke run of EndToEndLatency into {@code out} (no profile, no nginx); its console. */
    private String smoke(Path out, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--smoke", "--suite", "EndToEndLatency", "--floors", "warn",
                "--no-profile", "--nginx", "off", "--jar", JAR.toString(), "--out", out.toString(), "--classpath",
                classpath()));
        args.addAll(List.of(more));
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        int exit = RunBench.run(args.toArray(String[]::new), new PrintStream(said, true, StandardCharsets.UTF_8));
        String console = said.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();
        return console;
    }

    private static JsonNode metric(JsonNode result, String name) {
        for (JsonNode metric : result.path("metrics")) {
            if (metric.path("name").asText().equals(name)) {
                return metric;
            }
        }
        throw new AssertionError("no metric " + name + " in " + result);
    }

    /** This module's runtime classpath, as Gatling's JVM needs it (the build writes it to target/classpath.txt). */
    private static String classpath() throws IOException {
        List<String> entries = new ArrayList<>();
        entries.add(Path.of("target/classes").toAbsolutePath().toString());
        entries.add(Files.readString(Path.of("target/classpath.txt")).trim());
        return String.join(java.io.File.pathSeparator, entries);
    }
}
