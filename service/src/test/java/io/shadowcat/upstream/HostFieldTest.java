package io.shadowcat.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.Test;

/** The Host an upstream's requests carry: its own authority as HTTP/1.1 wants it, made once per endpoint. */
class HostFieldTest {
    private static final PoolDefaults DEFAULTS = new PoolDefaults(Duration.ofSeconds(5), Duration.ofMinutes(5), 128, 1024, 1);

    private static String host(String endpoint) {
        Upstream upstream = Upstream.builder("u").client(new PoolFactory().buildClient("u", DEFAULTS)).build();
        return upstream.hostField(URI.create(endpoint)).getValue();
    }

    @Test
    void hostAndPortWithoutTheDefaultPortOrUserInfo() {
        assertThat(host("http://127.0.0.1:8080/mcp")).isEqualTo("127.0.0.1:8080");
        assertThat(host("http://mcp.example.com/mcp")).isEqualTo("mcp.example.com");
        assertThat(host("http://mcp.example.com:80/mcp")).isEqualTo("mcp.example.com");
        assertThat(host("https://mcp.example.com:443/mcp")).isEqualTo("mcp.example.com");
        assertThat(host("https://mcp.example.com:8443/mcp")).isEqualTo("mcp.example.com:8443");
        assertThat(host("http://user:secret@mcp.example.com:9000/mcp")).isEqualTo("mcp.example.com:9000");
        assertThat(host("http://[::1]:9000/mcp")).isEqualTo("[::1]:9000");
    }

    @Test
    void madeOncePerEndpointAndAgainWhenItChanges() {
        Upstream upstream = Upstream.builder("u").client(new PoolFactory().buildClient("u", DEFAULTS)).build();
        URI first = URI.create("http://127.0.0.1:8080/mcp");
        HttpField field = upstream.hostField(first);
        assertThat(upstream.hostField(first)).isSameAs(field);
        assertThat(upstream.hostField(URI.create("http://127.0.0.1:8081/mcp")).getValue()).isEqualTo("127.0.0.1:8081");
    }

    @Test
    void noneOverHttp2WhichCarriesTheAuthorityItself() {
        PoolFactory h2c = new PoolFactory();
        h2c.setProtocol(PoolFactory.Protocol.H2C);
        Upstream upstream = Upstream.builder("u").client(h2c.buildClient("u", DEFAULTS)).build();
        assertThat(upstream.hostField(URI.create("http://127.0.0.1:8080/mcp"))).isNull();
    }
}
