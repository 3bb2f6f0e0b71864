package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class HeaderHygieneTest {
    @Test
    void clientCredentialsHopByHopAndConnectionNamedHeadersNeverReachTheUpstream() {
        HttpFields clientToProxy = HttpFields.build()
                .add("Authorization", "Bearer client-secret")
                .add("Cookie", "sid=1")
                .add("Proxy-Authorization", "Basic x")
                .add("Connection", "keep-alive, X-Private")
                .add("Keep-Alive", "timeout=5")
                .add("X-Private", "hop")
                .add("TE", "trailers")
                .add("Mcp-Session-Id", "proxy-token")
                .add("MCP-Protocol-Version", "2025-06-18")
                .add("X-Request-Id", "r1")
                .add("X-Forwarded-For", "10.0.0.1");
        HttpFields.Mutable proxyToServer = HttpFields.build();
        HeaderHygiene.towardsUpstream(clientToProxy, proxyToServer, "127.0.0.1", "http", "proxy:8080");

        assertThat(proxyToServer.getFieldNamesCollection()).doesNotContain("Authorization", "Cookie",
                "Proxy-Authorization", "Connection", "Keep-Alive", "X-Private", "TE", "Mcp-Session-Id");
        assertThat(proxyToServer.get("MCP-Protocol-Version")).isEqualTo("2025-06-18");
        assertThat(proxyToServer.get("X-Request-Id")).isEqualTo("r1");
        assertThat(proxyToServer.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(proxyToServer.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"proxy:8080\"");
        assertThat(proxyToServer.get("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void headersNamedByConnectionAreDroppedWhateverTheirCaseAndHowManyAreNamed() {
        HttpFields.Mutable clientToProxy = HttpFields.build()
                .add("Connection", "Keep-Alive")
                .add("Keep-Alive", "timeout=5")
                .add("X-Kept", "1");
        for (int i = 0; i < 6; i++) {
            clientToProxy.add("X-Hop-" + i, "hop");
        }
        HttpFields.Mutable fewNamed = HttpFields.build();
        HeaderHygiene.towardsUpstream(clientToProxy, fewNamed, "127.0.0.1", "http", null);
        assertThat(fewNamed.getFieldNamesCollection()).contains("X-Kept", "X-Hop-0", "X-Hop-5")
                .doesNotContain("Connection", "Keep-Alive");

        // More tokens than are compared one by one: looked up in the set, still in any case.
        clientToProxy.put("Connection", "close, x-hop-0, X-HOP-1, x-Hop-2, X-hop-3, x-hop-4, X-Hop-5");
        HttpFields.Mutable manyNamed = HttpFields.build();
        HeaderHygiene.towardsUpstream(clientToProxy, manyNamed, "127.0.0.1", "http", null);
        assertThat(manyNamed.getFieldNamesCollection()).contains("X-Kept")
                .doesNotContain("X-Hop-0", "X-Hop-1", "X-Hop-2", "X-Hop-3", "X-Hop-4", "X-Hop-5");

        clientToProxy.put("Connection", "close, X-HOP-1");
        HttpFields.Mutable twoNamed = HttpFields.build();
        HeaderHygiene.towardsUpstream(clientToProxy, twoNamed, "127.0.0.1", "http", null);
        assertThat(twoNamed.getFieldNamesCollection()).contains("X-Kept", "X-Hop-0", "X-Hop-2").doesNotContain("X-Hop-1");
    }

    @Test
    void ipv6ClientsAreQuotedInForwarded() {
        HttpFields.Mutable proxyToServer = HttpFields.build();
        HeaderHygiene.towardsUpstream(HttpFields.EMPTY, proxyToServer, "::1", "http", null);
        assertThat(proxyToServer.get("Forwarded")).isEqualTo("for=\"[::1]\";proto=http");
    }

    @Test
    void theUpstreamsSessionIdAndHopByHopHeadersNeverReachTheClient() {
        HttpFields serverToProxy = HttpFields.build()
                .add("Mcp-Session-Id", "upstream-secret")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "close")
                .add("Content-Type", "text/event-stream")
                .add("Cache-Control", "no-cache");
        HttpFields.Mutable proxyToClient = HttpFields.build();
        HeaderHygiene.towardsClient(serverToProxy, proxyToClient);
        assertThat(proxyToClient.getFieldNamesCollection()).containsExactlyInAnyOrder("Content-Type", "Cache-Control");
    }

    @Test
    void nettysHeadersGetTheSameHygieneBothWays() {
        io.netty.handler.codec.http.HttpHeaders clientToProxy = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Authorization", "Bearer client-secret")
                .add("Cookie", "sid=1")
                .add("Proxy-Authorization", "Basic x")
                .add("Connection", "keep-alive, X-Private")
                .add("Keep-Alive", "timeout=5")
                .add("X-Private", "hop")
                .add("TE", "trailers")
                .add("mcp-session-id", "proxy-token")
                .add("MCP-Protocol-Version", "2025-06-18")
                .add("X-Request-Id", "r1")
                .add("X-Forwarded-For", "10.0.0.1");
        io.netty.handler.codec.http.HttpHeaders proxyToServer = new io.netty.handler.codec.http.DefaultHttpHeaders();
        HeaderHygiene.towardsUpstream(clientToProxy, proxyToServer, "127.0.0.1", "http", "proxy:8080");
        assertThat(proxyToServer.names()).doesNotContain("Authorization", "Cookie", "Proxy-Authorization", "Connection",
                "Keep-Alive", "X-Private", "TE", "mcp-session-id");
        assertThat(proxyToServer.get("MCP-Protocol-Version")).isEqualTo("2025-06-18");
        assertThat(proxyToServer.get("X-Request-Id")).isEqualTo("r1");
        assertThat(proxyToServer.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(proxyToServer.get("Forwarded")).isEqualTo("for=127.0.0.1;proto=http;host=\"proxy:8080\"");
        assertThat(proxyToServer.get("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(proxyToServer.get("X-Forwarded-Host")).isEqualTo("proxy:8080");

        io.netty.handler.codec.http.HttpHeaders serverToProxy = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("Mcp-Session-Id", "upstream-secret")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "close, X-Hop")
                .add("X-Hop", "1")
                .add("Server", "upstream")
                .add("Content-Type", "text/event-stream")
                .add("Cache-Control", "no-cache");
        HeaderHygiene.towardsClient(serverToProxy);
        assertThat(serverToProxy.names()).containsExactlyInAnyOrder("Content-Type", "Cache-Control");
    }

    @Test
    void nettysHeadersAreDroppedWhateverTheCaseOfTheirNames() {
        io.netty.handler.codec.http.HttpHeaders clientToProxy = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .add("AUTHORIZATION", "Bearer client-secret")
                .add("cookie", "sid=1")
                .add("HOST", "proxy:8080")
                .add("content-LENGTH", "12")
                .add("expect", "100-continue")
                .add("Transfer-encoding", "chunked")
                .add("UPGRADE", "h2c")
                .add("Trailer", "x")
                .add("proxy-connection", "keep-alive")
                .add("FORWARDED", "for=1.2.3.4")
                .add("x-forwarded-host", "evil")
                .add("X-FORWARDED-PROTO", "https")
                .add("MCP-SESSION-ID", "proxy-token")
                .add("Accept", "application/json");
        io.netty.handler.codec.http.HttpHeaders proxyToServer = new io.netty.handler.codec.http.DefaultHttpHeaders();
        HeaderHygiene.towardsUpstream(clientToProxy, proxyToServer, "127.0.0.1", "http", null);
        assertThat(proxyToServer.names()).containsExactlyInAnyOrder("Accept", "Forwarded", "X-Forwarded-For",
                "X-Forwarded-Proto");
        assertThat(proxyToServer.get("forwarded")).isEqualTo("for=1.2.3.4, for=127.0.0.1;proto=http");
        assertThat(proxyToServer.get("x-forwarded-proto")).isEqualTo("http");
    }
}
