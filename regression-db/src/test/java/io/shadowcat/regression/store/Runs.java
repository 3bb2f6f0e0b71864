package io.shadowcat.regression.store;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small results for store and verdict tests. */
public final class Runs {
    public static final Environment MACHINE = new Environment("Test CPU", 2, "Temurin 17", "Linux amd64", "cfg1");
    public static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Runs() {
    }

    /** A run of suite {@code smoke} on {@code main}, {@code index} hours after {@link #T0}. */
    public static Result run(int index, double totalP99) {
        return run("smoke", "main", index, totalP99);
    }

    public static Result run(String suite, String branch, int index, double totalP99) {
        return new Result(suite, "profile", MACHINE, "c" + index, branch, T0.plusSeconds(3600L * index),
                Map.of("n", Integer.toString(index)), List.of(
                        new Metric("profile.stage.total.p99", "us", Direction.LOWER, totalP99,
                                List.of(totalP99 - 1, totalP99, totalP99 + 1), Optional.empty()),
                        Metric.of("gatling.global.rps", "req/s", Direction.HIGHER, 20_000)));
    }
}
