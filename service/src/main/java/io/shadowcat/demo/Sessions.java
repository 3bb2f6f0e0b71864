package io.shadowcat.demo;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open sessions of the session-based protocol versions, keyed by the {@code Mcp-Session-Id}
 * that {@code initialize} issued. A closed session is forgotten, so it is as unknown as one that
 * never existed.
 *
 * <p>Thread-safe (a concurrent set). Unbounded: sessions live until DELETE or server stop, which
 * suits demos and benchmarks that initialize a bounded number of clients.
 */
final class Sessions {
    static final String HEADER = "Mcp-Session-Id";

    /** What a request's {@code Mcp-Session-Id} header names. */
    enum Status { MISSING, UNKNOWN, OPEN }

    private final Set<String> open = ConcurrentHashMap.newKeySet();

    /** Opens a session and returns its new random id. */
    String open() {
        String id = UUID.randomUUID().toString();
        open.add(id);
        return id;
    }

    /** Checks a header value, which may be null when the header is absent. */
    Status check(String id) {
        if (id == null) {
            return Status.MISSING;
        }
        return open.contains(id) ? Status.OPEN : Status.UNKNOWN;
    }

    void close(String id) {
        open.remove(id);
    }
}
