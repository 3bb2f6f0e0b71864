package io.shadowcat.breakdown;

import io.dropwizard.lifecycle.Managed;
import io.shadowcat.profiler.live.ExchangeListener;
import io.shadowcat.profiler.live.LiveExchangeStream;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JFR stream of the proxy's exchange events as a Dropwizard-managed object: started with the
 * server, closed at shutdown. Listeners run on the stream's own thread, never on request threads.
 */
public final class ManagedExchangeStream implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedExchangeStream.class);

    private final List<ExchangeListener> listeners;
    private final Duration retention;
    private volatile LiveExchangeStream stream;

    public ManagedExchangeStream(List<ExchangeListener> listeners, Duration retention) {
        this.listeners = List.copyOf(listeners);
        this.retention = retention;
    }

    @Override
    public void start() {
        stream = LiveExchangeStream.start(listeners, retention);
        LOG.info("live stage breakdown on: GET /breakdown and /breakdown.html on the admin port");
    }

    @Override
    public void stop() {
        LiveExchangeStream running = stream;
        if (running != null) {
            running.close();
        }
    }
}
