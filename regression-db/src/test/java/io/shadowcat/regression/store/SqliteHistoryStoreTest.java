package io.shadowcat.regression.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an embedded SQLite file. */
class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path directory;

    private int stores;

    @Override
    protected String freshLocation() {
        return "jdbc:sqlite:" + directory.resolve("store" + (++stores) + "/history.db");
    }

    @Override
    protected String refuseMetricSql(String name) {
        return "CREATE TRIGGER refuse BEFORE INSERT ON metrics WHEN NEW.name = '" + name + "' "
                + "BEGIN SELECT RAISE(ABORT, 'refused by test'); END";
    }

    @Test
    void createsTheFileAndItsDirectoryOnFirstUse() {
        Path file = directory.resolve("new/dir/history.db");

        try (HistoryStore store = Stores.open(file.toString())) {
            store.record(Runs.run(1, 800));
        }

        assertThat(Files.isRegularFile(file)).isTrue();
    }
}
