package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jetty's per-connection cache of request header fields on the MCP connector: off unless
 * {@code proxy.cacheHeaderFields} asks for it, read from the live client connections of a running proxy after each
 * sent a session's worth of requests with a bearer token.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HeaderFieldCacheTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> DEFAULT = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/live-breakdown.yml"));
    private static final DropwizardAppExtension<ShadowcatConfiguration> CACHING = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/header-field-cache.yml"));
    /** A header as long as a RS256 bearer token's, on every request (auth is off: the proxy ignores it). */
    private static final String BEARER = "Authorization: Bearer " + "x".repeat(706);

    @Test
    void byDefaultNoClientConnectionKeepsACache() throws Exception {
        afterASession(DEFAULT, connections -> assertThat(connections).isNotEmpty()
                .allSatisfy(c -> assertThat(c.getParser().getFieldCache().size()).isZero()));
    }

    @Test
    void whenAskedForTheConnectorsCacheHoldsTheRepeatedFields() throws Exception {
        afterASession(CACHING, connections -> assertThat(connections).isNotEmpty()
                .anySatisfy(c -> assertThat(c.getParser().getFieldCache().keySet()).contains(BEARER)));
    }

    /**
     * Checks the proxy's open client connections after one client's initialize and three requests on its session,
     * while the client still holds its connection.
     */
    private static void afterASession(DropwizardAppExtension<ShadowcatConfiguration> app,
            Consumer<List<HttpConnection>> check) throws Exception {
        List<HttpConnection> open = new ArrayList<>();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + app.getLocalPort() + "/mcp"))) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < 3; i++) {
                int status = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")
                                .put("Authorization", BEARER.substring("Authorization: ".length())))
                        .send().getStatus();
                assertThat(status).isEqualTo(200);
            }
            Server server = app.getEnvironment().getApplicationContext().getServer();
            for (Connector connector : server.getConnectors()) {
                if ("application".equals(connector.getName())) {
                    for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                        if (endPoint.getConnection() instanceof HttpConnection http) {
                            open.add(http);
                        }
                    }
                }
            }
            check.accept(open);
        }
    }
}
