package io.shadowcat.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP sessions opened ahead of an open-model load, handed out round-robin to the arriving users: an arrival is then
 * one {@code tools/call} on an existing session, as a fleet of long-lived clients would send, instead of a whole
 * handshake. Thread-safe.
 */
public final class SessionPool {
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final AtomicLong next = new AtomicLong();

    /** Keeps the session the user has just opened. */
    public ChainBuilder keep() {
        return exec(session -> {
            if (session.contains(McpFlow.SESSION)) {
                ids.add(session.getString(McpFlow.SESSION));
            }
            return session;
        });
    }

    /** An endless feeder of {@code mcpSessionId}s, cycling through the pool; fails if nothing was opened. */
    public Iterator<Map<String, Object>> feeder() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                if (ids.isEmpty()) {
                    throw new IllegalStateException("no MCP session could be opened for the load");
                }
                return Map.of(McpFlow.SESSION, ids.get((int) (next.getAndIncrement() % ids.size())));
            }
        };
    }

    /** Each kept session once, then no more (to end them all). */
    public Iterator<Map<String, Object>> once() {
        AtomicLong index = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return index.get() < ids.size();
            }

            @Override
            public Map<String, Object> next() {
                return Map.of(McpFlow.SESSION, ids.get((int) index.getAndIncrement()));
            }
        };
    }

    public int size() {
        return ids.size();
    }
}
