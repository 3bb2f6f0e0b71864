package io.shadowcat.upstream;

import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpField;

/**
 * The credential the proxy presents to one upstream, as a header. A static one is always at hand; one
 * obtained from an authorization server may have to be fetched first, which {@link #header()} never
 * waits for: callers continue when the returned future completes. Implementations are thread-safe.
 */
@FunctionalInterface
public interface UpstreamCredential {
    /** No credential: the upstream sees none. */
    UpstreamCredential NONE = fixed(null);

    /**
     * The header for the next request towards the upstream ({@code null} inside: none). Usually already
     * complete; completes exceptionally when no credential could be obtained.
     */
    CompletableFuture<HttpField> header();

    /** A credential that never changes. */
    static UpstreamCredential fixed(HttpField field) {
        CompletableFuture<HttpField> done = CompletableFuture.completedFuture(field);
        return () -> done;
    }
}
