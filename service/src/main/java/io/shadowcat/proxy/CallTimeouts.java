package io.shadowcat.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The response and queue timeouts of upstream calls in flight, on one timer: Jetty's {@link CyclicTimeouts} keeps a
 * single scheduler task armed for the earliest deadline and, when it fires, scans the calls in flight, expires the late
 * ones and re-arms for the next. A call costs an add and a remove in a set; with one response timeout for every call,
 * a new call's deadline is never the earliest, so the timer is armed about once per timeout rather than once per call.
 *
 * <p>Two kinds: {@link #shared} for Jetty's data plane, every call of the server on the server's scheduler (a
 * concurrent set; thread-safe), and {@link #onLoop} for the Netty data plane, one per event loop with the loop as its
 * scheduler (an identity set; confined to its loop).
 *
 * <p>On Jetty's plane a scheduler task per call (scheduled on send, cancelled on the answer, twice with the queue
 * timeout) took the scheduler's one lock four times per exchange and, whenever a new deadline came first in its queue,
 * woke its thread: about one wake-up every three exchanges under load. On the loops a Netty task scheduled and
 * cancelled per call (a future and a closure made, a priority queue entered and left) was ~1.2% of the proxy's CPU
 * samples under load; the set's add and remove are about half that.
 */
final class CallTimeouts<T extends CallTimeouts.Watched> extends CyclicTimeouts<T> {
    /** A call with deadlines. */
    interface Watched extends CyclicTimeouts.Expirable {
        /**
         * Called once a deadline has passed (on the loop's thread for {@link #onLoop}); must not change the watched
         * calls itself (the scan is iterating them).
         *
         * @return whether the call no longer needs watching
         */
        boolean expire();
    }

    private static final FastThreadLocal<CallTimeouts<LoopUpstreamCall>> LOOP_TIMEOUTS = new FastThreadLocal<>();

    private final Set<T> calls;

    private CallTimeouts(Scheduler scheduler, Set<T> calls) {
        super(scheduler);
        this.calls = calls;
    }

    /** The timeouts of every call of Jetty's data plane, on the server's scheduler. */
    static CallTimeouts<UpstreamCall> shared(Scheduler scheduler) {
        return new CallTimeouts<>(scheduler, ConcurrentHashMap.newKeySet());
    }

    /** The timeouts of the calls on {@code loop}, the calling thread's event loop. */
    static CallTimeouts<LoopUpstreamCall> onLoop(EventLoop loop) {
        CallTimeouts<LoopUpstreamCall> timeouts = LOOP_TIMEOUTS.getIfExists();
        if (timeouts == null) {
            timeouts = new CallTimeouts<>(new LoopScheduler(loop), Collections.newSetFromMap(new IdentityHashMap<>()));
            LOOP_TIMEOUTS.set(timeouts);
        }
        return timeouts;
    }

    /** Starts watching {@code call}'s deadlines (set before this; {@link #schedule} again when one moves earlier). */
    void add(T call) {
        calls.add(call);
        schedule(call);
    }

    /** Stops watching {@code call}: it has its answer, or only the idle timeout bounds it now. */
    void remove(T call) {
        calls.remove(call);
    }

    /** Calls watched now. */
    int size() {
        return calls.size();
    }

    @Override
    protected Iterator<T> iterator() {
        return calls.iterator();
    }

    @Override
    protected boolean onExpired(T call) {
        return call.expire();
    }

    /** Jetty's scheduler contract on a Netty event loop: tasks run on the loop. */
    private static final class LoopScheduler extends AbstractLifeCycle implements Scheduler {
        private final EventLoop loop;

        LoopScheduler(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public Task schedule(Runnable task, long delay, TimeUnit units) {
            ScheduledFuture<?> scheduled = loop.schedule(task, delay, units);
            return () -> scheduled.cancel(false);
        }
    }
}
