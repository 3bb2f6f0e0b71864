package io.shadowcat.profiler;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One upstream becoming healthy or unhealthy, by an active check or by outlier detection on real
 * traffic. Instant event; fields are filled only when {@link #shouldCommit()} says it will be recorded.
 */
@Name(UpstreamHealthEvent.NAME)
@Label("Upstream Health")
@Category({"Shadowcat", "Upstream"})
@Description("An upstream became healthy or unhealthy")
@StackTrace(false)
public final class UpstreamHealthEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "shadowcat.UpstreamHealth";

    @Label("Upstream Name")
    String upstreamName;
    @Label("Healthy")
    boolean healthy;
    @Label("Source") @Description("active (health check) or passive (outlier detection)")
    String source;
    @Label("Reason")
    String reason;

    /** Records a transition now, if a recording wants this event. */
    public static void transition(String upstreamName, boolean healthy, String source, String reason) {
        UpstreamHealthEvent event = new UpstreamHealthEvent();
        if (event.shouldCommit()) {
            event.upstreamName = upstreamName;
            event.healthy = healthy;
            event.source = source;
            event.reason = reason;
            event.commit();
        }
    }
}
