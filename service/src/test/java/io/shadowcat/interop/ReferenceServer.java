package io.shadowcat.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The official MCP reference server, {@code @modelcontextprotocol/server-everything}, running as a
 * child process that serves Streamable HTTP on a free loopback port.
 *
 * <p>{@link #start()} returns once the server accepts connections on {@link #uri()}, and fails with
 * the server's output when it dies or does not listen in time. The caller owns the process and must
 * {@link #close()} it; close kills the server and every process it started, by PID. Instances are
 * immutable apart from that process, and safe to share between threads.
 *
 * <p>The server is the version pinned in {@code interop/package-lock.json}, installed with
 * {@code npm ci --prefix interop}. It is started through {@code interop/loopback.cjs}, which binds
 * its listening socket to 127.0.0.1 (it would listen on every interface otherwise). Its stdout and
 * stderr go to {@link #log()}, under the working directory's {@code target/interop/}.
 */
public final class ReferenceServer implements AutoCloseable {

    private static final String ENTRY_POINT =
            "node_modules/@modelcontextprotocol/server-everything/dist/index.js";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CONNECT_ATTEMPT = Duration.ofMillis(200);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final int LOG_TAIL_CHARS = 4_000;

    private final Process process;
    private final URI uri;
    private final Path log;

    private ReferenceServer(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts the reference server and waits until it accepts connections.
     *
     * @throws IllegalStateException if the server is not installed, cannot be started, exits, or
     *     does not listen within 30 seconds; the message says which, with the server's output
     * @throws IOException if its log file cannot be created
     */
    public static ReferenceServer start() throws IOException {
        Path interop = repositoryRoot().resolve("interop");
        Path entryPoint = interop.resolve(ENTRY_POINT);
        if (!Files.isRegularFile(entryPoint)) {
            throw new IllegalStateException("The MCP reference server is not installed (" + entryPoint
                    + " is missing): run `npm ci --prefix interop` at the repository root first");
        }
        int port = freeLoopbackPort();
        Path log = Files.createDirectories(Path.of("target", "interop").toAbsolutePath())
                .resolve("server-everything-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                "node", "-r", interop.resolve("loopback.cjs").toString(), entryPoint.toString(),
                "streamableHttp"))
                .directory(interop.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run `node` (Node.js 20 or newer must be on the PATH)", e);
        }
        ReferenceServer server = new ReferenceServer(
                process, URI.create("http://127.0.0.1:" + port + "/mcp"), log);
        try {
            server.awaitListening(port);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The MCP endpoint, {@code http://127.0.0.1:PORT/mcp}. */
    public URI uri() {
        return uri;
    }

    /** The file that receives the server's stdout and stderr; it outlives {@link #close()}. */
    public Path log() {
        return log;
    }

    /** Kills the server and its descendants and waits for them to exit. Idempotent. */
    @Override
    public void close() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        awaitExit(process.toHandle());
        descendants.forEach(ReferenceServer::awaitExit);
    }

    private void awaitListening(int port) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The MCP reference server exited with status "
                        + process.exitValue() + " before it listened on port " + port + "; its output:\n"
                        + logTail());
            }
            if (accepts(port)) {
                return;
            }
            pause(POLL_INTERVAL);
        }
        throw new IllegalStateException("The MCP reference server did not listen on port " + port
                + " within " + STARTUP_TIMEOUT.toSeconds() + " s; its output:\n" + logTail());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) CONNECT_ATTEMPT.toMillis());
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String logTail() {
        try {
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return output.length() <= LOG_TAIL_CHARS ? output : output.substring(output.length() - LOG_TAIL_CHARS);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            handle.destroyForcibly();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot wait for process " + handle.pid() + " to exit", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroyForcibly();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the MCP reference server", e);
        }
    }

    /** The nearest folder at or above the working directory that holds {@code interop/package.json}. */
    private static Path repositoryRoot() {
        Path workingDirectory = Path.of("").toAbsolutePath();
        for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("interop").resolve("package.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "Cannot find the repository root (a folder holding interop/package.json) at or above "
                        + workingDirectory);
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free loopback port", e);
        }
    }
}
