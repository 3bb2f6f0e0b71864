package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one suite run left: Gatling's exit code, the result file (if written) and its floors verdict, the proxy's
 * top stages from its profile, whether it was recorded in the history and what the gate said; renders the
 * side-by-side table (direct, nginx, Shadowcat). Not thread-safe.
 */
final class SuiteOutcome {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Suite suite;
    private final int gatlingExit;
    private final Path result;
    private final JsonNode document;
    private final String problem;
    private boolean recorded;
    private String profile;
    private Path recording;
    private GateCheck.Verdict verdict;

    private SuiteOutcome(Suite suite, int gatlingExit, Path result, JsonNode document, String problem) {
        this.suite = suite;
        this.gatlingExit = gatlingExit;
        this.result = result;
        this.document = document;
        this.problem = problem;
    }

    /** A suite that could not be run at all. */
    static SuiteOutcome failed(Suite suite, String problem) {
        return new SuiteOutcome(suite, -1, null, null, problem);
    }

    /** Reads the result a suite wrote; a missing or unreadable one makes an outcome that did not run. */
    static SuiteOutcome read(Suite suite, int gatlingExit, Path result, Path log) {
        if (!Files.isRegularFile(result)) {
            return new SuiteOutcome(suite, gatlingExit, result, null,
                    "no result (Gatling exit " + gatlingExit + "; see " + log + ")");
        }
        try {
            return new SuiteOutcome(suite, gatlingExit, result, MAPPER.readTree(result.toFile()), null);
        } catch (IOException e) {
            return new SuiteOutcome(suite, gatlingExit, result, null, "unreadable result " + result + ": " + e.getMessage());
        }
    }

    Suite suite() {
        return suite;
    }

    Path result() {
        return result;
    }

    /** The suite's name in the history, as the result file gives it. */
    String historyName() {
        return document.path("suite").asText();
    }

    /** Ran to the end and wrote a result; Gatling's exit 2 means only that its assertions failed. */
    boolean ran() {
        return document != null && (gatlingExit == 0 || gatlingExit == 2);
    }

    boolean floorsMet() {
        return ran() && gatlingExit == 0 && floors().equals("met");
    }

    String floors() {
        return document == null ? "-" : document.path("tags").path("floors").asText("-");
    }

    void recorded(boolean recorded) {
        this.recorded = recorded;
    }

    boolean recorded() {
        return recorded;
    }

    /** The proxy's flight recording of this run, to be profiled (see {@link #recording()}). */
    void recording(Path recording) {
        this.recording = recording;
    }

    /** The proxy's flight recording of this run, when it was dumped and the run wrote a result. */
    Optional<Path> recording() {
        return ran() ? Optional.ofNullable(recording) : Optional.empty();
    }

    void profiled(String topStages) {
        this.profile = topStages;
    }

    /** The proxy's top stages, one line, or null when it was not profiled. */
    String profile() {
        return profile;
    }

    void verdict(GateCheck.Verdict verdict) {
        this.verdict = verdict;
    }

    /** What the gate said, or null when it did not check this run. */
    GateCheck.Verdict verdict() {
        return verdict;
    }

    /** Whether the gate found a regression. */
    boolean regressed() {
        return verdict != null && verdict.outcome() == GateCheck.Outcome.REGRESSION;
    }

    Optional<String> tag(String name) {
        return document == null || !document.path("tags").has(name) ? Optional.empty()
                : Optional.of(document.path("tags").path(name).asText());
    }

    /**
     * The proxy's saturation rate from a Throughput result: the highest rate held within the latency bound, or, when
     * none was, the highest carried at all.
     */
    Optional<Double> saturation() {
        return metric("gatling.throughput.max_rps").filter(rps -> rps > 0)
                .or(() -> metric("gatling.throughput.max_achieved_rps").filter(rps -> rps > 0));
    }

    Optional<Double> metric(String name) {
        if (document == null) {
            return Optional.empty();
        }
        for (JsonNode metric : document.path("metrics")) {
            if (metric.path("name").asText().equals(name)) {
                return Optional.of(metric.path("value").asDouble());
            }
        }
        return Optional.empty();
    }

