package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.auth.DevelopmentKeys;
import io.shadowcat.auth.JwtAuthFactory;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code config.yml} leaves {@code proxy.dataPlane} to {@code auto}, and nothing in it needs Jetty's
 * connector: the application port is the Netty data plane's, whose loops serve the README's session. Its own override
 * prefix, so that the test runs' {@code dw.proxy.dataPlane} does not apply.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AutoDataPlaneTest {
    private static final String PREFIX = "shipped";
    private static Path keyFile;
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, Path.of("..", "config.yml").toString(), PREFIX,
            ConfigOverride.config(PREFIX, "server.applicationConnectors[0].port", "0"),
            ConfigOverride.config(PREFIX, "server.adminConnectors[0].port", "0"),
            ConfigOverride.config(PREFIX, "jfr.enabled", "false"),
            ConfigOverride.config(PREFIX, "auth.keys.path", AutoDataPlaneTest::keyFile));

    private static String keyFile() {
        try {
            keyFile = Files.createTempDirectory("shadowcat-auto").resolve("shadowcat-dev-key.json");
            return keyFile.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theShippedConfigurationIsServedByTheNettyLoops() throws Exception {
        assertThat(APP.getConfiguration().getProxy().getDataPlane()).isEqualTo("auto");
        NettyDataPlane plane = ((ShadowcatApplication) APP.getApplication()).dataPlane().orElseThrow();
        JwtAuthFactory auth = (JwtAuthFactory) APP.getConfiguration().getAuth();
        String token = DevelopmentKeys.mint(DevelopmentKeys.loadOrCreate(keyFile), auth.getIssuer(), auth.getResource().toString(),
                "me", auth.getRequiredScopes(), java.time.Duration.ofMinutes(5), Clock.systemUTC());
        long onLoop = plane.requestsOnLoop();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + plane.port() + "/mcp"), token)) {
            String session = client.initialize("2025-11-25");
            ContentResponse call = client.post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                            + "{\"name\":\"echo\",\"arguments\":{\"message\":\"on the loop\"}}}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            assertThat(call.getStatus()).isEqualTo(200);
            assertThat(McpTestClient.message(call.getContentAsString()).at("/result/content/0/text").asText())
                    .contains("on the loop");
        }
        assertThat(plane.requestsOnLoop() - onLoop).isGreaterThanOrEqualTo(2);
        assertThat(plane.requestsToJetty()).isZero();
    }
}
