package io.shadowcat.regression.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Histograms;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Which statistics rest on enough observations, by the histogram a run carries. */
class TailSupportTest {
    private static Metric withHistogram(String name, int count) {
        Histogram histogram = new Histogram(3);
        for (int i = 1; i <= count; i++) {
            histogram.recordValue(1000 + i);
        }
        return new Metric(name, "ns", Direction.LOWER, 1500, List.of(), Optional.of(Histograms.encode(histogram)));
    }

    private static Result run(Metric... metrics) {
        return new Result("s", "profile", Scenario.MACHINE, "", "main", Scenario.T0, Map.of(), List.of(metrics));
    }

    @Test
    void aMaxIsNeverJudged() {
        assertThat(TailSupport.of(run()).judged("gatling.global.max")).isFalse();
        assertThat(TailSupport.of(run()).judged("gatling.global.p99")).isTrue();
    }

    @Test
    void aPercentileNeedsFiftyObservationsBeyondIt() {
        TailSupport support = TailSupport.of(run(withHistogram("profile.stage.auth.p50", 5000),
                withHistogram("profile.stage.policy.p50", 60_000)));

        assertThat(support.judged("profile.stage.auth.p50")).isTrue();
        assertThat(support.judged("profile.stage.auth.p99")).isTrue();
        assertThat(support.judged("profile.stage.auth.p999")).isFalse();
        assertThat(support.judged("profile.stage.auth.mean")).isTrue();
        assertThat(support.judged("profile.stage.policy.p999")).isTrue();
    }

    @Test
    void aScopeWithoutAHistogramIsBoundedByTheLargestOne() {
        TailSupport support = TailSupport.of(run(withHistogram("profile.stage.total.p50", 5000)));

        assertThat(support.judged("profile.method.tools_call.total.p999")).isFalse();
        assertThat(support.judged("profile.method.tools_call.total.p99")).isTrue();
    }
}
