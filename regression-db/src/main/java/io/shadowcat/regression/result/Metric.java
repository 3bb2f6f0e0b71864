package io.shadowcat.regression.result;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One measured figure of a run. Immutable.
 *
 * @param name      {@code <source>.<scope>.<statistic>}, e.g. {@code profile.stage.auth.p99}
 * @param unit      the unit of {@code value} and {@code samples}, e.g. {@code us}, {@code ops/s}
 * @param better    which way the metric improves
 * @param value     the run's figure (for trials: their summary, usually the median)
 * @param samples   the individual trials inside the run, empty when there were none
 * @param histogram an encoded HdrHistogram (compressed, Base64) of the raw latencies, if kept
 */
public record Metric(String name, String unit, Direction better, double value, List<Double> samples,
        Optional<String> histogram) {
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(better, "better");
        samples = List.copyOf(samples);
        Objects.requireNonNull(histogram, "histogram");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + ": value must be finite, got " + value);
        }
    }

    /** A metric with neither trials nor a histogram. */
    public static Metric of(String name, String unit, Direction better, double value) {
        return new Metric(name, unit, better, value, List.of(), Optional.empty());
    }

    public double[] sampleArray() {
        return samples.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
