package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.auth.TestTokens;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jetty's per-connection cache of request header fields on the MCP connector, read from the live client
 * connections of a running proxy: by default only busy connections get one, at most
 * {@code proxy.headerCacheConnections} at a time; {@code proxy.cacheHeaderFields} gives every connection the
 * connector's.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HeaderFieldCacheTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> DEFAULT = onJetty("config/live-breakdown.yml", "default");
    private static final DropwizardAppExtension<ShadowcatConfiguration> ONE = onJetty("config/header-cache-budget.yml", "one");
    private static final DropwizardAppExtension<ShadowcatConfiguration> EVERY = onJetty("config/header-field-cache.yml", "every");
    private static final DropwizardAppExtension<ShadowcatConfiguration> JWT = onJetty("config/jwt-auth.yml", "jwt",
            ConfigOverride.config("jwt", "auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));
    /** A header as long as a RS256 bearer token's, on every request (auth is off: the proxy ignores it). */
    private static final String BEARER = "Authorization: Bearer " + "x".repeat(706);

    @Test
    void aConnectionThatSentASessionsWorthOfRequestsKeepsNoCache() throws Exception {
        try (McpTestClient client = client(DEFAULT)) {
            send(client, client.initialize("2025-11-25"), 3);
            assertThat(connections(DEFAULT)).filteredOn(c -> c.getMessagesIn() < HeaderFieldCaches.QUALIFYING_REQUESTS)
                    .isNotEmpty().allSatisfy(c -> assertThat(c.getParser().getFieldCache().size()).isZero());
        }
    }

    @Test
    void aBusyConnectionsCacheHoldsTheToken() throws Exception {
        try (McpTestClient client = client(DEFAULT)) {
            send(client, client.initialize("2025-11-25"), 20);
            assertThat(connections(DEFAULT))
                    .anySatisfy(HeaderFieldCacheTest::holdsTheToken);
        }
    }

    @Test
    void atMostTheLimitHoldOneAndAClosedConnectionGivesItsSlotBack() throws Exception {
        HeaderFieldCaches caches = ONE.getEnvironment().getApplicationContext().getServer()
                .getDescendant(McpProxyHandler.class).headerCaches();
        try (McpTestClient second = client(ONE)) {
            String secondSession;
            try (McpTestClient first = client(ONE)) {
                send(first, first.initialize("2025-11-25"), 20);
                secondSession = second.initialize("2025-11-25");
                send(second, secondSession, 20);
                assertThat(connections(ONE)).hasSize(2);
                assertThat(connections(ONE)).filteredOn(HeaderFieldCacheTest::hasCache).hasSize(1);
                assertThat(caches.held()).isEqualTo(1);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (caches.held() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(caches.held()).isZero();
            send(second, secondSession, HeaderFieldCaches.QUALIFYING_REQUESTS + 2);
            assertThat(connections(ONE)).singleElement()
                    .satisfies(HeaderFieldCacheTest::holdsTheToken);
            assertThat(caches.held()).isEqualTo(1);
        }
    }

    @Test
    void whenAskedEveryConnectionKeepsTheConnectorsCache() throws Exception {
        try (McpTestClient client = client(EVERY)) {
            send(client, client.initialize("2025-11-25"), 3);
            assertThat(connections(EVERY))
                    .anySatisfy(HeaderFieldCacheTest::holdsTheToken);
        }
    }

    @Test
    void aTokenThatDiffersFromTheCachedOneOnlyInLetterCaseIsReadAsSentAndRefused() throws Exception {
        String token = TestTokens.valid("alice");
        int letter = token.lastIndexOf('.') + 1;
        while (!Character.isLetter(token.charAt(letter))) {
            letter++;
        }
        char c = token.charAt(letter);
        String otherCase = token.substring(0, letter)
                + (Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c))
                + token.substring(letter + 1);
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + JWT.getLocalPort() + "/mcp"), token)) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < HeaderFieldCaches.QUALIFYING_REQUESTS + 2; i++) {
                assertThat(list(client, session, "Bearer " + token).getStatus()).isEqualTo(200);
            }
            assertThat(connections(JWT)).anySatisfy(connection -> readsExactly(connection, "Authorization: Bearer " + token));

            ContentResponse altered = list(client, session, "Bearer " + otherCase);

            assertThat(altered.getStatus()).isEqualTo(401);
            assertThat(altered.getHeaders().get("WWW-Authenticate")).contains("the token's signature does not verify");
            assertThat(list(client, session, "Bearer " + token).getStatus()).isEqualTo(200);
        }
    }

    /**
     * A Shadowcat on the Jetty data plane in both test runs, whose clients connect to Jetty's connector: on the Netty
     * plane no MCP request of these tests reaches Jetty's parser (only batches go there). Its own
     * override prefix, so that pinning the data plane leaves the run's {@code dw.proxy.dataPlane} alone.
     */
    private static DropwizardAppExtension<ShadowcatConfiguration> onJetty(String config, String prefix,
                                                                          ConfigOverride... more) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(more));
        overrides.add(ConfigOverride.config(prefix, "proxy.dataPlane", "jetty"));
        return new DropwizardAppExtension<>(ShadowcatApplication.class, ResourceHelpers.resourceFilePath(config), prefix,
                overrides.toArray(ConfigOverride[]::new));
    }

    private static McpTestClient client(DropwizardAppExtension<ShadowcatConfiguration> app) throws Exception {
        return new McpTestClient(URI.create("http://127.0.0.1:" + app.getLocalPort() + "/mcp"));
    }

    private static void holdsTheToken(HttpConnection connection) {
        readsExactly(connection, BEARER);
    }

    /**
     * The connection's cache holds {@code field}; its table ignores case (the fast one: the field is found by its
     * upper-case spelling too), and the parser compares every hit with the bytes sent.
     */
    private static void readsExactly(HttpConnection connection, String field) {
        assertThat(connection.getParser().getFieldCache().keySet()).contains(field);
        assertThat(connection.getParser().getFieldCache().get(field.toUpperCase(Locale.ROOT))).isNotNull();
        assertThat(connection.getParser().isHeaderCacheCaseSensitive()).isTrue();
    }

    private static boolean hasCache(HttpConnection connection) {
        return connection.getParser().getHeaderCacheSize() > 0;
    }

    private static ContentResponse list(McpTestClient client, String session, String authorization) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}")
                .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")
                        .put("Authorization", authorization))
                .send();
    }

    /** Sends {@code count} tools/list requests on the session, each with the long bearer header. */
    private static void send(McpTestClient client, String session, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            int status = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/list\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")
                            .put("Authorization", BEARER.substring("Authorization: ".length())))
                    .send().getStatus();
            assertThat(status).isEqualTo(200);
        }
    }

    /** The proxy's open client connections on its application connector (other tests' may linger a moment). */
    private static List<HttpConnection> connections(DropwizardAppExtension<ShadowcatConfiguration> app) {
        List<HttpConnection> open = new ArrayList<>();
        Server server = app.getEnvironment().getApplicationContext().getServer();
        for (Connector connector : server.getConnectors()) {
            if ("application".equals(connector.getName())) {
                for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                    if (endPoint.isOpen() && endPoint.getConnection() instanceof HttpConnection http) {
                        open.add(http);
                    }
                }
            }
        }
        return open;
    }
}
