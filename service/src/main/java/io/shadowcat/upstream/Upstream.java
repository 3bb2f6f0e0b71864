package io.shadowcat.upstream;

import java.net.URI;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;

/**
 * One MCP server behind the proxy: its name (what sessions are pinned to), its endpoint, and the
 * credential the proxy presents to it. Thread-safe; the endpoint of an embedded upstream is set once
 * when its server has started.
 */
public final class Upstream {
    private final String name;
    private final HttpField credential;
    private volatile URI endpoint;

    public Upstream(String name, URI endpoint, HttpField credential) {
        this.name = Objects.requireNonNull(name, "name");
        this.endpoint = endpoint;
        this.credential = credential;
    }

    public String name() {
        return name;
    }

    /** The MCP endpoint URL; {@code null} only while an embedded server has not started. */
    public URI endpoint() {
        return endpoint;
    }

    /** Sets the endpoint of an embedded upstream once its server listens. */
    public void bind(URI started) {
        this.endpoint = Objects.requireNonNull(started, "started");
    }

    /** The header the proxy adds towards this upstream, or {@code null}. */
    public HttpField credential() {
        return credential;
    }

    @Override
    public String toString() {
        return name + "=" + endpoint;
    }
}
