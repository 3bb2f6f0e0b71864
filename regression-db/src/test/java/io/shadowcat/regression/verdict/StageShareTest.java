package io.shadowcat.regression.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.result.Direction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which stages an end-to-end regression is attributed to, and how the verdict says it. */
class StageShareTest {
    @Test
    void aStageThatRegressedOnItsOwnIsNamedWhateverItsShare() {
        assertThat(new StageShare("auth", "profile.stage.auth.p50", 1, 0.05, Status.REGRESSED, 0.001).moved()).isTrue();
    }

    @Test
    void aLargeShareIsNamedOnlyWhenTheStagesOwnMoveIsBeyondItsNoise() {
        assertThat(new StageShare("upstream", "profile.stage.upstream.p50", 3, 0.30, Status.UNCHANGED, 0.02).moved())
                .isTrue();
        assertThat(new StageShare("upstream", "profile.stage.upstream.p50", 3, 0.30, Status.UNCHANGED, 0.40).moved())
                .isFalse();
        assertThat(new StageShare("upstream", "profile.stage.upstream.p50", 3, 0.30, Status.UNCHANGED, Double.NaN)
                .moved()).isFalse();
    }

    @Test
    void aSmallShareIsNotNamedEvenWhenCertain() {
        assertThat(new StageShare("route", "profile.stage.route.p50", 1, 0.10, Status.UNCHANGED, 0.0001).moved())
                .isFalse();
    }

    @Test
    void theVerdictCallsAStageThatDriftedWithinItsNoiseUnchanged() {
        MetricVerdict total = new MetricVerdict("profile.stage.total.mean", "us", Direction.LOWER, 400, 412, 0.03, 0.02,
                0.0001, Double.NaN, 0.001, Status.REGRESSED, 10, List.of(
                        new StageShare("policy", "profile.stage.policy.mean", 8.5, 0.71, Status.REGRESSED, 0.0001),
                        new StageShare("upstream", "profile.stage.upstream.mean", 3.2, 0.27, Status.UNCHANGED, 0.31),
                        new StageShare("auth", "profile.stage.auth.mean", 0.1, 0.01, Status.UNCHANGED, 0.45)));

        assertThat(Attribution.describe(total))
                .isEqualTo("profile.stage.total.mean +3.0%: policy +8.50 us (71%), upstream, auth unchanged");
    }
}
