package io.shadowcat.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.CyclicTimeouts;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * The response and queue deadlines of one event loop's upstream calls, on one timer: Jetty's {@link CyclicTimeouts}, as
 * {@link CallTimeouts} on the Jetty data plane, armed on the loop for the earliest deadline; when it fires it scans the
 * loop's calls in flight, expires the late ones and re-arms for the next. A call costs an add and a remove in an
 * identity set; with one response timeout for every call, a new call's deadline is never the earliest, so the timer is
 * armed about once per timeout rather than once per call. A task scheduled and cancelled on the loop per call (a
 * future and a closure made, a priority queue entered and left) was ~1.2% of the proxy's CPU samples under load, the
 * set's add and remove are about half that. Confined to its loop.
 */
final class LoopTimeouts extends CyclicTimeouts<LoopUpstreamCall> {
    private static final FastThreadLocal<LoopTimeouts> TIMEOUTS = new FastThreadLocal<>();

    private final Set<LoopUpstreamCall> calls = Collections.newSetFromMap(new IdentityHashMap<>());

    private LoopTimeouts(EventLoop loop) {
        super(new LoopScheduler(loop));
    }

    /** The timeouts of the calls on {@code loop}, the calling thread. */
    static LoopTimeouts of(EventLoop loop) {
        LoopTimeouts timeouts = TIMEOUTS.getIfExists();
        if (timeouts == null) {
            timeouts = new LoopTimeouts(loop);
            TIMEOUTS.set(timeouts);
        }
        return timeouts;
    }

    /** Starts watching {@code call}'s deadlines (set before this; {@link #schedule} again when one moves earlier). */
    void add(LoopUpstreamCall call) {
        calls.add(call);
        schedule(call);
    }

    /** Stops watching {@code call}: it has its answer, or only the idle timeout bounds it now. */
    void remove(LoopUpstreamCall call) {
        calls.remove(call);
    }

    /** Calls watched now. */
    int size() {
        return calls.size();
    }

    @Override
    protected Iterator<LoopUpstreamCall> iterator() {
        return calls.iterator();
    }

    @Override
    protected boolean onExpired(LoopUpstreamCall call) {
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
