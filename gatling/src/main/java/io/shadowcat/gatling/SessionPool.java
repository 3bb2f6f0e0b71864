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

    /**
     * Each kept session once (to end them all), then records without a session: a user fed one has nothing to do.
     * It never runs dry, since Gatling stops the whole run when a feeder does, and fewer sessions may have been
     * opened than users arrive to end them.
     */
    public Iterator<Map<String, Object>> once() {
        AtomicLong index = new AtomicLong();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                int i = (int) index.getAndIncrement();
                return i < ids.size() ? Map.of(McpFlow.SESSION, ids.get(i)) : Map.of();
            }
        };
    }

    public int size() {
        return ids.size();
    }
}
