package io.shadowcat.regression.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.gate.Gate;
import io.shadowcat.regression.gate.Trend;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.Stores;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.Scenario;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trend, as text and as an HTML chart, against golden files: a history with one step and one accept. */
class TrendGoldenTest {
    @TempDir
    Path directory;

    private Trend trend() {
        try (HistoryStore store = Stores.open(directory.resolve("h.db").toString())) {
            Gate gate = new Gate(store, CheckSettings.defaults());
            Result accepted = null;
            for (int i = 0; i < 24; i++) {
                double level = i < 12 ? 800 : 880;
                Result run = Scenario.run(i, Map.of("profile.stage.total.p99", level * Scenario.wobble(i)));
                gate.record(run);
                if (i == 12) {
                    accepted = run;
                }
            }
            gate.accept(accepted, "profile.stage.total.*", "TLS to the upstream");
            return gate.trend("smoke", "main", Optional.empty(), Optional.of("profile.*"), 200).orElseThrow();
        }
    }

    @Test
    void text() throws Exception {
        Trend trend = trend();

        assertThat(trend.series().get(0).changePoints()).extracting(c -> c.index()).containsExactly(12);
        ReportGoldenTest.assertGolden("trend.txt", TrendReport.text(trend));
    }

    @Test
    void html() throws Exception {
        ReportGoldenTest.assertGolden("trend.html", TrendChart.html(trend()));
    }
}
