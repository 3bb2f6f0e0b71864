package io.shadowcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.shadowcat.upstream.BalancingFactory;
import io.shadowcat.upstream.CircuitBreaker;
import io.shadowcat.upstream.HealthProbe;
import io.shadowcat.upstream.Upstream;
import io.shadowcat.upstream.UpstreamHealth;
import io.shadowcat.upstream.WeightedSelector;
import io.shadowcat.upstream.UpstreamFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.Test;

class ConfigurationTest {
    private final ObjectMapper mapper = Jackson.newObjectMapper();
    private final YamlConfigurationFactory<ShadowcatConfiguration> factory =
            new YamlConfigurationFactory<>(ShadowcatConfiguration.class, Validators.newValidator(), mapper, "dw");

    private ShadowcatConfiguration resource(String name) throws Exception {
        return factory.build(new ResourceConfigurationSourceProvider(), "config/" + name);
    }

    @Test
    void theShippedDefaultRunsAnEmbeddedDemoOnLoopback() throws Exception {
        ShadowcatConfiguration config = factory.build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new EnvironmentVariableSubstitutor(false)), Path.of("..", "config.yml").toString());
        assertThat(config.getUpstreams()).singleElement().satisfies(upstream -> {
            assertThat(upstream.getName()).isEqualTo("demo");
            assertThat(upstream.isEmbedded()).isTrue();
        });
        assertThat(config.getProxy().getPath()).isEqualTo("/mcp");
        assertThat(config.getJfr().isEnabled()).isTrue();
        assertThat(mapper.valueToTree(config.getServerFactory()).toString())
                .contains("\"bindHost\":\"127.0.0.1\"", "\"port\":8080", "\"port\":8081");
    }

    @Test
    void remoteUpstreamsWithCredentials() throws Exception {
        ShadowcatConfiguration config = resource("remote-upstreams.yml");
        assertThat(config.getProxy().getPath()).isEqualTo("/gateway/mcp");
        assertThat(config.getProxy().getMaxRequestSize().toBytes()).isEqualTo(64 * 1024);
        assertThat(config.getUpstreams()).extracting(UpstreamFactory::getName).containsExactly("search", "files");
        Upstream search = build(config, 0);
        assertThat(search.endpoint()).hasToString("http://127.0.0.1:9001/mcp");
        assertThat(search.credential().header().join().getName()).isEqualTo("Authorization");
        assertThat(search.credential().header().join().getValue()).isEqualTo("Bearer upstream-token");
        Upstream files = build(config, 1);
        assertThat(files.credential().header().join().getName()).isEqualTo("X-Api-Key");
        assertThat(files.credential().header().join().getValue()).isEqualTo("k-123");
        assertThat(config.getSessions().build(java.time.Clock.systemUTC())).isNotNull();
    }

    private static Upstream build(ShadowcatConfiguration config, int index) {
        return config.getUpstreams().get(index).build(config.getProxy().poolDefaults(), config.getBalancing(), System::nanoTime);
    }

    @Test
    void poolBalancingHealthAndBreakerSettings() throws Exception {
        ShadowcatConfiguration config = resource("resilience.yml");
        assertThat(config.getBalancing().getStrategy()).isEqualTo(BalancingFactory.Strategy.WEIGHTED);
        assertThat(config.getBalancing().buildSelector()).isInstanceOf(WeightedSelector.class);
        assertThat(config.getProxy().getSseKeepAlive().toSeconds()).isEqualTo(10);
        Upstream big = build(config, 0);
        assertThat(big.weight()).isEqualTo(3);
        assertThat(big.client().getMaxConnectionsPerDestination()).isEqualTo(128);
        assertThat(big.client().getMaxRequestsQueuedPerDestination()).as("connections plus queue places").isEqualTo(128 + 256);
        assertThat(big.client().getIdleTimeout()).isEqualTo(30_000);
        assertThat(big.client().getTransport()).isInstanceOf(HttpClientTransportOverHTTP2.class);
        assertThat(big.probe()).isEqualTo(new HealthProbe("/healthz", Duration.ofSeconds(5), Duration.ofSeconds(1)));
        UpstreamFactory bigFactory = config.getUpstreams().get(0);
        assertThat(bigFactory.getOutlierDetection().build(bigFactory.getHealthCheck())).isEqualTo(
                new UpstreamHealth.Settings(1, 2, 3, 0.25, 40, Duration.ofSeconds(20), Duration.ofMinutes(1)));
        assertThat(bigFactory.getCircuitBreaker().build()).isEqualTo(new CircuitBreaker.Settings(10, Duration.ofSeconds(5), 2));

        Upstream small = build(config, 1);
        assertThat(small.weight()).isEqualTo(1);
        assertThat(small.probe()).as("no healthCheck block: passive health only").isNull();
        assertThat(small.client().getMaxConnectionsPerDestination()).as("the proxy-wide default").isEqualTo(64);
        assertThat(small.client().getIdleTimeout()).isEqualTo(120_000);
        assertThat(small.client().getTransport()).isInstanceOf(HttpClientTransportOverHTTP.class);
        assertThat(config.getUpstreams().get(1).getCircuitBreaker().build()).isEqualTo(CircuitBreaker.Settings.defaults());
    }

    @Test
    void anUnknownStrategyIsNamed() {
        assertThatThrownBy(() -> factory.build(new ResourceConfigurationSourceProvider() {
            @Override
            public java.io.InputStream open(String path) {
                return new java.io.ByteArrayInputStream(("upstreams: [{name: a, url: 'http://127.0.0.1:9/mcp'}]\n"
                        + "balancing: {strategy: fastest}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }, "inline.yml")).isInstanceOf(ConfigurationException.class).hasMessageContaining("balancing.strategy");
    }

    @Test
    void anUpstreamNeedsExactlyOneOfUrlAndEmbedded() {
        assertThatThrownBy(() -> resource("both-url-and-embedded.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("needs exactly one of url");
    }

    @Test
    void anUnknownCredentialTypeIsNamed() {
        assertThatThrownBy(() -> resource("unknown-credentials.yml"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("kerberos");
    }

    @Test
    void aBadSessionKeyIsRefusedWithAReason() {
        io.shadowcat.session.SessionsFactory sessions = new io.shadowcat.session.SessionsFactory();
        sessions.setKey("c2hvcnQ=");
        assertThatThrownBy(() -> sessions.build(java.time.Clock.systemUTC()))
                .hasMessageContaining("16, 24 or 32 bytes");
        sessions.setKey("%%%");
        assertThatThrownBy(() -> sessions.build(java.time.Clock.systemUTC())).hasMessageContaining("base64");
    }
}
