package io.shadowcat.profiler.live;

import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.analysis.ExchangeReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordingStream;

/**
 * The proxy's own {@code shadowcat.Exchange} events, read back in-process with a
 * {@link RecordingStream} and handed to listeners on the stream's thread.
 *
 * <p>Request threads only commit the event, as they do for any recording; all reading and aggregation
 * happens on the stream's thread. JFR flushes about once a second, so listeners see an exchange up to
 * about a second after it ended. The stream enables only the exchange event; it keeps what it has read
 * on disk for at most {@code retention}. Thread-safe; close it to stop.
 */
public final class LiveExchangeStream implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LiveExchangeStream.class.getName());

    private final RecordingStream stream;
    private final AtomicLong failures = new AtomicLong();

    private LiveExchangeStream(RecordingStream stream) {
        this.stream = stream;
    }

    /** Starts streaming to {@code listeners}, each called for every exchange in the order given. */
    public static LiveExchangeStream start(List<ExchangeListener> listeners, Duration retention) {
        List<ExchangeListener> targets = List.copyOf(listeners);
        RecordingStream stream = new RecordingStream();
        LiveExchangeStream live = new LiveExchangeStream(stream);
        stream.setMaxAge(retention);
        stream.setReuse(true);
        stream.setOrdered(false);
        stream.enable(ExchangeEvent.NAME).withoutThreshold();
        ExchangeReader reader = new ExchangeReader();
        stream.onEvent(ExchangeEvent.NAME, event -> {
            var exchange = reader.read(event);
            var end = event.getEndTime();
            for (ExchangeListener listener : targets) {
                try {
                    listener.exchange(exchange, end);
                } catch (RuntimeException e) {
                    // One bad listener must not stop the stream; the first failure is logged, the rest counted.
                    if (live.failures.getAndIncrement() == 0) {
                        LOG.log(System.Logger.Level.ERROR, "live breakdown listener failed", e);
                    }
                }
            }
        });
        stream.startAsync();
        return live;
    }

    /** How many times a listener has thrown. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        stream.close();
    }
}
