package io.shadowcat.interop;

import io.dropwizard.testing.ConfigOverride;
import io.shadowcat.testing.Endpoint;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official MCP Java SDK client talking to the official reference server through Shadowcat: the
 * same scenario as {@link ReferenceServerInteropTest}, with the proxy in between. A deleted session
 * answers 404 here, as the spec says, because the proxy remembers it ended.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ProxiedReferenceServerInteropTest extends McpClientScenario {
    private static final ReferenceServer SERVER = start();
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/single-upstream.yml"),
            ConfigOverride.config("upstreams[0].url", () -> SERVER.uri().toString()),
            ConfigOverride.config("proxy.responseTimeout", "10s"));

    private static ReferenceServer start() {
        try {
            return ReferenceServer.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Override
    protected URI endpoint() {
        return URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp");
    }
}
