package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import io.shadowcat.testing.ScriptedUpstream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.io.Content;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An upstream pool configured for cleartext HTTP/2: the client speaks HTTP/1.1 to the proxy, the proxy h2c upstream. */
@ExtendWith(DropwizardExtensionsSupport.class)
class H2cUpstreamTest {
    private static final ScriptedUpstream UPSTREAM = startUpstream();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> UPSTREAM.endpoint().toString()),
            ConfigOverride.config("upstreams[0].pool.protocol", "h2c"));

    private static ScriptedUpstream startUpstream() {
        try {
            ScriptedUpstream upstream = ScriptedUpstream.startH2c();
            upstream.behave((request, response, callback) -> {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                if (body.contains("\"initialize\"")) {
                    response.getHeaders().put("Mcp-Session-Id", "h2-session");
                }
                ScriptedUpstream.json(response, callback, 200, "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocol\":\""
                        + request.getConnectionMetaData().getProtocol() + "\"}}");
            });
            return upstream;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void stopUpstream() throws Exception {
        UPSTREAM.close();
    }

    @Test
    void requestsReachTheUpstreamOverHttp2() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String session = client.initialize("2025-06-18");
            ContentResponse response = client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                    .headers(h -> h.put("Mcp-Session-Id", session)).send();
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getVersion().asString()).isEqualTo("HTTP/1.1");
            assertThat(McpTestClient.message(response.getContentAsString()).at("/result/protocol").asText()).isEqualTo("HTTP/2.0");
            assertThat(UPSTREAM.received().get(1).get("Mcp-Session-Id")).isEqualTo("h2-session");
        }
    }
}
