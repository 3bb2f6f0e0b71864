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
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rules file named in the configuration is read at start and reloaded by the running proxy when it
 * changes; an invalid version leaves the rules in force. Inline rules and file rules apply together.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RulesFileThroughProxyTest {
    private static final Path RULES = rulesFile();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/policy-rules-file.yml"),
            ConfigOverride.config("policy.rulesFile", RULES.toString()));
    private static long modified = 1_000_000;

    private static Path rulesFile() {
        try {
            Path file = Files.createTempFile("shadowcat-rules", ".yml");
            write(file, "rules:\n  - {id: no-echo, when: {tool: echo}, action: deny}\n");
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String yaml) throws Exception {
        Files.writeString(file, yaml);
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified += 1000));
    }

    private static int status(McpTestClient client, String tool) throws Exception {
        return client.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":{\"message\":\"hi\"}}}")
                .headers(h -> h.put("MCP-Protocol-Version", "2026-07-28").put("Mcp-Method", "tools/call").put("Mcp-Name", tool))
                .send().getStatus();
    }

    /** Polls until {@code tool} answers {@code expected}, for at most 10 s (the file is checked every 100 ms). */
    private static void awaitStatus(McpTestClient client, String tool, int expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (status(client, tool) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(status(client, tool)).isEqualTo(expected);
    }

    @Test
    void theRunningProxyPicksUpAChangedFileAndIgnoresAnInvalidOne() throws Exception {
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            assertThat(status(client, "echo")).isEqualTo(403);
            assertThat(status(client, "blocked-inline")).as("the inline rule").isEqualTo(403);

            write(RULES, "rules:\n  - {id: no-progress, when: {tool: progress}, action: deny}\n");
            awaitStatus(client, "echo", 200);
            assertThat(status(client, "progress")).isEqualTo(403);

            write(RULES, "rules:\n  - {id: broken, when: {tool: {regex: '('}}, action: deny}\n");
            write(RULES, "rules:\n  - {id: broken, when: {tool: {regex: '(('}}, action: deny}\n");
            Thread.sleep(500);
            assertThat(status(client, "progress")).as("the previous rules stay").isEqualTo(403);
            assertThat(status(client, "echo")).isEqualTo(200);
            assertThat(status(client, "blocked-inline")).isEqualTo(403);
        }
    }
}
