package io.shadowcat.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * An upstream's event stream as the client gets it: the upstream's bytes unchanged, plus a
 * {@code : keep-alive} comment whenever the upstream has been silent for a whole interval, so that
 * idle streams survive proxies and load balancers between Shadowcat and the client. Comments go only
 * between events (after a blank line), never inside one. It can also be ended early, at the next event
 * boundary, when the proxy shuts down.
 *
 * <p>One reader at a time (the response pump); the timer and the upstream's demand callbacks may run
 * on other threads and only ever wake the reader. Thread-safe under that contract.
 */
final class SseKeepAlive implements Content.Source, OpenStreams.Stream {
    private static final ByteBuffer COMMENT = ByteBuffer.wrap(": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();

    private final Content.Source serverToProxy;
    private final Scheduler scheduler;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicReference<Runnable> waiting = new AtomicReference<>();
    private final AtomicBoolean upstreamDemanded = new AtomicBoolean();
    private final Invocable.Task upstreamReady = Invocable.from(Invocable.InvocationType.NON_BLOCKING, () -> {
        upstreamDemanded.set(false);
        wake();
    });
    private volatile long lastActivity;
    private volatile boolean due;
    private volatile boolean atBoundary = true;
    private volatile boolean ending;
    private volatile boolean ended;
    private volatile boolean stopped;
    private volatile Scheduler.Task tick;

    SseKeepAlive(Content.Source serverToProxy, Scheduler scheduler, java.time.Duration interval, LongSupplier nanoClock) {
        this.serverToProxy = serverToProxy;
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.lastActivity = nanoClock.getAsLong();
    }

    /** Starts the keep-alive timer (none for a zero interval). */
    SseKeepAlive start() {
        if (intervalNanos > 0) {
            schedule();
        }
        return this;
    }

    /** Ends the client's stream cleanly at the next event boundary, whatever the upstream does. */
    @Override
    public void endSoon() {
        ending = true;
        wake();
    }

    /** Whether the stream was ended by {@link #endSoon()} rather than by the upstream. */
    boolean endedEarly() {
        return ended;
    }

    @Override
    public Content.Chunk read() {
        if (ending && atBoundary) {
            ended = true;
            stop();
            return Content.Chunk.EOF;
        }
        Content.Chunk chunk = serverToProxy.read();
        if (chunk != null) {
            if (chunk.hasRemaining()) {
                lastActivity = nanoClock.getAsLong();
                atBoundary = endsEvent(chunk.getByteBuffer());
            }
            if (chunk.isLast()) {
                stop();
            }
            return chunk;
        }
        if (due && atBoundary) {
            due = false;
            return Content.Chunk.from(COMMENT.slice(), false);
        }
        return null;
    }

    @Override
    public void demand(Runnable demandCallback) {
        waiting.set(demandCallback);
        if (atBoundary && (due || ending)) {
            wake();
            return;
        }
        if (upstreamDemanded.compareAndSet(false, true)) {
            serverToProxy.demand(upstreamReady);
        }
    }

    @Override
    public void fail(Throwable failure) {
        stop();
        serverToProxy.fail(failure);
    }

    private void wake() {
        Runnable reader = waiting.getAndSet(null);
        if (reader != null) {
            reader.run();
        }
    }

    private void schedule() {
        tick = scheduler.schedule(this::onTick, intervalNanos, TimeUnit.NANOSECONDS);
    }

    private void onTick() {
        if (nanoClock.getAsLong() - lastActivity >= intervalNanos) {
            due = true;
            wake();
        }
        if (!stopped) {
            schedule();
        }
    }

    private void stop() {
        stopped = true;
        Scheduler.Task task = tick;
        if (task != null) {
            task.cancel();
        }
    }

    /** Whether {@code bytes} end with a blank line (LF LF, or CR LF CR LF), i.e. an event is complete. */
    static boolean endsEvent(ByteBuffer bytes) {
        int end = bytes.limit();
        if (end - bytes.position() < 2) {
            return false;
        }
        byte last = bytes.get(end - 1);
        byte before = bytes.get(end - 2);
        return (last == '\n' && (before == '\n' || (end - bytes.position() >= 4 && before == '\r'
                && bytes.get(end - 3) == '\n' && bytes.get(end - 4) == '\r'))) || (last == '\r' && before == '\r');
    }
}
