package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/** An upstream's client takes its pool block's settings, and the proxy-wide ones for what the block leaves out. */
class PoolFactoryTest {
    private static final PoolDefaults DEFAULTS = new PoolDefaults(Duration.ofSeconds(5), Duration.ofMinutes(5), 128, 1024, 2);

    @Test
    void selectorsComeFromTheProxyWideDefaultUnlessThePoolBlockSetsThem() {
        PoolFactory unset = new PoolFactory();
        assertThat(selectors(unset.buildClient("a", DEFAULTS))).isEqualTo(2);
        PoolFactory own = new PoolFactory();
        own.setSelectors(3);
        assertThat(selectors(own.buildClient("b", DEFAULTS))).isEqualTo(3);
        PoolFactory h2c = new PoolFactory();
        h2c.setProtocol(PoolFactory.Protocol.H2C);
        assertThat(selectors(h2c.buildClient("c", new PoolDefaults(Duration.ofSeconds(5), Duration.ofMinutes(5), 128, 1024, 1))))
                .isEqualTo(1);
    }

    @Test
    void anUpstreamNeedsASelector() {
        assertThatThrownBy(() -> new PoolDefaults(Duration.ofSeconds(5), Duration.ofMinutes(5), 128, 1024, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector");
    }

    private static int selectors(HttpClient client) {
        return client.getClientConnector().getSelectors();
    }
}
