package io.shadowcat.regression.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shadowcat.regression.result.Direction;
import io.shadowcat.regression.result.Environment;
import io.shadowcat.regression.result.Metric;
import io.shadowcat.regression.result.Result;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@link HistoryStore} over JDBC, with SQL that runs unchanged on SQLite and PostgreSQL.
 * Each write is one transaction and idempotent by key ({@code ON CONFLICT DO NOTHING}), so
 * concurrent writers and repeated imports are safe. Thread-safe: every call borrows its own
 * connection from the data source.
 *
 * <p>Longer than most classes: the store's whole SQL (writes, the three history reads, export and
 * the row mappers) is kept in one place, so that one reading shows it is portable.
 */
final class JdbiHistoryStore implements HistoryStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_COLUMNS = "run_key, suite, source, commit_id, branch, run_time, cpu_model, "
            + "cores, jvm, os, config_hash, tags";

    private final Jdbi jdbi;

    JdbiHistoryStore(DataSource dataSource) {
        this.jdbi = Jdbi.create(dataSource);
    }

    @Override
    public boolean record(Result result) {
        String key = result.key();
        return jdbi.inTransaction(handle -> {
            int inserted = handle.createUpdate("INSERT INTO runs (run_key, suite, source, commit_id, branch, "
                            + "run_time, cpu_model, cores, jvm, os, config_hash, fingerprint, tags) VALUES (:key, "
                            + ":suite, :source, :commit, :branch, :time, :cpu, :cores, :jvm, :os, :config, "
                            + ":fingerprint, :tags) ON CONFLICT (run_key) DO NOTHING")
                    .bind("key", key)
                    .bind("suite", result.suite())
                    .bind("source", result.source())
                    .bind("commit", result.commit())
                    .bind("branch", result.branch())
                    .bind("time", result.time().toEpochMilli())
                    .bind("cpu", result.environment().cpuModel())
                    .bind("cores", result.environment().cores())
                    .bind("jvm", result.environment().jvm())
                    .bind("os", result.environment().os())
                    .bind("config", result.environment().configHash())
                    .bind("fingerprint", result.environment().fingerprint())
                    .bind("tags", write(result.tags()))
                    .execute();
            if (inserted == 0) {
                return false;
            }
            PreparedBatch batch = handle.prepareBatch("INSERT INTO metrics (run_key, position, name, unit, better, "
                    + "value, samples, histogram) VALUES (:key, :position, :name, :unit, :better, :value, :samples, "
                    + ":histogram)");
            for (int i = 0; i < result.metrics().size(); i++) {
                Metric metric = result.metrics().get(i);
                batch.bind("key", key).bind("position", i).bind("name", metric.name())
                        .bind("unit", metric.unit()).bind("better", metric.better().word())
                        .bind("value", metric.value())
                        .bind("samples", metric.samples().isEmpty() ? null : write(metric.samples()))
                        .bind("histogram", metric.histogram().orElse(null))
                        .add();
            }
            batch.execute();
            return true;
        });
    }

    @Override
    public Optional<StoredRun> run(String key) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE run_key = :key")
                .bind("key", key)
                .map((rs, ctx) -> runRow(rs))
                .findOne()
                .map(row -> withMetrics(handle, row)));
    }

    @Override
    public List<StoredRun> history(HistoryQuery query) {
        return jdbi.withHandle(handle -> {
            List<RunRow> rows = handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE suite = :suite AND "
                            + "branch = :branch AND fingerprint = :fingerprint ORDER BY run_time DESC, run_key DESC "
                            + "LIMIT :limit")
                    .bind("suite", query.suite())
                    .bind("branch", query.branch())
                    .bind("fingerprint", query.fingerprint())
                    .bind("limit", query.limit())
                    .map((rs, ctx) -> runRow(rs))
                    .list();
            List<StoredRun> runs = new ArrayList<>();
            for (RunRow row : rows) {
                runs.add(withMetrics(handle, row));
            }
            Collections.reverse(runs);
            return runs;
        });
    }

    @Override
    public List<StoredRun> historyInAnyEnvironment(String suite, String branch, int limit) {
        return jdbi.withHandle(handle -> {
            List<RunRow> rows = handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE suite = :suite AND "
                            + "branch = :branch ORDER BY run_time DESC, run_key DESC LIMIT :limit")
                    .bind("suite", suite)
                    .bind("branch", branch)
                    .bind("limit", limit)
                    .map((rs, ctx) -> runRow(rs))
                    .list();
            List<StoredRun> runs = new ArrayList<>();
            for (RunRow row : rows) {
                runs.add(withMetrics(handle, row));
            }
            Collections.reverse(runs);
            return runs;
        });
    }

    @Override
    public Optional<StoredRun> latest(String suite, String branch) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs WHERE suite = :suite "
                        + "AND branch = :branch ORDER BY run_time DESC, run_key DESC LIMIT 1")
                .bind("suite", suite)
                .bind("branch", branch)
                .map((rs, ctx) -> runRow(rs))
                .findOne()
                .map(row -> withMetrics(handle, row)));
    }

    @Override
    public boolean accept(Acceptance acceptance) {
        return jdbi.inTransaction(handle -> handle.createUpdate("INSERT INTO acceptances (suite, branch, fingerprint, "
                        + "metric_pattern, accepted_at, run_key, reason) VALUES (:suite, :branch, :fingerprint, "
                        + ":pattern, :time, :key, :reason) ON CONFLICT (suite, branch, fingerprint, metric_pattern, "
                        + "accepted_at) DO NOTHING")
                .bind("suite", acceptance.suite())
                .bind("branch", acceptance.branch())
                .bind("fingerprint", acceptance.fingerprint())
                .bind("pattern", acceptance.metricPattern())
                .bind("time", acceptance.time().toEpochMilli())
                .bind("key", acceptance.runKey())
                .bind("reason", acceptance.reason())
                .execute() == 1);
    }

    @Override
    public List<Acceptance> acceptances(String suite, String branch, String fingerprint) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM acceptances WHERE suite = :suite AND "
                        + "branch = :branch AND fingerprint = :fingerprint ORDER BY accepted_at, metric_pattern")
                .bind("suite", suite)
                .bind("branch", branch)
                .bind("fingerprint", fingerprint)
                .map((rs, ctx) -> acceptance(rs))
                .list());
    }

    @Override
    public void forEach(Consumer<StoredRun> runs, Consumer<Acceptance> acceptances) {
        jdbi.useHandle(handle -> {
            List<RunRow> rows = handle.createQuery("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY run_time, run_key")
                    .map((rs, ctx) -> runRow(rs))
                    .list();
            for (RunRow row : rows) {
                runs.accept(withMetrics(handle, row));
            }
            handle.createQuery("SELECT * FROM acceptances ORDER BY accepted_at, suite, branch, fingerprint, "
                            + "metric_pattern")
                    .map((rs, ctx) -> acceptance(rs))
                    .forEach(acceptances);
        });
    }

    @Override
    public void close() {
        // Connections are per call; nothing is held between calls.
    }

    private record RunRow(String key, String suite, String source, String commit, String branch, Instant time,
            Environment environment, Map<String, String> tags) {
    }

    private static RunRow runRow(ResultSet rs) throws SQLException {
        Environment environment = new Environment(rs.getString("cpu_model"), rs.getInt("cores"), rs.getString("jvm"),
                rs.getString("os"), rs.getString("config_hash"));
        return new RunRow(rs.getString("run_key"), rs.getString("suite"), rs.getString("source"),
                rs.getString("commit_id"), rs.getString("branch"), Instant.ofEpochMilli(rs.getLong("run_time")),
                environment, read(rs.getString("tags"), new TypeReference<Map<String, String>>() { }));
    }

    private static StoredRun withMetrics(Handle handle, RunRow row) {
        List<Metric> metrics = handle.createQuery("SELECT name, unit, better, value, samples, histogram FROM metrics "
                        + "WHERE run_key = :key ORDER BY position")
                .bind("key", row.key())
                .map((rs, ctx) -> metric(rs))
                .list();
        return new StoredRun(row.key(), new Result(row.suite(), row.source(), row.environment(), row.commit(),
                row.branch(), row.time(), row.tags(), metrics));
    }

    private static Metric metric(ResultSet rs) throws SQLException {
        String samples = rs.getString("samples");
        String better = rs.getString("better");
        return new Metric(rs.getString("name"), rs.getString("unit"),
                Direction.of(better).orElseThrow(() -> new SQLException("unknown direction " + better)),
                rs.getDouble("value"),
                samples == null ? List.of() : read(samples, new TypeReference<List<Double>>() { }),
                Optional.ofNullable(rs.getString("histogram")));
    }

    private static Acceptance acceptance(ResultSet rs) throws SQLException {
        return new Acceptance(rs.getString("suite"), rs.getString("branch"), rs.getString("fingerprint"),
                rs.getString("metric_pattern"), Instant.ofEpochMilli(rs.getLong("accepted_at")),
                rs.getString("run_key"), rs.getString("reason"));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lists and maps of strings and numbers always serialise", e);
        }
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the store holds JSON it did not write: " + text, e);
        }
    }
}
