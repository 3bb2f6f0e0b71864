package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system under test for one suite: {@code upstreams} {@code demo-upstream} processes (upstream N, from 1, pads
 * its echo with N {@code x}s so a client can tell which one answered) and a Shadowcat proxy in front of them with
 * auth on (the development key, a token minted by the {@code token} command), each on a free 127.0.0.1 port, run from
 * the service jar. {@link #close()} stops every process it started, by PID: SIGTERM, then SIGKILL after 10 s.
 *
 * <p>Not thread-safe; one harness thread owns it.
 */
final class Stack implements AutoCloseable {
    /** The proxy configuration; {@code @NAME@} placeholders are filled per run and left out of the config hash. */
    private static final String CONFIG = """
            server:
              applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: @APP_PORT@, acceptQueueSize: 4096}]
              adminConnectors: [{type: http, bindHost: 127.0.0.1, port: @ADMIN_PORT@}]
              minThreads: 8
              maxThreads: 64
              gzip: {enabled: false}
              requestLog: {appenders: []}
            sessions: {key: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}
            upstreams:
            @UPSTREAMS@
            auth:
              type: jwt
              resource: "http://127.0.0.1:@APP_PORT@/mcp"
              issuer: urn:shadowcat:bench
              requiredScopes: [mcp]
              keys: {type: development, path: "@WORK@/dev-key.json"}
            jfr: {enabled: true, maxAge: 10m, maxSize: 64MiB, dumpDirectory: "@WORK@/recordings"}
            logging: {level: WARN}
            """;
    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String KEY_FILE = "dev-key.json";

    private final List<Process> processes = new ArrayList<>();
    private final List<Long> upstreamPids = new ArrayList<>();
    private final List<String> upstreamUrls = new ArrayList<>();
    private String proxyUrl;
    private String adminUrl;
    private String token;
    private String configHash;
    private Path key;

    private Stack() {
    }

    /**
     * Starts the upstreams and the proxy and waits until the proxy's health checks pass.
     *
     * @param key a development key an earlier stack made ({@link #key()}), or {@code null}: with it, the proxy
     *            uses the same key and the bearer token is minted while the proxy starts instead of after
     */
    static Stack start(Path jar, Path work, int upstreams, boolean sse, List<String> proxyJvm, Path key)
            throws IOException {
        Files.createDirectories(work);
        Stack stack = new Stack();
        try {
            StringBuilder upstreamConfig = new StringBuilder();
            for (int n = 1; n <= upstreams; n++) {
                int port = freePort();
                List<String> command = new ArrayList<>(List.of(java(), "-Xms256m", "-Xmx2g", "-jar", jar.toString(),
                        "demo-upstream", "--port", Integer.toString(port), "--payload-bytes", Integer.toString(n)));
                if (sse) {
                    command.add("--sse");
                }
                Process upstream = stack.launch(command, work.resolve("upstream-" + n + ".log"));
                stack.upstreamPids.add(upstream.pid());
                String url = "http://127.0.0.1:" + port + "/mcp";
                stack.upstreamUrls.add(url);
                upstreamConfig.append("  - {name: demo").append(n).append(", url: \"").append(url).append("\"}\n");
            }
            int appPort = freePort();
            int adminPort = freePort();
            stack.configHash = sha256(CONFIG.replace("@UPSTREAMS@", upstreams + (sse ? " sse" : " json"))
                    + String.join(" ", proxyJvm));
            String config = CONFIG.replace("@UPSTREAMS@", upstreamConfig.toString().stripTrailing())
                    .replace("@APP_PORT@", Integer.toString(appPort)).replace("@ADMIN_PORT@", Integer.toString(adminPort))
                    .replace("@WORK@", work.toAbsolutePath().toString());
            Path configFile = work.resolve("proxy.yml");
            Files.writeString(configFile, config);
            Process token = null;
            if (key != null && Files.exists(key)) {
                Files.copy(key, work.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.COPY_ATTRIBUTES);
                token = startToken(jar, configFile, work);
            }
            List<String> proxy = new ArrayList<>(List.of(java()));
            proxy.addAll(proxyJvm);
            proxy.addAll(List.of("-jar", jar.toString(), "server", configFile.toString()));
            stack.launch(proxy, work.resolve("proxy.log"));
            stack.proxyUrl = "http://127.0.0.1:" + appPort + "/mcp";
            stack.adminUrl = "http://127.0.0.1:" + adminPort;
            stack.awaitReady(work);
            stack.key = work.resolve(KEY_FILE);
            stack.token = awaitToken(token == null ? startToken(jar, configFile, work) : token, work);
            return stack;
        } catch (IOException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    String proxyUrl() {
        return proxyUrl;
    }

    String adminUrl() {
        return adminUrl;
    }

    List<String> upstreamUrls() {
        return List.copyOf(upstreamUrls);
    }

    List<Long> upstreamPids() {
        return List.copyOf(upstreamPids);
    }

    String token() {
        return token;
    }

    /** SHA-256 of the configuration without its ports and paths: equal for equal setups across runs. */
    String configHash() {
        return configHash;
    }

    @Override
    public void close() {
        for (Process process : processes) {
            SharedClasses.beforeStop(process); // a server's first run writes its class-data archive now
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
    }

    private Process launch(List<String> command, Path log) throws IOException {
        Process process = Children.start(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()));
        processes.add(process);
        return process;
    }

    private void awaitReady(Path work) throws IOException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IOException("a process of the stack exited with " + process.exitValue()
                            + " while starting; see the logs in " + work);
                }
            }
            boolean upstreamsUp = upstreamUrls.stream().allMatch(Stack::listening);
            if (upstreamsUp) {
                try {
                    status = client.send(HttpRequest.newBuilder(URI.create(adminUrl + "/healthcheck")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                        return;
                    }
                } catch (IOException e) {
                    status = -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the proxy", e);
                }
            }
            pause(Duration.ofMillis(200));
        }
        throw new IOException("the proxy was not healthy within " + STARTUP.toSeconds() + " s (last health status "
                + status + "); see " + work.resolve("proxy.log"));
    }

    /** The development key the proxy signs and checks tokens with (it makes one at its first start). */
    Path key() {
        return key;
    }

    private static Process startToken(Path jar, Path config, Path work) throws IOException {
        return Children.start(new ProcessBuilder(java(), "-jar", jar.toString(), "token",
                config.toString(), "--subject", "gatling", "--ttl", "12h").redirectOutput(work.resolve("token.txt").toFile())
                .redirectError(work.resolve("token.log").toFile()));
    }

    private static String awaitToken(Process process, Path work) throws IOException {
        Path out = work.resolve("token.txt");
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("the token command failed; see " + work.resolve("token.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while minting a token", e);
        }
        String token = Files.readString(out).trim();
        if (token.isEmpty() || token.contains(" ")) {
            throw new IOException("the token command printed no token; see " + out);
        }
        return token;
    }

    private static boolean listening(String url) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sha256(String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
