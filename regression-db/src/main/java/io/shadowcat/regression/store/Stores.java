package io.shadowcat.regression.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Opens a {@link HistoryStore} by location and brings its schema up to date (Flyway). A location
 * is a JDBC URL ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://HOST/DB?user=U&password=P})
 * or a plain file path, which means SQLite; a SQLite file and its directory are created on first
 * use. Stateless.
 */
public final class Stores {
    /** The default location: a SQLite file in the working directory. */
    public static final String DEFAULT_LOCATION = "shadowcat-history.db";

    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRESQL = "jdbc:postgresql:";

    private Stores() {
    }

    public static HistoryStore open(String location) {
        DataSource dataSource = dataSource(location);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:io/shadowcat/regression/store/migration")
                .table("shadowcat_schema_history")
                .load()
                .migrate();
        return new JdbiHistoryStore(dataSource);
    }

    static DataSource dataSource(String location) {
        if (location.startsWith(POSTGRESQL)) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(location);
            return postgres;
        }
        String file = location.startsWith(SQLITE) ? location.substring(SQLITE.length()) : location;
        if (file.isBlank() || file.startsWith("jdbc:")) {
            throw new IllegalArgumentException("unsupported history location \"" + location
                    + "\": give a file path, jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB");
        }
        createParent(Path.of(file));
        SQLiteConfig config = new SQLiteConfig();
        // Writers queue instead of failing when another process is recording.
        config.setBusyTimeout(60_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        SQLiteDataSource sqlite = new SQLiteDataSource(config);
        sqlite.setUrl(SQLITE + file);
        return sqlite;
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for " + file, e);
        }
    }
}
