package io.shadowcat.proxy;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The response and queue timeouts of every upstream call in flight, on one timer: Jetty's
 * {@link CyclicTimeouts} keeps a single scheduler task armed for the earliest deadline and, when it
 * fires, scans the calls in flight, expires the late ones and re-arms for the next.
 *
 * <p>A scheduler task per call (scheduled on send, cancelled on the answer, twice with the queue
 * timeout) took the scheduler's one lock four times per exchange and, whenever a new deadline came
 * first in its queue, woke its thread: about one wake-up every three exchanges under load. Here a call
 * costs an add and a remove in a concurrent set, and the timer is re-armed only when a call's deadline
 * is earlier than every deadline it knows of. Thread-safe.
 */
final class CallTimeouts extends CyclicTimeouts<UpstreamCall> {
    private final Set<UpstreamCall> calls = ConcurrentHashMap.newKeySet();

    CallTimeouts(Scheduler scheduler) {
        super(scheduler);
    }

    /** Starts watching {@code call}'s deadlines (set before this). */
    void add(UpstreamCall call) {
        calls.add(call);
        schedule(call);
    }

    /** Stops watching {@code call}: it has its answer, or only the idle timeout bounds it now. */
    void remove(UpstreamCall call) {
        calls.remove(call);
    }

    /** Calls watched now. */
    int size() {
        return calls.size();
    }

    @Override
    protected Iterator<UpstreamCall> iterator() {
        return calls.iterator();
    }

    @Override
    protected boolean onExpired(UpstreamCall call) {
        return call.expire();
    }
}
