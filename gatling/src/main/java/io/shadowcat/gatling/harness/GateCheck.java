package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code regress check} of one result against the history, with settings calibrated not to cry wolf on a shared,
 * noisy 2-core machine. The check judges the run's <em>gated view</em>: the result without the metrics that measure
 * the machine rather than Shadowcat — the direct and nginx paths, except the direct path's tools/call p50 and p99 and
 * request rate, which stay as same-run yardsticks — without the session handshake ({@code initialize},
 * {@code initialized}, {@code tools/list}, {@code DELETE}: a handful of exchanges per run, one in EndToEndLatency, so
 * their figures are one exchange's luck) and without means (on a shared machine a mean is a few preempted exchanges).
 * The whole result is what gets recorded; the view is checked before it is, so a run is never its own baseline.
 *
 * <p>Settings: a yardstick (the direct path's figures, and the share of CPU other processes took) that moved by 10%
 * marks the run as disturbed (then regressions are "cannot decide", not an alarm; a run without any passes), and on a
 * machine without history of its own the proxied figures divided by the yardsticks are judged against every
 * machine's history. Everything swings by a factor of 1.5 to 2 between runs on this project's machine (load average
 * 10–16 from other builds), so a figure must move by at least 50% to count — client latencies also by 200 µs, the
 * proxy's stage timings from the flight recording by 10 µs — and a ratio to the direct path or to nginx, where the
 * noise of both paths adds up, must double. JMH scores 25%. Holm at 1% across the run's metrics (the default).
 * Measured on the eight CI baselines committed on 2026-11-27 (Jetty's connector), each checked against the other
 * seven: no false alarm in 8 checks, and a policy stage made 3× slower was caught in 6 of 8. A whole build on Jetty's
 * connector checked against the baselines of the Netty data plane (p50 of sequential calls +39%, the proxy's p50
 * overhead +56%) passed: the gate flags a change that slows this suite by well over half, not by a third.
 *
 * <p>Stateless; runs the service jar's {@code regress} command in its own JVM.
 */
final class GateCheck {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> YARDSTICKS = Set.of("gatling.direct.tools_call.p50",
            "gatling.direct.tools_call.p99", "gatling.direct.global.rps",
            // The share of CPU other processes took during the run, from the proxy's recording.
            "profile.machine.others_cpu.mean");
    private static final Pattern HANDSHAKE = Pattern.compile(".*\\.(initialize|initialized|tools_list|delete)\\..*");

    /** The settings above, as {@code regress check} options; the README repeats them for a by-hand check. */
    static final List<String> SETTINGS = List.of(
            "--reference", "gatling.tools_call.p50=gatling.direct.tools_call.p50",
            "--reference", "gatling.tools_call.p99=gatling.direct.tools_call.p99",
            "--reference", "gatling.global.rps=gatling.direct.global.rps",
            "--min-effect", "gatling.direct.*=10%",
            "--min-effect", "profile.machine.*=10%",
            "--min-effect", "gatling.ratio*=100%",
            "--min-effect", "profile.stage.*=50%",
            "--min-effect", "profile.stage.*=10us",
            "--min-effect", "gatling.*=50%",
            "--min-effect", "gatling.*=200us",
            "--min-effect", "jmh.*=25%");

    /** Whether the gate judges a metric of a Gatling result (see the class comment). */
    static boolean judged(String metric) {
        if (YARDSTICKS.contains(metric)) {
            return true;
        }
        return !metric.startsWith("gatling.direct.") && !metric.startsWith("gatling.nginx.")
                && !metric.endsWith(".mean") && !HANDSHAKE.matcher(metric).matches();
    }

    /** Writes the gated view of a {@code shadowcat.result/v1} file to {@code view}. */
    static Path view(Path result, Path view) throws IOException {
        ObjectNode document = (ObjectNode) MAPPER.readTree(result.toFile());
        ArrayNode kept = MAPPER.createArrayNode();
        for (JsonNode metric : document.path("metrics")) {
            if (judged(metric.path("name").asText())) {
                kept.add(metric);
            }
        }
        document.set("metrics", kept);
        Files.writeString(view, MAPPER.writeValueAsString(document) + "\n");
        return view;
    }

    /** What the gate said. */
    enum Outcome {
        PASS("no regression"), REGRESSION("REGRESSION"), UNDECIDED("cannot decide"), FAILED("did not run");

        final String words;

        Outcome(String words) {
            this.words = words;
        }
    }

    /** The verdict of one check: its outcome, the gate's one-line message and the full report's file. */
    record Verdict(Outcome outcome, String message, Path report) {
        String line() {
            return outcome.words + ": " + message;
        }

        /**
         * Whether another run of the suite could change the answer: an alarm, or "cannot decide" because the
         * machine was disturbed (not for want of history, which another run does not add).
         */
        boolean worthASecondRun() {
            return outcome == Outcome.REGRESSION || disturbed();
        }

        /** "Cannot decide" because a yardstick showed a disturbed machine. */
        boolean disturbed() {
            // The service's Checker.DISTURBED: how regress check words an undecided verdict on a disturbed run.
            return outcome == Outcome.UNDECIDED && message.startsWith("the machine was disturbed");
        }
    }

    /** The most runs a CI job makes (the service's {@code Evaluation.MAX_RUNS}). */
    static final int MAX_RUNS = 3;

    /**
     * The verdict of a job so far ({@code previous}) after one more run of its suite ({@code next}). A disturbed run
     * decides nothing (the job runs again while its last run was disturbed, up to {@link #MAX_RUNS} runs); an alarm
     * on the first run stands unless the next decided run passes; a disturbed run takes the next decided run's
     * verdict. {@code regress evaluate --rerun} measures the gate with the same rule.
     */
    static Verdict job(Verdict previous, Verdict next) {
        boolean standing = next.disturbed() || previous.outcome() == Outcome.REGRESSION && next.outcome() != Outcome.PASS;
        return standing ? previous : next;
    }

    private GateCheck() {
    }

    /**
     * Checks {@code result} (not yet recorded, or recorded under another key: a run must not be its own baseline) as
     * a run of {@code suite} against the history of {@code against}; writes the text report to {@code report}.
     */
    static Verdict check(Path jar, Path result, String suite, String against, String db, Path report)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-jar", jar.toString(), "regress", "check",
                result.toString(), "--suite", suite, "--against", against, "--format", "text", "--out",
                report.toString()));
        command.addAll(SETTINGS);
        if (db != null) {
            command.addAll(List.of("--db", db));
        }
        Path log = report.resolveSibling(report.getFileName() + ".log");
        Process process = Children.start(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return new Verdict(Outcome.FAILED, "regress check did not finish within 2 min", report);
        }
        String said = Files.readString(log).trim();
        // The verdict's message, without the outcome it starts with (Verdict.line() puts that in front).
        String message = said.lines().reduce((a, b) -> b).orElse("")
                .replaceFirst("^regress: ", "").replaceFirst("^(PASS|REGRESSION|cannot decide): ", "");
        return switch (process.exitValue()) {
            case 0 -> new Verdict(Outcome.PASS, message, report);
            case 1 -> new Verdict(Outcome.REGRESSION, message, report);
            case 2 -> new Verdict(Outcome.UNDECIDED, message, report);
            default -> new Verdict(Outcome.FAILED, "regress check exited " + process.exitValue() + ": " + message,
                    report);
        };
    }
}
