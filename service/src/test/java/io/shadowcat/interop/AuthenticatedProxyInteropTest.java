package io.shadowcat.interop;

import io.dropwizard.testing.ConfigOverride;
import io.shadowcat.testing.Endpoint;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.auth.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official MCP Java SDK client, presenting a bearer token, through Shadowcat with auth on, to the
 * official reference server: the whole scenario of {@link McpClientScenario} passes the auth stage.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AuthenticatedProxyInteropTest extends McpClientScenario {
    private static final ReferenceServer SERVER = start();
    private static final String TOKEN = TestTokens.valid("sdk-client");
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/jwt-auth.yml"),
            ConfigOverride.config("upstreams[0].embedded", "false"),
            ConfigOverride.config("upstreams[0].url", () -> SERVER.uri().toString()),
            ConfigOverride.config("proxy.responseTimeout", "10s"),
            ConfigOverride.config("auth.keys.path", () -> TestTokens.jwksFile(TestTokens.RSA).toString()));

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

    @Override
    protected String bearerToken() {
        return TOKEN;
    }
}
