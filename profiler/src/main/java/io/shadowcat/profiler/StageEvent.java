package io.shadowcat.profiler;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One stage of one exchange as a span on the thread that ran it, for JMC's thread lanes.
 *
 * <p>Off unless a recording enables it: an exchange already carries every stage's duration in
 * {@link ExchangeEvent}, so span events are for looking at threads, not for statistics.
 */
@Name(StageEvent.NAME)
@Label("MCP Exchange Stage")
@Category({"Shadowcat", "Proxy"})
@Description("One stage of one proxied exchange, as a span")
@StackTrace(false)
@Enabled(false)
public final class StageEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "shadowcat.Stage";

    @Label("Stage")
    String stage;
    @Label("Exchange Id")
    long exchangeId;
}
