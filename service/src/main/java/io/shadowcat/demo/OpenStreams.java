package io.shadowcat.demo;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The standalone GET streams that are open. Before the server stops it ends each of them with a
 * clean last chunk, so clients see their stream end rather than a broken connection.
 *
 * <p>Thread-safe. A stream opened while the streams are being ended is ended at once.
 */
final class OpenStreams {
    private final Set<KeepAliveStream> streams = ConcurrentHashMap.newKeySet();
    private final Pacer pacer;
    private final Duration keepAliveInterval;
    private volatile boolean ending;

    OpenStreams(Pacer pacer, Duration keepAliveInterval) {
        this.pacer = pacer;
        this.keepAliveInterval = keepAliveInterval;
    }

    /** Opens a keep-alive stream as the answer to {@code request}. */
    void open(Request request, Response response, Callback callback) {
        KeepAliveStream stream = new KeepAliveStream(response, callback, pacer, keepAliveInterval);
        streams.add(stream);
        stream.closed().whenComplete((ignored, failure) -> streams.remove(stream));
        stream.open(request);
        if (ending) {
            stream.end();
        }
    }

    /** Ends every open stream, for good; completes when their last chunks have been sent. */
    CompletableFuture<Void> endAll() {
        ending = true;
        return CompletableFuture.allOf(
                streams.stream().map(KeepAliveStream::end).toArray(CompletableFuture[]::new));
    }

    /** True once {@link #endAll()} has been called: new streams would be ended at once. */
    boolean isEnding() {
        return ending;
    }
}
