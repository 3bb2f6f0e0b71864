package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.upstream.ClientCredentialsFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code auth:} block and the client-credentials upstream credential, parsed from YAML fixtures. */
class AuthConfigurationTest {
    private final YamlConfigurationFactory<ShadowcatConfiguration> factory = new YamlConfigurationFactory<>(
            ShadowcatConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    @Test
    void theShippedDefaultHasAuthOnWithTheDevelopmentKey() throws Exception {
        ShadowcatConfiguration config = factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), Path.of("..", "config.yml").toString());
        assertThat(config.getAuth()).isInstanceOfSatisfying(JwtAuthFactory.class, jwt -> {
            assertThat(jwt.getResource()).hasToString("http://127.0.0.1:8080/mcp");
            assertThat(jwt.getRequiredScopes()).containsExactly("mcp");
            assertThat(jwt.getKeys()).isInstanceOfSatisfying(DevelopmentKeysFactory.class,
                    keys -> assertThat(keys.getPath()).isEqualTo("shadowcat-dev-key.json"));
        });
    }

    @Test
    void everyAuthSettingAndTheClientCredentialsUpstream() throws Exception {
        ShadowcatConfiguration config = factory.build(new ResourceConfigurationSourceProvider(), "config/auth-full.yml");
        JwtAuthFactory jwt = (JwtAuthFactory) config.getAuth();
        assertThat(jwt.getIssuer()).isEqualTo("https://idp.example");
        assertThat(jwt.getAlgorithms()).containsExactly("RS256", "ES256");
        assertThat(jwt.getClockSkew().toSeconds()).isEqualTo(30);
        assertThat(jwt.getMaxTokenSize().toBytes()).isEqualTo(8192);
        assertThat(jwt.getCacheMaxAge().toMinutes()).isEqualTo(2);
        assertThat(jwt.getKeys()).isInstanceOfSatisfying(JwksUriKeysFactory.class, keys -> {
            assertThat(keys.getUri()).hasToString("https://idp.example/.well-known/jwks.json");
            assertThat(keys.getMinRefetchInterval().toMinutes()).isEqualTo(1);
        });
        assertThat(jwt.getIntrospection().getEndpoint()).hasToString("https://idp.example/introspect");
        assertThat(config.getUpstreams().get(0).getCredentials()).isInstanceOfSatisfying(ClientCredentialsFactory.class, cc -> {
            assertThat(cc.getTokenUrl()).hasToString("http://127.0.0.1:9100/token");
            assertThat(cc.getRefreshBefore().toMinutes()).isEqualTo(2);
        });
    }

    @Test
    void authNoneAsAScalarOrABlock() throws Exception {
        assertThat(factory.build(new ResourceConfigurationSourceProvider(), "config/auth-none.yml").getAuth())
                .isInstanceOf(NoAuthFactory.class);
        assertThat(factory.build(new ResourceConfigurationSourceProvider(), "config/auth-none-block.yml").getAuth())
                .isInstanceOf(NoAuthFactory.class);
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "config/auth-scalar-typo.yml"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("auth: 'jwt' is not a mode");
    }

    @Test
    void hmacWithoutItsOwnSecretIsRefused() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider(), "config/auth-hmac-without-secret.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("HS* together with an hmacSecret");
    }
}
