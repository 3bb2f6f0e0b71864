package io.shadowcat.upstream;

import java.net.URI;
import java.util.Objects;

/**
 * One MCP server behind the proxy: its name (what sessions are pinned to), its endpoint, and the
 * credential the proxy presents to it. Thread-safe; the endpoint of an embedded upstream is set once
 * when its server has started.
 */
public final class Upstream {
    private final String name;
    private final UpstreamCredential credential;
    private volatile URI endpoint;

    public Upstream(String name, URI endpoint, UpstreamCredential credential) {
        this.name = Objects.requireNonNull(name, "name");
        this.endpoint = endpoint;
        this.credential = credential == null ? UpstreamCredential.NONE : credential;
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

    /** What the proxy presents to this upstream; {@link UpstreamCredential#NONE} when nothing. */
    public UpstreamCredential credential() {
        return credential;
    }

    @Override
    public String toString() {
        return name + "=" + endpoint;
    }
}