    /**
     * Per suite, one row per path — direct, nginx (when it ran), Shadowcat — with requests/s, tools/call p50 and p99
     * and the overhead over the direct path at p50 and p99; then Shadowcat ÷ nginx, the floors and the suite's own
     * figure, the proxy's top stages and the gate's verdict.
     */
    static String table(List<SuiteOutcome> outcomes, String size) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-24s %-10s %9s %9s %9s %9s %9s%n",
                "suite (" + size + ")", "path", "req/s", "p50", "p99", "+p50", "+p99"));
        for (SuiteOutcome o : outcomes) {
            if (o.document == null) {
                table.append(String.format(Locale.ROOT, "%-24s %s%n", o.suite.simulation(), o.problem));
                continue;
            }
            String name = o.suite.simulation();
            if (o.metric("gatling.direct.global.rps").isPresent()) {
                table.append(o.row(name, "direct", "gatling.direct.", null));
                name = "";
            }
            if (o.metric("gatling.nginx.global.rps").isPresent()) {
                table.append(o.row(name, "nginx", "gatling.nginx.", "gatling.nginx.overhead."));
                name = "";
            }
            table.append(o.row(name, "Shadowcat", "gatling.", "gatling.overhead."));
            if (o.metric("gatling.ratio_nginx.global.rps").isPresent()) {
                table.append(String.format(Locale.ROOT, "%-24s Shadowcat / nginx: req/s x%s, p50 x%s, p99 x%s%n", "",
                        ratio(o.metric("gatling.ratio_nginx.global.rps")),
                        ratio(o.metric("gatling.ratio_nginx.tools_call.p50")),
                        ratio(o.metric("gatling.ratio_nginx.tools_call.p99"))));
            }
            table.append(String.format(Locale.ROOT, "%-24s %s%s%n", "",
                    o.gatlingExit == 0 ? "" : "Gatling exit " + o.gatlingExit + "; ",
                    "floors " + o.floors() + o.figure()));
            if (o.profile != null) {
                table.append(String.format(Locale.ROOT, "%-24s proxy stages: %s%n", "", o.profile));
            }
            if (o.verdict != null) {
                table.append(String.format(Locale.ROOT, "%-24s gate: %s%n", "", o.verdict.line()));
            }
        }
        table.append("tools/call latencies in microseconds, client side (HdrHistogram); +p50/+p99 = over the direct "
                + "path in the same run; req/s = every request of the path over its duration");
        return table.toString();
    }

    private String row(String name, String path, String prefix, String overhead) {
        return String.format(Locale.ROOT, "%-24s %-10s %9s %9s %9s %9s %9s%n", name, path,
                number(metric(prefix + "global.rps")), us(metric(prefix + "tools_call.p50")),
                us(metric(prefix + "tools_call.p99")),
                overhead == null ? "-" : us(metric(overhead + "tools_call.p50")),
                overhead == null ? "-" : us(metric(overhead + "tools_call.p99")));
    }

    private String figure() {
        return switch (suite) {
            case THROUGHPUT -> " | held within p99 bound " + number(metric("gatling.throughput.max_rps"))
                    + " req/s (direct " + number(metric("gatling.direct.throughput.max_rps")) + ", nginx "
                    + number(metric("gatling.nginx.throughput.max_rps")) + "), carried "
                    + number(metric("gatling.throughput.max_achieved_rps")) + " (direct "
                    + number(metric("gatling.direct.throughput.max_achieved_rps")) + ", nginx "
                    + number(metric("gatling.nginx.throughput.max_achieved_rps")) + ")";
            case SESSION_MEMORY -> " | " + number(metric("gatling.memory.per_session")) + " B/session, "
                    + number(metric("gatling.memory.per_idle_connection")) + " B/idle connection";
            case SOAK -> " | p99 drift " + ratio(metric("gatling.soak.p99_drift")) + ", heap growth "
                    + number(metric("gatling.soak.heap_growth")) + " B";
            case STRESS -> " | shed " + number(metric("gatling.stress.shed_pct")) + "%, timeouts "
                    + number(metric("gatling.stress.timeouts")) + ", recovery p99 x"
                    + ratio(metric("gatling.stress.recovery_p99_ratio"));
            case FAILING_UPSTREAM -> " | live-session failures " + number(metric("gatling.failover.live_failures"))
                    + ", sessions on the killed upstream " + number(metric("gatling.failover.killed_sessions"));
            case CONCURRENT_CONNECTIONS -> " | " + number(metric("gatling.concurrent.sessions_held"))
                    + " clients held, " + number(metric("gatling.global.success_pct")) + "% ok";
            default -> " | " + number(metric("gatling.global.success_pct")) + "% ok";
        };
    }

    private static String us(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("-");
    }

    private static String ratio(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.2f", v)).orElse("-");
    }

    private static String number(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.0f", v)).orElse("-");
    }
}
