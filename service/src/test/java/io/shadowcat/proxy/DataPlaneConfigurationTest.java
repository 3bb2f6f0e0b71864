package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.jetty.HttpsConnectorFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.shadowcat.upstream.PoolDefaults;
import io.shadowcat.upstream.PoolFactory;
import io.shadowcat.upstream.Upstream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which server configurations {@code proxy.dataPlane: netty} accepts, what it refuses with a clear reason, and where
 * {@code auto} (the default) leaves the application port to Jetty's connector instead.
 */
class DataPlaneConfigurationTest {
    private static final PoolDefaults POOL = new PoolDefaults(Duration.ofSeconds(5), Duration.ofMinutes(5), 128, 1024, 1);

    private static ProxyFactory plane(String dataPlane) {
        ProxyFactory proxy = new ProxyFactory();
        proxy.setDataPlane(dataPlane);
        return proxy;
    }

    private static DefaultServerFactory withoutRequestLog() {
        DefaultServerFactory server = new DefaultServerFactory();
        LogbackAccessRequestLogFactory requestLog = new LogbackAccessRequestLogFactory();
        requestLog.setAppenders(List.of());
        server.setRequestLogFactory(requestLog);
        return server;
    }

    private static HttpConnectorFactory connector(DefaultServerFactory server) {
        return (HttpConnectorFactory) server.getApplicationConnectors().get(0);
    }

    @Test
    void autoIsTheDefault() {
        assertThat(new ProxyFactory().getDataPlane()).isEqualTo("auto");
    }

    @Test
    void jettyBuildsNoDataPlaneAndLeavesTheConnectorAlone() {
        DefaultServerFactory server = withoutRequestLog();
        assertThat(plane("jetty").buildDataPlane(server, "application", null)).isEmpty();
        assertThat(connector(server).isUseProxyProtocol()).isFalse();
        assertThat(connector(server).getPort()).isEqualTo(8080);
    }

    @Test
    void forwardedHeadersAreRefusedForTheConnectionsOwnAddress() {
        DefaultServerFactory server = withoutRequestLog();
        connector(server).setUseForwardedHeaders(true);
        assertThatThrownBy(() -> plane("netty").buildDataPlane(server, "application", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("useForwardedHeaders: false");
        assertThat(plane("auto").buildDataPlane(server, "application", null)).isEmpty();
        assertThat(connector(server).isUseProxyProtocol()).isFalse();
    }

    @Test
    void oneApplicationConnectorOfTypeHttpIsNeeded() {
        DefaultServerFactory tls = withoutRequestLog();
        tls.setApplicationConnectors(List.of(new HttpsConnectorFactory()));
        DefaultServerFactory two = withoutRequestLog();
        two.setApplicationConnectors(List.of(new HttpConnectorFactory(), new HttpConnectorFactory()));
        for (var server : List.of(tls, two, new SimpleServerFactory())) {
            assertThatThrownBy(() -> plane("netty").buildDataPlane(server, "application", null))
                    .as(server.toString())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("one connector of type http");
            assertThat(plane("auto").buildDataPlane(server, "application", null)).as(server.toString()).isEmpty();
        }
        assertThat(two.getApplicationConnectors()).allSatisfy(c -> assertThat(((HttpConnectorFactory) c).getPort()).isEqualTo(8080));
    }

    @Test
    void autoLeavesTheApplicationPortToJettyWhileTheRequestLogIsOn() {
        DefaultServerFactory server = new DefaultServerFactory();
        assertThat(server.getRequestLogFactory().isEnabled()).as("Dropwizard's default request log").isTrue();
        assertThat(plane("auto").buildDataPlane(server, "application", null)).isEmpty();
        assertThat(connector(server).isUseProxyProtocol()).isFalse();
    }

    @Test
    void theLoopsServeOnlyPlainHttp11UpstreamsWithAConnectionPerLoop() {
        Upstream plain = Upstream.builder("plain").endpoint(URI.create("http://127.0.0.1:9000/mcp"))
                .client(new PoolFactory().buildClient("plain", POOL)).build();
        Upstream embedded = Upstream.builder("embedded").client(new PoolFactory().buildClient("embedded", POOL)).build();
        Upstream tls = Upstream.builder("tls").endpoint(URI.create("https://mcp.example.com/mcp"))
                .client(new PoolFactory().buildClient("tls", POOL)).build();
        PoolFactory h2cPool = new PoolFactory();
        h2cPool.setProtocol(PoolFactory.Protocol.H2C);
        Upstream h2c = Upstream.builder("h2c").endpoint(URI.create("http://127.0.0.1:9001/mcp"))
                .client(h2cPool.buildClient("h2c", POOL)).build();
        PoolFactory onePool = new PoolFactory();
        onePool.setMaxConnections(1);
        Upstream one = Upstream.builder("one").endpoint(URI.create("http://127.0.0.1:9002/mcp"))
                .client(onePool.buildClient("one", POOL)).build();

        assertThat(NettyDataPlane.loopRefusal(List.of(plain, embedded), 2)).isNull();
        assertThat(NettyDataPlane.loopRefusal(List.of(plain, tls), 2)).isEqualTo("upstream tls is not plain http over HTTP/1.1");
        assertThat(NettyDataPlane.loopRefusal(List.of(h2c), 2)).isEqualTo("upstream h2c is not plain http over HTTP/1.1");
        assertThat(NettyDataPlane.loopRefusal(List.of(one), 1)).isNull();
        assertThat(NettyDataPlane.loopRefusal(List.of(one), 2))
                .isEqualTo("upstream one allows fewer connections than there are event loops, 2");
    }
}
