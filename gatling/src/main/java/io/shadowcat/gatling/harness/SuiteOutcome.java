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
 * What one suite run left: Gatling's exit code, the result file (if written) and its floors verdict, and whether
 * it was recorded in the history; renders the side-by-side table. Not thread-safe.
 */
final class SuiteOutcome {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Suite suite;
    private final int gatlingExit;
    private final Path result;
    private final JsonNode document;
    private final String problem;
    private boolean recorded;

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

    /** One line per suite: proxied and direct tools/call latency side by side, ratios, the suite's own figure. */
    static String table(List<SuiteOutcome> outcomes, String size) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%-22s %9s %9s %9s %9s %8s %8s %9s  %s%n", "suite (" + size + ")", "proxy p50", "proxy p99",
                "direct p50", "direct p99", "p50 x", "rps x", "overhead", "floors / suite figure"));
        for (SuiteOutcome o : outcomes) {
            if (o.document == null) {
                table.append(String.format(Locale.ROOT, "%-22s %s%n", o.suite.simulation(), o.problem));
                continue;
            }
            table.append(String.format(Locale.ROOT, "%-22s %9s %9s %9s %9s %8s %8s %9s  %s%s%n", o.suite.simulation(),
                    us(o.metric("gatling.tools_call.p50")), us(o.metric("gatling.tools_call.p99")),
                    us(o.metric("gatling.direct.tools_call.p50")), us(o.metric("gatling.direct.tools_call.p99")),
                    ratio(o.metric("gatling.ratio.tools_call.p50")), ratio(o.metric("gatling.ratio.global.rps")),
                    us(o.metric("gatling.overhead.tools_call.p50")),
                    o.gatlingExit == 0 ? "" : "Gatling exit " + o.gatlingExit + "; ", o.floors() + o.figure()));
        }
        table.append("latencies in microseconds, client side (HdrHistogram); x = proxied / direct in the same run");
        return table.toString();
    }

    private String figure() {
        return switch (suite) {
            case THROUGHPUT -> " | held within p99 bound " + number(metric("gatling.throughput.max_rps"))
                    + " req/s (direct " + number(metric("gatling.direct.throughput.max_rps")) + "), carried "
                    + number(metric("gatling.throughput.max_achieved_rps")) + " (direct "
                    + number(metric("gatling.direct.throughput.max_achieved_rps")) + ")";
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
