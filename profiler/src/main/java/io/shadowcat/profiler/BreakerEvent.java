package io.shadowcat.profiler;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One upstream's circuit breaker changing state ({@code closed}, {@code open}, {@code half-open}),
 * so a recording shows the transition next to the exchanges it affected. Instant event; fields are
 * filled only when {@link #shouldCommit()} says it will be recorded.
 */
@Name(BreakerEvent.NAME)
@Label("Upstream Circuit Breaker")
@Category({"Shadowcat", "Upstream"})
@Description("An upstream's circuit breaker changed state")
@StackTrace(false)
public final class BreakerEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "shadowcat.Breaker";

    @Label("Upstream Name")
    String upstreamName;
    @Label("From")
    String from;
    @Label("To")
    String to;
    @Label("Reason")
    String reason;

    /** Records a transition now, if a recording wants this event. */
    public static void transition(String upstreamName, String from, String to, String reason) {
        BreakerEvent event = new BreakerEvent();
        if (event.shouldCommit()) {
            event.upstreamName = upstreamName;
            event.from = from;
            event.to = to;
            event.reason = reason;
            event.commit();
        }
    }
}
