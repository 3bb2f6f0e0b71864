package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which server configurations {@code proxy.dataPlane: netty} accepts, and what it refuses with a clear reason. */
class DataPlaneConfigurationTest {
    private static ProxyFactory netty() {
        ProxyFactory proxy = new ProxyFactory();
        proxy.setDataPlane("netty");
        return proxy;
    }

    @Test
    void jettyBuildsNoDataPlaneAndLeavesTheConnectorAlone() {
        DefaultServerFactory server = new DefaultServerFactory();
        HttpConnectorFactory http = (HttpConnectorFactory) server.getApplicationConnectors().get(0);
        assertThat(new ProxyFactory().buildDataPlane(server, "application", null)).isEmpty();
        assertThat(http.isUseProxyProtocol()).isFalse();
        assertThat(http.getPort()).isEqualTo(8080);
    }

    @Test
    void forwardedHeadersAreRefusedForTheConnectionsOwnAddress() {
        DefaultServerFactory server = new DefaultServerFactory();
        ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setUseForwardedHeaders(true);
        assertThatThrownBy(() -> netty().buildDataPlane(server, "application", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("useForwardedHeaders: false");
    }

    @Test
    void oneApplicationConnectorOfTypeHttpIsNeeded() {
        DefaultServerFactory tls = new DefaultServerFactory();
        tls.setApplicationConnectors(List.of(new HttpsConnectorFactory()));
        DefaultServerFactory two = new DefaultServerFactory();
        two.setApplicationConnectors(List.of(new HttpConnectorFactory(), new HttpConnectorFactory()));
        for (var server : List.of(tls, two, new SimpleServerFactory())) {
            assertThatThrownBy(() -> netty().buildDataPlane(server, "application", null))
                    .as(server.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one connector of type http");
        }
    }
}
