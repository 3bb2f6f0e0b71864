package io.shadowcat.proxy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * Gives Jetty's per-connection cache of request header fields to busy client connections only, and to at
 * most a fixed number of them at once.
 *
 * <p>The cache lets the parser match a repeated {@code Authorization} (and {@code Accept}, {@code Host}, ...)
 * field whole instead of a byte at a time, which halves the parse of a request carrying a RS256 bearer token;
 * but it is a table of 48 characters per byte of its size, about 98 KB at the 1 KiB a token needs. On every
 * connection that would be 98 MB at 1,000 mostly idle clients; here a connection qualifies at its
 * {@value #QUALIFYING_REQUESTS}th request (an idle MCP client sends two or three), keeps the cache until it
 * closes, and no more than {@code limit} connections hold one at a time, so the cost is bounded by
 * {@code limit} × ~98 KB whatever the number of clients. A connection that finds the budget spent asks again
 * every {@value #QUALIFYING_REQUESTS} requests. HTTP/1.1 only: an HTTP/2 connection's header blocks are HPACK-coded,
 * with a table of their own.
 *
 * <p>Called on the request's thread as its handling begins, for every request of the MCP connectors: the parser
 * only reads the cache while it parses a header block, and the connection's next one is parsed after this
 * request's hand-over (a header block it cannot parse ends the connection). Thread-safe.
 */
final class HeaderFieldCaches {
    /** No connection gets a cache from here (the connector's own setting applies). */
    static final HeaderFieldCaches NONE = new HeaderFieldCaches(0, 0);
    /** A connection qualifies at every this-many-th request it sends. */
    static final int QUALIFYING_REQUESTS = 16;

    private final int limit;
    private final int size;
    private final AtomicInteger held = new AtomicInteger();

    /**
     * @param limit how many connections may hold a cache at once (0: none)
     * @param size  each cache's size in bytes: header fields longer than this are not cached
     */
    HeaderFieldCaches(int limit, int size) {
        if (limit < 0 || size < 0 || (limit > 0 && size == 0)) {
            throw new IllegalArgumentException("header field caches need a limit >= 0 and a size > 0");
        }
        this.limit = limit;
        this.size = size;
    }

    /**
     * Gives the request's connection a cache if it qualifies now and the budget allows, and makes sure that any
     * cache it has is read exactly; for every request of the MCP connectors, before anything else is done with it.
     */
    void offer(ConnectionMetaData request) {
        if (!(request.getConnection() instanceof HttpConnection http)) {
            return;
        }
        HttpParser parser = http.getParser();
        if (parser.getHeaderCacheSize() > 0) {
            exact(parser);
        } else if (limit > 0 && http.getMessagesIn() % QUALIFYING_REQUESTS == 0 && take()) {
            parser.setHeaderCacheSize(size);
            Release release = new Release();
            http.addEventListener(release);
            if (!http.getEndPoint().isOpen()) {
                // Closed while the slot was taken: its onClosed may have run before the listener was added.
                release.onClosed(http);
            }
        }
    }

    /**
     * Jetty's cache ignores letter case unless told otherwise, and a hit then stands for the bytes sent: a bearer
     * token with one letter's case changed would be read as the cached token. Told to match case, the parser
     * compares every hit with the bytes sent and reads them as sent when they differ, but a case-sensitive table
     * puts each upper-case letter behind a second array, which made the whole proxy ~25% slower than no cache at
     * all with RS256 tokens (docs/performance_guide.md, section 6). So the table is built ignoring case and hits
     * are compared exactly: the parser builds its table (once, from the fields of the request that filled it) when
     * it is first asked for it, with the case rule of that moment, and checks hits with the rule of the moment it
     * parses. Here, between two header blocks (the parser is idle while a request's handling begins), the table is
     * built ignoring case and the parser is left comparing exactly, so no header block is ever read from the cache
     * without the comparison. The connectors also set exact matching for every parser they create.
     */
    private static void exact(HttpParser parser) {
        parser.setHeaderCacheCaseSensitive(false);
        parser.getFieldCache();
        parser.setHeaderCacheCaseSensitive(true);
    }

    /** How many connections hold a cache now. */
    int held() {
        return held.get();
    }

    private boolean take() {
        for (int n = held.get(); n < limit; n = held.get()) {
            if (held.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Gives a closed connection's slot back, once. */
    private final class Release extends AtomicBoolean implements Connection.Listener {
        @Override
        public void onClosed(Connection connection) {
            if (compareAndSet(false, true)) {
                held.decrementAndGet();
            }
        }
    }
}
