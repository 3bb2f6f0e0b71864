package io.shadowcat.gatling.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The suites the harness runs, in the order it runs them, with their parameters at each size: {@code smoke} (seconds,
 * for the build's own test), {@code quick} (all of them in about five minutes, for CI) and {@code full} (the sizes of
 * the user's targets: 10,000 calls, 1,000 clients, 10,000 sessions, a 30-minute soak). Immutable.
 */
enum Suite {
    END_TO_END_LATENCY("EndToEndLatency", 1,
            Map.of("calls", "50", "warmup", "20"),
            Map.of("calls", "2000", "warmup", "500"),
            Map.of("calls", "10000", "warmup", "2000")),
    CONCURRENT_CONNECTIONS("ConcurrentConnections", 1,
            Map.of("clients", "20", "callsPerClient", "3", "ramp", "1s", "settle", "1s", "warmup", "20"),
            Map.of("clients", "200", "callsPerClient", "10", "ramp", "3s", "warmup", "200"),
            Map.of("clients", "1000", "callsPerClient", "10", "ramp", "10s", "warmup", "1000")),
    THROUGHPUT("Throughput", 1,
            Map.of("sessions", "5", "rateStart", "20", "rateStep", "20", "levels", "2", "levelDuration", "2s",
                    "warmup", "20"),
            Map.of("sessions", "20", "rateStart", "300", "rateStep", "300", "levels", "3", "levelDuration", "4s",
                    "warmup", "500"),
            Map.of("sessions", "50", "rateStart", "400", "rateStep", "400", "levels", "10", "levelDuration", "10s",
                    "warmup", "2000")),
    SESSION_MEMORY("SessionMemory", 1,
            Map.of("sessions", "100", "idleConnections", "20", "ramp", "1s", "settle", "1s", "warmup", "20"),
            Map.of("sessions", "1200", "idleConnections", "500", "ramp", "6s", "warmup", "200"),
            Map.of("sessions", "10000", "idleConnections", "1000", "ramp", "40s", "warmup", "1000")),
    SOAK("Soak", 1,
            Map.of("rate", "20", "sessions", "5", "duration", "4s", "directDuration", "2s", "windows", "2", "warmup", "20"),
            Map.of("rate", "100", "sessions", "10", "duration", "20s", "directDuration", "5s", "warmup", "500"),
            Map.of("rate", "200", "sessions", "20", "duration", "30m", "directDuration", "1m", "warmup", "2000")),
    STRESS("Stress", 1,
            Map.of("normalRate", "20", "saturationRate", "30", "before", "2s", "stressDuration", "2s", "recovery", "2s",
                    "sessions", "5", "warmup", "20"),
            Map.of("normalRate", "100", "before", "8s", "stressDuration", "8s", "recovery", "8s", "sessions", "20",
                    "warmup", "500"),
            Map.of("normalRate", "100", "before", "20s", "stressDuration", "20s", "recovery", "20s", "sessions", "50",
                    "warmup", "2000")),
    FAILING_UPSTREAM("FailingUpstream", 3,
            Map.of("clients", "6", "duration", "4s", "killAfter", "2s", "warmup", "20"),
            Map.of("clients", "15", "duration", "8s", "killAfter", "4s", "warmup", "200"),
            Map.of("clients", "30", "duration", "20s", "killAfter", "10s", "warmup", "1000"));

    private final String simulation;
    private final int upstreams;
    private final Map<String, Map<String, String>> sizes;

    Suite(String simulation, int upstreams, Map<String, String> smoke, Map<String, String> quick,
            Map<String, String> full) {
        this.simulation = simulation;
        this.upstreams = upstreams;
        Map<String, Map<String, String>> bySize = new LinkedHashMap<>();
        bySize.put("smoke", smoke);
        bySize.put("quick", quick);
        bySize.put("full", full);
        this.sizes = Map.copyOf(bySize);
    }

    /** The simulation's class name, which is also how the suite is named on the command line. */
    String simulation() {
        return simulation;
    }

    String simulationClass() {
        return "io.shadowcat.gatling.simulations." + simulation;
    }

    /**
     * Whether the suite runs every path alike, so that nginx in front of the same upstream is a third path worth
     * comparing (the suites that measure the proxy's heap, a killed upstream or a phase only the proxy runs are not).
     */
    boolean comparesNginx() {
        return this == END_TO_END_LATENCY || this == CONCURRENT_CONNECTIONS || this == THROUGHPUT;
    }

    /** How many demo upstreams it needs behind the proxy. */
    int upstreams() {
        return upstreams;
    }

    /** The suite's name in the regression history: {@code gatling-<name>}, with the size unless full. */
    String historyName(String size) {
        String kebab = simulation.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        return "gatling-" + kebab + ("full".equals(size) ? "" : "-" + size);
    }

    Map<String, String> parameters(String size) {
        Map<String, String> parameters = sizes.get(size);
        if (parameters == null) {
            throw new IllegalArgumentException("unknown size '" + size + "' (smoke, quick or full)");
        }
        return parameters;
    }

    static Optional<Suite> named(String name) {
        return Arrays.stream(values()).filter(s -> s.simulation.equalsIgnoreCase(name)
                || s.historyName("full").equalsIgnoreCase(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Suite::simulation).toList();
    }
}
