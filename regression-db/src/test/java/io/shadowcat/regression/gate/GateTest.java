package io.shadowcat.regression.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import io.shadowcat.regression.store.HistoryStore;
import io.shadowcat.regression.store.Stores;
import io.shadowcat.regression.verdict.CheckSettings;
import io.shadowcat.regression.verdict.Outcome;
import io.shadowcat.regression.verdict.References;
import io.shadowcat.regression.verdict.Status;
import io.shadowcat.regression.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate over a real store: a new environment falls back on same-run references. */
class GateTest {
    private static final Environment FAST = new Environment("Fast CPU", 8, "Temurin 17", "Linux", "cfg");
    private static final Environment SLOW = new Environment("Slow CPU", 2, "Temurin 17", "Linux", "cfg");
    private static final References DIRECT = References.parse(List.of("wrk.proxied.p50=wrk.direct.p50"));

    @TempDir
    Path directory;

    private HistoryStore store;
    private Gate gate;

    @BeforeEach
    void open() {
        store = Stores.open(directory.resolve("h.db").toString());
        gate = new Gate(store, CheckSettings.defaults());
        // A long history on a fast machine, two runs on a slow one: the proxy costs twice the direct path.
        for (int i = 0; i < 10; i++) {
            gate.record(run(FAST, i, 200, 2.0 * (1 + 0.01 * StrictMath.sin(i))));
        }
        gate.record(run(SLOW, 20, 400, 2.0));
        gate.record(run(SLOW, 21, 410, 2.01));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static Result run(Environment environment, int hour, double direct, double ratio) {
        return new Result("wrk", "wrk", environment, "c" + hour, "main",
                Instant.parse("2026-11-01T00:00:00Z").plusSeconds(3600L * hour), Map.of(), List.of(
                        Metric.of("wrk.direct.p50", "us", Direction.LOWER, direct),
                        Metric.of("wrk.proxied.p50", "us", Direction.LOWER, direct * ratio)));
    }

    @Test
    void withoutReferencesANewEnvironmentCannotDecide() {
        Verdict verdict = gate.check(run(SLOW, 30, 400, 2.6), "main");

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNDECIDED);
        assertThat(verdict.message()).startsWith("not enough history: 2 runs of suite wrk on branch main");
    }

    @Test
    void theNormalizedMetricCatchesASlowerProxyInANewEnvironment() {
        Verdict verdict = gate.check(run(SLOW, 30, 400, 2.6), "main", DIRECT);

        assertThat(verdict.outcome()).isEqualTo(Outcome.REGRESSION);
        assertThat(verdict.metrics()).singleElement().satisfies(m -> {
            assertThat(m.metric()).isEqualTo("normalized.wrk.proxied.p50");
            assertThat(m.status()).isEqualTo(Status.REGRESSED);
        });
        assertThat(verdict.message()).endsWith("judged on metrics normalized by same-run references across "
                + "environments (this environment has 2 runs)");
    }

    @Test
    void theNormalizedMetricPassesAnUnchangedProxy() {
        assertThat(gate.check(run(SLOW, 30, 400, 2.01), "main", DIRECT).outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void referencesWithTooLittleHistoryStillCannotDecide() {
        Verdict verdict = gate.check(run(SLOW, 30, 400, 2.0), "main",
                References.parse(List.of("wrk.proxied.p50=wrk.other.p50")));

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNDECIDED);
    }
}
