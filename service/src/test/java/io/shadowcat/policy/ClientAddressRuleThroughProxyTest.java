package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client address rules see the address of the client's connection: a client on 127.0.0.1 is caught by a loopback
 * block and by its own address, and not by another IPv4 block or by the IPv6 loopback.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ClientAddressRuleThroughProxyTest {
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/policy-rules-file.yml"),
            ConfigOverride.config("policy.rulesFile", rulesFile().toString()));

    private static Path rulesFile() {
        try {
            Path file = Files.createTempFile("shadowcat-address-rules", ".yml");
            Files.writeString(file, """
                    rules:
                      - {id: loopback-block, when: {tool: loopback-block, clientAddress: 127.0.0.0/8}, action: deny}
                      - {id: own-address, when: {tool: own-address, clientAddress: 127.0.0.1}, action: deny}
                      - {id: other-block, when: {tool: other-block, clientAddress: [10.0.0.0/8, 192.168.0.0/16]}, action: deny}
                      - {id: ipv6-loopback, when: {tool: ipv6-loopback, clientAddress: '::1/128'}, action: deny}
                    """);
            file.toFile().deleteOnExit();
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentResponse call(McpTestClient client, String tool) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":{\"message\":\"hi\"}}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", tool))
                .send();
    }

    @Test
    void rulesMatchTheConnectionsAddress() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            ContentResponse refused = call(client, "loopback-block");
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(refused.getContentAsString()).contains("\"id\":5").contains("loopback-block");
            assertThat(call(client, "own-address").getStatus()).isEqualTo(403);
            // Tools no rule names, so the upstream answers them as it answers any unknown tool.
            ContentResponse control = call(client, "no-rule");
            assertThat(control.getStatus()).isNotEqualTo(403);
            for (String passed : new String[] {"other-block", "ipv6-loopback"}) {
                ContentResponse answer = call(client, passed);
                assertThat(answer.getStatus()).as(passed + ": not the client's address, passed to the upstream")
                        .isEqualTo(control.getStatus());
                assertThat(answer.getContentAsString()).doesNotContain("policy rule");
            }
        }
    }
}
