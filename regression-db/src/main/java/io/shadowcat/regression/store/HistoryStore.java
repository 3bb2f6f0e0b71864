package io.shadowcat.regression.store;

import io.shadowcat.regression.result.Result;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Benchmark history: runs and acceptances. Implementations are thread-safe, and several
 * processes may write one store at once without losing a run. Every write is one transaction:
 * a failed write leaves nothing behind. The caller owns the store and closes it.
 */
public interface HistoryStore extends AutoCloseable {
    /**
     * Stores a run. Returns {@code false}, storing nothing, if the same run (same content key) is
     * already there, so recording or importing twice is harmless.
     */
    boolean record(Result result);

    /** A stored run by key. */
    Optional<StoredRun> run(String key);

    /** The newest runs of a history, oldest first. */
    List<StoredRun> history(HistoryQuery query);

    /**
     * The newest runs of a suite on a branch in every environment, oldest first: for metrics
     * normalized by a same-run reference, which travel between machines.
     */
    List<StoredRun> historyInAnyEnvironment(String suite, String branch, int limit);

    /** The newest run of a suite on a branch, in any environment. */
    Optional<StoredRun> latest(String suite, String branch);

    /** Stores an acceptance; {@code false} if the same one is already there. */
    boolean accept(Acceptance acceptance);

    /** The acceptances of a history, oldest first. */
    List<Acceptance> acceptances(String suite, String branch, String fingerprint);

    /** Every run, oldest first, then every acceptance, oldest first: for export. */
    void forEach(Consumer<StoredRun> runs, Consumer<Acceptance> acceptances);

    @Override
    void close();
}
