package io.shadowcat.regression.gate;

import io.shadowcat.regression.changepoint.ChangePoint;
import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.store.Acceptance;
import java.time.Instant;
import java.util.List;

/**
 * A suite's history on one branch in one environment, per metric, with its change points and
 * accepted changes. Immutable.
 */
public record Trend(String suite, String branch, String fingerprint, List<Series> series) {
    public Trend {
        series = List.copyOf(series);
    }

    /** One run's value of a metric. */
    public record Point(Instant time, String commit, double value) {
    }

    /** One metric over time, oldest first; change point indexes refer to {@code points}. */
    public record Series(String metric, String unit, Direction better, List<Point> points,
            List<ChangePoint> changePoints, List<Acceptance> acceptances) {
        public Series {
            points = List.copyOf(points);
            changePoints = List.copyOf(changePoints);
            acceptances = List.copyOf(acceptances);
        }
    }
}
