package io.shadowcat.regression.verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.shadowcat.regression.result.Result;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The baseline a check uses: accepted levels rescale the older history; references make ratios. */
class BaselineTest {
    private static final String TOTAL = "profile.stage.total.p99";

    @Test
    void runsBeforeAnAcceptedLevelAreRescaledToIt() {
        List<Result> history = List.of(Scenario.run(0, Map.of(TOTAL, 100.0)), Scenario.run(1, Map.of(TOTAL, 110.0)),
                Scenario.run(2, Map.of(TOTAL, 90.0)), Scenario.run(3, Map.of(TOTAL, 150.0)),
                Scenario.run(4, Map.of(TOTAL, 152.0)));
        AcceptedLevel accepted = new AcceptedLevel(MetricPattern.of("profile.*"), history.get(3));

        Baseline baseline = Baseline.of(TOTAL, history, List.of(accepted));

        assertThat(baseline.values()).containsExactly(new double[] {150, 165, 135, 150, 152}, within(1e-9));
    }

    @Test
    void anAcceptanceOfOtherMetricsChangesNothing() {
        List<Result> history = List.of(Scenario.run(0, Map.of(TOTAL, 100.0)), Scenario.run(1, Map.of(TOTAL, 150.0)));
        AcceptedLevel accepted = new AcceptedLevel(MetricPattern.of("gatling.*"), history.get(1));

        assertThat(Baseline.of(TOTAL, history, List.of(accepted)).values()).containsExactly(100, 150);
    }

    @Test
    void theNewestTrialsAreTheBaselineTrials() {
        List<Result> history = List.of(Scenario.withTrials(0, TOTAL, 1, 2, 3), Scenario.withTrials(1, TOTAL, 4, 5, 6),
                Scenario.run(2, Map.of(TOTAL, 5.0)));

        assertThat(Baseline.of(TOTAL, history, List.of()).latestTrials()).containsExactly(4, 5, 6);
    }

    @Test
    void referencesMakeRatiosOfTheSameRun() {
        Result run = Scenario.run(0, Map.of("wrk.proxied.p50", 600.0, "wrk.direct.p50", 200.0));

        Result normalized = References.parse(List.of("wrk.proxied.p50=wrk.direct.p50")).normalize(run);

        assertThat(normalized.metrics()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("normalized.wrk.proxied.p50");
            assertThat(m.value()).isEqualTo(3.0);
            assertThat(m.unit()).isEqualTo("ratio");
        });
    }

    @Test
    void badSpecificationsAreRefusedWithAnExample() {
        assertThatThrownBy(() -> References.parse(List.of("wrk.proxied.p50")))
                .hasMessage("expected METRIC=REFERENCE such as 'wrk.proxied.p50=wrk.direct.p50', got 'wrk.proxied.p50'");
        assertThatThrownBy(() -> EffectSizes.parse(List.of("gatling.*=lots")))
                .hasMessage("effect size is not a number in 'gatling.*=lots'");
        assertThatThrownBy(() -> EffectSizes.parse(List.of("gatling.*")))
                .hasMessage("expected PATTERN=SIZE such as 'gatling.*=10%', got 'gatling.*'");
    }
}
