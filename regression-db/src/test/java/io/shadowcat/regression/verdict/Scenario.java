package io.shadowcat.regression.verdict;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds candidate and history runs of one suite with named metric values. */
public final class Scenario {
    public static final Environment MACHINE = new Environment("Test CPU", 2, "Temurin 17", "Linux", "cfg");
    public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** Small deterministic wobble, about +-1%, for run {@code i}. */
    public static double wobble(int i) {
        return 1 + 0.01 * StrictMath.sin(i * 2.3);
    }

    public static Result run(int index, Map<String, Double> values) {
        List<Metric> metrics = new ArrayList<>();
        values.forEach((name, value) -> metrics.add(Metric.of(name, unit(name),
                name.endsWith("rps") ? Direction.HIGHER : Direction.LOWER, value)));
        return new Result("smoke", "profile", MACHINE, "c" + index, "main", T0.plusSeconds(3600L * index), Map.of(),
                metrics);
    }

    public static Result withTrials(int index, String name, double... trials) {
        double median = Robust.median(trials);
        List<Double> samples = new ArrayList<>();
        for (double trial : trials) {
            samples.add(trial);
        }
        return new Result("smoke", "profile", MACHINE, "c" + index, "main", T0.plusSeconds(3600L * index), Map.of(),
                List.of(new Metric(name, "us", Direction.LOWER, median, samples, Optional.empty())));
    }

    /** The proxy's stage p99s: total 800 us, policy 40, auth 40, upstream 600. */
    public static Map<String, Double> stages(double scale, double policy) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("profile.stage.total.p99", (760 + policy) * scale);
        values.put("profile.stage.auth.p99", 40 * scale);
        values.put("profile.stage.policy.p99", policy * scale);
        values.put("profile.stage.upstream.p99", 600 * scale);
        values.put("gatling.global.rps", 20_000 / scale);
        return values;
    }

    public static List<Result> history(int runs) {
        List<Result> history = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            history.add(run(i, stages(wobble(i), 40)));
        }
        return history;
    }

    private static String unit(String name) {
        return name.endsWith("rps") ? "req/s" : "us";
    }

    private Scenario() {
    }
}
