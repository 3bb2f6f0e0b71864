package io.shadowcat.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/**
 * A request's headers as Netty decoded them, read as Jetty's {@link HttpFields} by the stages, which share their code
 * with the Jetty data plane. The lookups by name the stages make (a field's first value, all its values, whether it is
 * there) go to Netty's headers as they are; only what walks every field (iteration, {@link #getField(int)}) copies them
 * into Jetty's fields, once, on first need. Immutable; confined to the exchange's event loop.
 */
final class NettyFields implements HttpFields {
    private final HttpHeaders headers;
    private List<HttpField> fields;

    NettyFields(HttpHeaders headers) {
        this.headers = headers;
    }

    @Override
    public String get(String name) {
        return headers.get(name);
    }

    @Override
    public String get(HttpHeader header) {
        return get(header.asString());
    }

    @Override
    public boolean contains(String name) {
        return headers.contains(name);
    }

    @Override
    public boolean contains(HttpHeader header) {
        return contains(header.asString());
    }

    @Override
    public List<String> getValuesList(String name) {
        return headers.getAll(name);
    }

    @Override
    public List<String> getValuesList(HttpHeader header) {
        return getValuesList(header.asString());
    }

    @Override
    public long getLongField(String name) {
        String value = headers.get(name);
        return value == null ? -1L : new HttpField(name, value).getLongValue();
    }

    @Override
    public long getLongField(HttpHeader header) {
        // The field made with its known header: no lookup of the name in Jetty's header table.
        String value = headers.get(header.asString());
        return value == null ? -1L : new HttpField(header, value).getLongValue();
    }

    @Override
    public int size() {
        return headers.size();
    }

    @Override
    public ListIterator<HttpField> listIterator(int index) {
        return fields().listIterator(index);
    }

    private List<HttpField> fields() {
        if (fields == null) {
            List<HttpField> copy = new ArrayList<>(headers.size());
            for (Map.Entry<String, String> header : headers) {
                copy.add(new HttpField(header.getKey(), header.getValue()));
            }
            fields = Collections.unmodifiableList(copy);
        }
        return fields;
    }

    @Override
    public String toString() {
        return asString();
    }
}
