package io.shadowcat.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Session ids ended by DELETE (or lost by their upstream), remembered so that they answer 404
 * afterwards. Bounded in size and in age: an entry need not outlive the longest a session may live,
 * since an older token is refused for its age anyway. Thread-safe.
 */
public final class TerminatedSessions {
    private final Cache<String, Boolean> ended;

    public TerminatedSessions(long capacity, Duration retention) {
        this.ended = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(retention).build();
    }

    /** Remembers {@code sessionId} as ended. */
    public void terminate(String sessionId) {
        ended.put(sessionId, Boolean.TRUE);
    }

    /** Whether {@code sessionId} was ended and is still remembered. */
    public boolean isTerminated(String sessionId) {
        return ended.getIfPresent(sessionId) != null;
    }

    /** How many ended ids are remembered (Caffeine's estimate: expired entries may linger until cleaned up). */
    public long size() {
        return ended.estimatedSize();
    }
}
