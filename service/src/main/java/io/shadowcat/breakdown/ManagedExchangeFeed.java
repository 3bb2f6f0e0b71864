package io.shadowcat.breakdown;

import io.dropwizard.lifecycle.Managed;
import io.shadowcat.profiler.live.ExchangeFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed of finished exchanges to the live breakdown and the stage histograms, as a Dropwizard-managed
 * object: its thread starts with the server and stops at shutdown. Listeners run on the feed's thread,
 * never on request threads.
 */
public final class ManagedExchangeFeed implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedExchangeFeed.class);

    private final ExchangeFeed feed;

    public ManagedExchangeFeed(ExchangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void start() {
        feed.start();
        LOG.info("live stage breakdown on: GET /breakdown and /breakdown.html on the admin port");
    }

    @Override
    public void stop() {
        feed.close();
        if (feed.dropped() > 0) {
            LOG.warn("the live breakdown left out {} exchanges: its queue was full", feed.dropped());
        }
    }
}
