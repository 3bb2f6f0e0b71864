package io.shadowcat.gatling.harness;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx as a plain reverse proxy of one demo upstream, the yardstick a suite compares Shadowcat with: its own prefix
 * and configuration under the suite's work directory, the master in the foreground ({@code daemon off}) so that the
 * harness owns it by PID, {@code workers} worker processes, HTTP/1.1 keep-alive connections to the upstream, no
 * response buffering (SSE events pass one by one, as through Shadowcat), no access log, listening on a free
 * 127.0.0.1 port. {@link #close()} stops it by PID: SIGTERM (nginx's fast shutdown), then SIGKILL after 10 s.
 *
 * <p>Not thread-safe; one harness thread owns it.
 */
final class Nginx implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(20);
    private static final String CONFIG = """
            daemon off;
            master_process on;
            worker_processes @WORKERS@;
            pid @PREFIX@/nginx.pid;
            error_log @PREFIX@/error.log warn;
            events { worker_connections 8192; }
            http {
              access_log off;
              client_body_temp_path @PREFIX@/temp/body;
              proxy_temp_path @PREFIX@/temp/proxy;
              fastcgi_temp_path @PREFIX@/temp/fastcgi;
              uwsgi_temp_path @PREFIX@/temp/uwsgi;
              scgi_temp_path @PREFIX@/temp/scgi;
              upstream demo {
                server @UPSTREAM@;
                keepalive 256;
                keepalive_requests 1000000;
              }
              server {
                listen 127.0.0.1:@PORT@ backlog=4096;
                keepalive_requests 1000000;
                location / {
                  proxy_pass http://demo;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_buffering off;
                  proxy_read_timeout 120s;
                }
              }
            }
            """;

    private final Process process;
    private final String url;

    private Nginx(Process process, String url) {
        this.process = process;
        this.url = url;
    }

    /** The {@code nginx} executable on {@code PATH}, if any. */
    static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "nginx");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts nginx in front of {@code upstreamUrl} (an MCP endpoint such as {@code http://127.0.0.1:9001/mcp}; the
     * same path is served) and waits until it listens.
     *
     * @param workers a number or {@code auto}
     */
    static Nginx start(Path executable, Path work, String upstreamUrl, String workers) throws IOException {
        Path prefix = work.toAbsolutePath();
        Files.createDirectories(prefix.resolve("temp"));
        Files.createDirectories(prefix.resolve("logs"));
        URI upstream = URI.create(upstreamUrl);
        int port = Stack.freePort();
        Path config = prefix.resolve("nginx.conf");
        Files.writeString(config, CONFIG.replace("@WORKERS@", workers).replace("@PREFIX@", prefix.toString())
                .replace("@UPSTREAM@", upstream.getHost() + ":" + upstream.getPort())
                .replace("@PORT@", Integer.toString(port)));
        Process process = Children.started(new ProcessBuilder(executable.toString(), "-p", prefix + "/", "-c",
                config.toString()).redirectErrorStream(true).redirectOutput(prefix.resolve("nginx.log").toFile())
                .start());
        Nginx nginx = new Nginx(process, "http://127.0.0.1:" + port + upstream.getRawPath());
        try {
            nginx.awaitListening(port, prefix);
            return nginx;
        } catch (IOException e) {
            nginx.close();
            throw e;
        }
    }

    /** The MCP endpoint through nginx. */
    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    private void awaitListening(int port, Path prefix) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + " while starting; see "
                        + prefix.resolve("nginx.log") + " and " + prefix.resolve("error.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within " + STARTUP.toSeconds() + " s");
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for nginx", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                // The master did not shut down: its workers are ours too.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
