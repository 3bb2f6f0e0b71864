package io.shadowcat.regression.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shadowcat.regression.result.Result;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.Statement;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HistoryStore} guarantees. A subclass supplies a fresh, empty store location
 * per test; the tests open it, sometimes twice, as two CI jobs would.
 */
abstract class HistoryStoreContract {
    /** A location (JDBC URL or path) of an empty store, distinct for every call. */
    protected abstract String freshLocation() throws Exception;

    private String location;

    private HistoryStore open() throws Exception {
        if (location == null) {
            location = freshLocation();
        }
        return Stores.open(location);
    }

    @Test
    void storesARunAndReadsItBackUnchanged() throws Exception {
        try (HistoryStore store = open()) {
            Result run = Runs.run(1, 800);

            assertThat(store.record(run)).isTrue();

            StoredRun stored = store.run(run.key()).orElseThrow();
            assertThat(stored.result()).isEqualTo(run);
            assertThat(stored.result().key()).isEqualTo(run.key());
        }
    }

    @Test
    void recordingTheSameRunTwiceStoresItOnce() throws Exception {
        try (HistoryStore store = open()) {
            assertThat(store.record(Runs.run(1, 800))).isTrue();
            assertThat(store.record(Runs.run(1, 800))).isFalse();

            assertThat(store.history(query(10))).hasSize(1);
        }
    }

    @Test
    void historyIsTheNewestRunsOfOneSuiteBranchAndEnvironmentOldestFirst() throws Exception {
        try (HistoryStore store = open()) {
            for (int i = 0; i < 6; i++) {
                store.record(Runs.run(i, 800 + i));
            }
            store.record(Runs.run("smoke", "feature", 7, 900));
            store.record(Runs.run("soak", "main", 8, 900));

            List<StoredRun> history = store.history(query(4));

            assertThat(history).extracting(r -> r.result().commit()).containsExactly("c2", "c3", "c4", "c5");
            assertThat(store.latest("smoke", "feature").orElseThrow().result().commit()).isEqualTo("c7");
            Result elsewhere = Runs.run(9, 800);
            store.record(new Result("smoke", "profile", new io.shadowcat.regression.result.Environment("Other CPU", 4,
                    "Temurin 17", "Linux amd64", "cfg1"), "c9", "main", elsewhere.time(), elsewhere.tags(),
                    elsewhere.metrics()));
            assertThat(store.history(query(100))).hasSize(6);
            assertThat(store.historyInAnyEnvironment("smoke", "main", 3)).extracting(r -> r.result().commit())
                    .containsExactly("c4", "c5", "c9");
        }
    }

    @Test
    void aRunThatFailsHalfwayLeavesNothing() throws Exception {
        try (HistoryStore store = open()) {
            try (Connection connection = Stores.dataSource(location).getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(refuseMetricSql("gatling.global.rps"));
            }
            Result run = Runs.run(1, 800);

            // The run row and its first metric are written before the second metric fails.
            assertThatThrownBy(() -> store.record(run)).isInstanceOf(RuntimeException.class);

            assertThat(store.run(run.key())).isEmpty();
            assertThat(store.history(query(10))).isEmpty();
        }
    }

    /** SQL, in the store's dialect, that makes inserting a metric of this name fail. */
    protected abstract String refuseMetricSql(String name);

    @Test
    void twoWritersAtOnceLoseNothing() throws Exception {
        location = freshLocation();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HistoryStore first = Stores.open(location); HistoryStore second = Stores.open(location)) {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (HistoryStore store : List.of(first, second)) {
                int offset = jobs.size() * 100;
                jobs.add(() -> {
                    for (int i = 0; i < 15; i++) {
                        store.record(Runs.run(offset + i, 800));
                    }
                    return null;
                });
            }
            for (Future<Void> job : pool.invokeAll(jobs)) {
                job.get();
            }
            assertThat(first.history(query(100))).hasSize(30);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void acceptancesAreStoredOnce() throws Exception {
        try (HistoryStore store = open()) {
            Result run = Runs.run(1, 800);
            store.record(run);
            Acceptance acceptance = new Acceptance("smoke", "main", Runs.MACHINE.fingerprint(), "*", run.time(),
                    run.key(), "new JSON parser");

            assertThat(store.accept(acceptance)).isTrue();
            assertThat(store.accept(acceptance)).isFalse();
            assertThat(store.acceptances("smoke", "main", Runs.MACHINE.fingerprint())).containsExactly(acceptance);
        }
    }

    @Test
    void exportAndImportRoundTripAndImportIsIdempotent() throws Exception {
        String exported;
        try (HistoryStore store = open()) {
            for (int i = 0; i < 3; i++) {
                store.record(Runs.run(i, 800 + i));
            }
            Result accepted = Runs.run(2, 802);
            store.accept(new Acceptance("smoke", "main", Runs.MACHINE.fingerprint(), "profile.*",
                    accepted.time(), accepted.key(), "faster auth"));
            StringWriter out = new StringWriter();
            assertThat(HistoryLines.export(store, out)).isEqualTo(new HistoryLines.Counts(3, 1));
            exported = out.toString();
        }
        location = freshLocation();
        try (HistoryStore copy = open()) {
            assertThat(HistoryLines.importFrom(copy, "h.jsonl", new StringReader(exported)))
                    .isEqualTo(new HistoryLines.Counts(3, 1));
            assertThat(HistoryLines.importFrom(copy, "h.jsonl", new StringReader(exported)))
                    .isEqualTo(new HistoryLines.Counts(0, 0));
            StringWriter again = new StringWriter();
            HistoryLines.export(copy, again);
            assertThat(again.toString()).isEqualTo(exported);
        }
    }

    @Test
    void importRefusesABadLineAndStoresNothing() throws Exception {
        try (HistoryStore store = open()) {
            StringWriter good = new StringWriter();
            try (HistoryStore other = Stores.open(freshLocation())) {
                other.record(Runs.run(1, 800));
                HistoryLines.export(other, good);
            }
            String lines = good + "{\"type\":\"run\",\"format\":\"shadowcat.result/v1\"}\n";

            assertThatThrownBy(() -> HistoryLines.importFrom(store, "h.jsonl", new StringReader(lines)))
                    .hasMessage("h.jsonl: line 2: field suite: missing");
            assertThat(store.history(query(10))).isEmpty();
        }
    }

    private static HistoryQuery query(int limit) {
        return new HistoryQuery("smoke", "main", Runs.MACHINE.fingerprint(), limit);
    }
}
