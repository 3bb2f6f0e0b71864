package io.shadowcat.regression.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract on a real PostgreSQL server that the test starts itself on a free loopback
 * port (see {@link PostgresServer}); it fails, never skips, when the server binaries are missing.
 */
class PostgresHistoryStoreTest extends HistoryStoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected String freshLocation() throws Exception {
        return server.newDatabase();
    }

    @Override
    protected String refuseMetricSql(String name) {
        return "ALTER TABLE metrics ADD CONSTRAINT refuse CHECK (name <> '" + name + "')";
    }
}
