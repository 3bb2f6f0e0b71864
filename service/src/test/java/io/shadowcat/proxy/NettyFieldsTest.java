package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** Netty's headers read through {@link NettyFields} answer as Jetty's own fields holding the same headers. */
class NettyFieldsTest {
    private static HttpHeaders netty() {
        return new DefaultHttpHeaders()
                .add("Host", "127.0.0.1:8080")
                .add("Authorization", "Bearer abc")
                .add("accept", "application/json")
                .add("Accept", "text/event-stream")
                .add("Mcp-Session-Id", "s-1")
                .add("X-Tenant", "a, b")
                .add("Content-Length", "42")
                .add("X-Count", "x");
    }

    private static HttpFields jetty(HttpHeaders headers) {
        HttpFields.Mutable fields = HttpFields.build();
        headers.forEach(header -> fields.add(header.getKey(), header.getValue()));
        return fields;
    }

    @Test
    void lookupsAnswerAsJettysFieldsDo() {
        HttpFields view = new NettyFields(netty());
        HttpFields jetty = jetty(netty());
        for (String name : new String[] {"host", "AUTHORIZATION", "Accept", "mcp-session-id", "x-tenant", "Origin"}) {
            assertThat(view.get(name)).as(name).isEqualTo(jetty.get(name));
            assertThat(view.contains(name)).as(name).isEqualTo(jetty.contains(name));
            assertThat(view.getValuesList(name)).as(name).isEqualTo(jetty.getValuesList(name));
            assertThat(view.getCSV(name, false)).as(name).isEqualTo(jetty.getCSV(name, false));
        }
        for (HttpHeader header : new HttpHeader[] {HttpHeader.HOST, HttpHeader.AUTHORIZATION, HttpHeader.ACCEPT, HttpHeader.ORIGIN}) {
            assertThat(view.get(header)).as(header.asString()).isEqualTo(jetty.get(header));
            assertThat(view.contains(header)).as(header.asString()).isEqualTo(jetty.contains(header));
            assertThat(view.getValuesList(header)).as(header.asString()).isEqualTo(jetty.getValuesList(header));
        }
        assertThat(view.getLongField(HttpHeader.CONTENT_LENGTH)).isEqualTo(jetty.getLongField(HttpHeader.CONTENT_LENGTH)).isEqualTo(42);
        assertThat(view.getLongField("content-length")).isEqualTo(42);
        assertThat(view.getLongField(HttpHeader.ORIGIN)).isEqualTo(jetty.getLongField(HttpHeader.ORIGIN)).isEqualTo(-1);
        assertThatThrownBy(() -> view.getLongField("X-Count")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> jetty.getLongField("X-Count")).isInstanceOf(NumberFormatException.class);
        assertThat(view.get(HttpHeader.ACCEPT)).isEqualTo("application/json");
        assertThat(view.getValuesList(HttpHeader.ACCEPT)).containsExactly("application/json", "text/event-stream");
    }

    @Test
    void walkingTheFieldsGivesThemInOrderAsJettysFields() {
        HttpFields view = new NettyFields(netty());
        assertThat(view.size()).isEqualTo(8);
        assertThat(view.stream().map(HttpField::toString)).containsExactlyElementsOf(
                jetty(netty()).stream().map(HttpField::toString).toList());
        assertThat(view.getField(2).getHeader()).isEqualTo(HttpHeader.ACCEPT);
        assertThat(Accepts.of(view)).isEqualTo(new Accepts(true, true));
        assertThat(Accepts.of(new NettyFields(new DefaultHttpHeaders()))).isEqualTo(new Accepts(false, false));
    }
}
