package io.shadowcat.demo;

import static io.shadowcat.demo.McpTestClient.SESSION;
import static io.shadowcat.demo.McpTestClient.echoRequest;
import static io.shadowcat.demo.McpTestClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * The yardsticks {@code bench/wrk-compare} can run beside Shadowcat: {@code bench/JettyProxy.java}, Jetty alone as a
 * plain reverse proxy ({@code --with-jetty}, also {@code bench/per-request --proxy jetty}; with
 * {@code -Djetty.client=netty} its upstream leg goes through Netty), {@code bench/NettyProxy.java}, Netty with both legs
 * on one event loop ({@code --with-netty}; with {@code -Dnetty.parse=jetty} it reads requests with Jetty's parser), and {@code bench/NioRelay.java}, the least a Java proxy can do per request
 * ({@code --with-relay}; with {@code -Drelay.parse=jetty} it also parses with Jetty's parser). Each still compiles
 * against what the service is built with (Netty is a test dependency), and an MCP session runs through it to the demo
 * upstream (headers, body and status passed both ways).
 */
@Timeout(90)
class BenchProxiesTest {
    @ParameterizedTest
    @ValueSource(strings = {"JettyProxy", "JettyProxy -Djetty.client=netty", "NettyProxy",
            "NettyProxy -Dnetty.parse=jetty", "NioRelay", "NioRelay -Drelay.parse=jetty"})
    void anMcpSessionRunsThroughTheBenchProxy(String variant) throws Exception {
        String tool = variant.split(" ")[0];
        String option = variant.contains(" ") ? variant.split(" ")[1] : "-Dbench.variant=plain";
        Path source = Path.of("..", "bench", tool + ".java");
        assertThat(source).exists();
        DemoUpstreamServer upstream = new DemoUpstreamServer("127.0.0.1", 0, DemoUpstreamOptions.defaults());
        upstream.start();
        int port = freePort();
        String target = tool.equals("NioRelay") ? Integer.toString(upstream.uri().getPort()) : upstream.uri().toString();
        Path log = Files.createTempFile(tool, ".log");
        Process proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                option, "-cp", System.getProperty("java.class.path"), source.toString(), Integer.toString(port), target)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening(proxy, port, log.toFile());
            McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + port + "/mcp"));
            try {
                String session = client.initialize("2025-06-18");
                assertThat(session).isNotBlank();

                ContentResponse answer = client.post(echoRequest(9, "through " + tool), SESSION, session);

                assertThat(answer.getStatus()).isEqualTo(200);
                JsonNode body = json(answer);
                assertThat(body.get("id").asInt()).isEqualTo(9);
                assertThat(body.at("/result/content/0/text").asText()).isEqualTo("through " + tool);
                ContentResponse unknown = client.post(echoRequest(10, "x"), SESSION, "no-such-session");
                assertThat(unknown.getStatus()).as("the upstream's refusal passed on as it is").isEqualTo(404);
            } finally {
                client.close();
            }
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
            upstream.stop();
            Files.deleteIfExists(log);
        }
    }

    /** The one-leg modes the per-leg comparisons rest on: each answers a POST itself with the fixed result. */
    @ParameterizedTest
    @ValueSource(strings = {"JettyProxy -Djetty.answer=fixed", "JettyProxy -Djetty.answer=connection",
            "NettyProxy -Dnetty.answer=fixed"})
    void aFixedAnswerComesBack(String variant) throws Exception {
        String tool = variant.split(" ")[0];
        int port = freePort();
        Path log = Files.createTempFile(tool, ".log");
        Process proxy = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                variant.split(" ")[1], "-cp", System.getProperty("java.class.path"),
                Path.of("..", "bench", tool + ".java").toString(), Integer.toString(port), "http://127.0.0.1:9/mcp")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening(proxy, port, log.toFile());
            McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + port + "/mcp"));
            try {
                for (int i = 0; i < 3; i++) { // on one connection: each answer leaves it ready for the next request
                    ContentResponse answer = client.post(echoRequest(i, "x"));
                    assertThat(answer.getStatus()).isEqualTo(200);
                    assertThat(json(answer).at("/result/content/0/text").asText()).isEqualTo("hello");
                }
            } finally {
                client.close();
            }
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The source is compiled when it starts, which takes a few seconds. */
    private static void awaitListening(Process proxy, int port, File log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!proxy.isAlive()) {
                throw new AssertionError("the proxy exited: " + Files.readString(log.toPath()));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the proxy did not listen within 60 s: " + Files.readString(log.toPath()));
    }
}
