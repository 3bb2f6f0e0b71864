package io.shadowcat.profiler;

import io.shadowcat.profiler.analysis.ExchangeRecord;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The stage-timing spine of one exchange: opens and closes {@link Stage stages}, keeps their
 * durations, and at {@link #finish()} commits one {@link ExchangeEvent}.
 *
 * <p>Stages run one after another; at most one is open at a time. Time between a close and the next
 * open belongs to no stage and shows as unattributed in reports. A stage opened twice accumulates.
 *
 * <p>Not thread-safe. An exchange moves between threads (the request thread, then HTTP client
 * callbacks), but each step happens-before the next, which is all this class needs. The clock is
 * injected so the arithmetic is testable without sleeping.
 */
public final class ExchangeTimer {
    private static final AtomicLong IDS = new AtomicLong();
    private static final StageEvent SPAN_PROBE = new StageEvent();

    private final LongSupplier nanoClock;
    private final long id = IDS.incrementAndGet();
    private final long beginNanos;
    private final long[] durations = new long[Stage.all().length];
    private final ExchangeEvent event = new ExchangeEvent();
    private Stage openStage;
    private long openedAt;
    private StageEvent span;
    private boolean finished;

    private String httpMethod;
    private String method;
    private String tool;
    private String upstreamName;
    private String protocolVersion;
    private int status;
    private int rpcError;
    private long bytesIn;
    private long bytesOut;

    private ExchangeTimer(long beginNanos, LongSupplier nanoClock) {
        this.beginNanos = beginNanos;
        this.nanoClock = nanoClock;
        event.begin();
    }

    /**
     * Starts timing an exchange whose first byte arrived at {@code beginNanos} on {@code nanoClock}.
     */
    public static ExchangeTimer begin(long beginNanos, LongSupplier nanoClock) {
        return new ExchangeTimer(beginNanos, nanoClock);
    }

    /** Starts timing an exchange that begins now on {@link System#nanoTime()}. */
    public static ExchangeTimer beginNow() {
        return begin(System.nanoTime(), System::nanoTime);
    }

    /** A process-unique id, carried by the JFR events and useful in logs. */
    public long id() {
        return id;
    }

    /** Opens {@code stage}, closing any stage still open. */
    public void open(Stage stage) {
        long now = nanoClock.getAsLong();
        closeOpenStage(now);
        openStage = stage;
        openedAt = now;
        if (SPAN_PROBE.isEnabled()) {
            span = new StageEvent();
            span.begin();
        }
    }

    /** Closes {@code stage} if it is the open one; otherwise does nothing. */
    public void close(Stage stage) {
        if (openStage == stage) {
            closeOpenStage(nanoClock.getAsLong());
        }
    }

    /** Closes the open stage and opens {@code next} at the same instant. */
    public void handOver(Stage next) {
        open(next);
    }

    /** Adds a duration measured elsewhere to {@code stage}. */
    public void add(Stage stage, long nanos) {
        durations[stage.ordinal()] += Math.max(0, nanos);
    }

    /** The time recorded for {@code stage} so far, in nanoseconds; {@link Stage#TOTAL} only after finish. */
    public long nanos(Stage stage) {
        return durations[stage.ordinal()];
    }

    /** The stage currently open, or {@code null}. */
    public Stage openStage() {
        return openStage;
    }

    public ExchangeTimer httpMethod(String value) { this.httpMethod = value; return this; }
    public ExchangeTimer method(String value) { this.method = value; return this; }
    public ExchangeTimer tool(String value) { this.tool = value; return this; }
    public ExchangeTimer upstream(String value) { this.upstreamName = value; return this; }
    public ExchangeTimer protocolVersion(String value) { this.protocolVersion = value; return this; }
    public ExchangeTimer status(int value) { this.status = value; return this; }
    public ExchangeTimer rpcError(int value) { this.rpcError = value; return this; }
    public ExchangeTimer bytesIn(long value) { this.bytesIn = value; return this; }
    public ExchangeTimer addBytesOut(long value) { this.bytesOut += value; return this; }

    public String method() { return method; }
    public String tool() { return tool; }
    public String upstream() { return upstreamName; }
    public int status() { return status; }
    public int rpcError() { return rpcError; }
    public long bytesIn() { return bytesIn; }
    public long bytesOut() { return bytesOut; }

    /** Whether {@link #finish()} has run. */
    public boolean finished() {
        return finished;
    }

    /**
     * Closes any open stage, sets {@link Stage#TOTAL}, and commits the exchange event if the
     * recording wants it. Only the first call has an effect.
     *
     * @return {@code true} if this call finished the exchange
     */
    public boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        long now = nanoClock.getAsLong();
        closeOpenStage(now);
        durations[Stage.TOTAL.ordinal()] = Math.max(0, now - beginNanos);
        event.end();
        if (event.shouldCommit()) {
            fill(event);
            event.commit();
        }
        return true;
    }

    /** This finished exchange as a record, as a recording's reader would give it; it ended at {@code end}. */
    public ExchangeRecord record(Instant end) {
        return ExchangeRecord.of(id, end.minusNanos(durations[Stage.TOTAL.ordinal()]), method, tool, upstreamName,
                status, rpcError, durations);
    }

    private void fill(ExchangeEvent e) {
        e.receive = nanos(Stage.RECEIVE);
        e.auth = nanos(Stage.AUTH);
        e.ratelimit = nanos(Stage.RATELIMIT);
        e.policy = nanos(Stage.POLICY);
        e.route = nanos(Stage.ROUTE);
        e.connect = nanos(Stage.CONNECT);
        e.upstream = nanos(Stage.UPSTREAM);
        e.stream = nanos(Stage.STREAM);
        e.total = nanos(Stage.TOTAL);
        e.exchangeId = id;
        e.httpMethod = httpMethod;
        e.method = method;
        e.tool = tool;
        e.upstreamName = upstreamName;
        e.protocolVersion = protocolVersion;
        e.status = status;
        e.rpcError = rpcError;
        e.bytesIn = bytesIn;
        e.bytesOut = bytesOut;
    }

    private void closeOpenStage(long now) {
        if (openStage == null) {
            return;
        }
        durations[openStage.ordinal()] += Math.max(0, now - openedAt);
        if (span != null) {
            span.end();
            if (span.shouldCommit()) {
                span.stage = openStage.wireName();
                span.exchangeId = id;
                span.commit();
            }
            span = null;
        }
        openStage = null;
    }
}
