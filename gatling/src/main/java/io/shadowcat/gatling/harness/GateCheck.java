package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code regress check} of one recorded result against the history, with the settings that keep the gate quiet on a
 * shared, noisy 2-core machine: the client's end-to-end figures of the Gatling suites swing by a quarter from run to
 * run there (other builds take the cores), so they must move by at least 25% (and 100 µs) to count; the proxy's own
 * stage timings from the flight recording are steadier and carry the sensitivity (20%, and 5 µs); the direct and
 * nginx paths measure the machine, not Shadowcat, so they are never judged (a 900% minimum effect) — the direct
 * path's p50, p99 and request rate are same-run yardsticks instead (a run where one of them moved by 10% was
 * disturbed: "cannot decide", not an alarm; on a
 * machine without history, the proxied figures divided by them are judged against every machine's history). Holm
 * at 1% across the run's metrics, as the gate does by default.
 *
 * <p>Stateless; runs the service jar's {@code regress} command in its own JVM.
 */
final class GateCheck {
    /** The settings above, as {@code regress check} options; the README repeats them for a by-hand check. */
    static final List<String> SETTINGS = List.of(
            "--reference", "gatling.tools_call.p50=gatling.direct.tools_call.p50",
            "--reference", "gatling.tools_call.p99=gatling.direct.tools_call.p99",
            "--reference", "gatling.global.rps=gatling.direct.global.rps",
            "--min-effect", "gatling.direct.tools_call.p50=10%",
            "--min-effect", "gatling.direct.tools_call.p99=10%",
            "--min-effect", "gatling.direct.global.rps=10%",
            "--min-effect", "gatling.direct.*=900%",
            "--min-effect", "gatling.nginx.*=900%",
            "--min-effect", "profile.stage.*=20%",
            "--min-effect", "profile.stage.*=5us",
            "--min-effect", "gatling.*=25%",
            "--min-effect", "gatling.*=100us",
            "--min-effect", "jmh.*=25%");

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
    }

    private GateCheck() {
    }

    /**
     * Checks {@code result} (already recorded, so never its own baseline) as a run of {@code suite} against the
     * history of {@code against}; writes the text report to {@code report}.
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
        Process process = Children.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return new Verdict(Outcome.FAILED, "regress check did not finish within 2 min", report);
        }
        String said = Files.readString(log).trim();
        String message = said.lines().reduce((a, b) -> b).orElse("").replaceFirst("^regress: ", "");
        return switch (process.exitValue()) {
            case 0 -> new Verdict(Outcome.PASS, message, report);
            case 1 -> new Verdict(Outcome.REGRESSION, message, report);
            case 2 -> new Verdict(Outcome.UNDECIDED, message, report);
            default -> new Verdict(Outcome.FAILED, "regress check exited " + process.exitValue() + ": " + message,
                    report);
        };
    }
}
