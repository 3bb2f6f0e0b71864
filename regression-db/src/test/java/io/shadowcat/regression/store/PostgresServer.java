package io.shadowcat.regression.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster in a temporary directory, listening on
 * a free port on 127.0.0.1 only, trust authentication, fsync off. Needs the server binaries of
 * Debian's {@code postgresql} package ({@code /usr/lib/postgresql/15/bin}, or the directory in
 * {@code SHADOWCAT_PG_BIN}); when they are missing it fails with the install command instead of
 * skipping. As root, the server runs as the {@code postgres} user, since PostgreSQL refuses root.
 */
final class PostgresServer implements AutoCloseable {
    static final String DEFAULT_BIN = "/usr/lib/postgresql/15/bin";
    private static final String USER = "shadowcat";

    private final Path bin;
    private final Path home;
    private final Path data;
    private final int port;
    private final boolean asPostgres;
    private int databases;

    private PostgresServer(Path bin, Path home, int port, boolean asPostgres) {
        this.bin = bin;
        this.home = home;
        this.data = home.resolve("data");
        this.port = port;
        this.asPostgres = asPostgres;
    }

    static PostgresServer start() throws Exception {
        Path bin = Path.of(System.getenv().getOrDefault("SHADOWCAT_PG_BIN", DEFAULT_BIN));
        if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException("PostgreSQL server binaries not found in " + bin + ": the store "
                    + "contract test runs against a real server. Install it with 'apt-get install -y postgresql' "
                    + "(Debian's PostgreSQL 15), or point SHADOWCAT_PG_BIN at a bin directory with initdb and pg_ctl.");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path home = Files.createTempDirectory("shadowcat-pg");
        if (root) {
            UserPrincipal postgres = home.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(home, postgres);
        }
        PostgresServer server = new PostgresServer(bin, home, freePort(), root);
        server.initAndStart();
        return server;
    }

    private void initAndStart() throws IOException, InterruptedException {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--no-sync", "--locale=C"));
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", home.resolve("log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=off "
                        + "-c synchronous_commit=off -c full_page_writes=off", "start"));
    }

    /** A JDBC URL of a new, empty database on this server. */
    String newDatabase() throws SQLException {
        String name = "store" + (++databases);
        try (Connection connection = DriverManager.getConnection(url("postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    @Override
    public void close() throws IOException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgres) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(command);
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(home.resolve("commands.log").toFile()).directory(home.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", line));
        }
        if (process.exitValue() != 0) {
            String log = Files.readString(home.resolve("commands.log"));
            Path serverLog = home.resolve("log");
            throw new IOException("failed (" + process.exitValue() + "): " + String.join(" ", line) + "\n" + log
                    + (Files.exists(serverLog) ? Files.readString(serverLog) : ""));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
