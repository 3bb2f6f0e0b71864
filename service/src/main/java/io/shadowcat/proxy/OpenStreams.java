package io.shadowcat.proxy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standalone event streams (GET) open through the proxy, so a shutdown can end them cleanly:
 * they carry no pending request, so nothing is lost, and waiting for them would only hold the
 * shutdown until its deadline. Thread-safe.
 */
final class OpenStreams {
    /** A standalone event stream, on either data plane. */
    interface Stream {
        /** Ends the stream at its next event boundary (at once when it is at one); callable from any thread. */
        void endSoon();
    }

    private final Set<Stream> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** Tracks {@code stream} until {@link #remove}; one opened after closing began is ended at once. */
    void add(Stream stream) {
        open.add(stream);
        if (closing) {
            stream.endSoon();
        }
    }

    void remove(Stream stream) {
        open.remove(stream);
    }

    /** Ends every open stream at its next event boundary, and every one opened from now on. */
    void endAll() {
        closing = true;
        open.forEach(Stream::endSoon);
    }
}
