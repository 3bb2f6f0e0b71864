package io.shadowcat.profiler;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One proxied request, committed when its last response byte has been written (or the exchange failed).
 *
 * <p>Every stage of {@link Stage} is a {@code @Timespan} field named by its wire name, so a recording
 * carries the full breakdown of each exchange. Instances are confined to one exchange; fields are
 * filled only when {@link #shouldCommit()} says the event will be recorded.
 */
@Name(ExchangeEvent.NAME)
@Label("MCP Exchange")
@Category({"Shadowcat", "Proxy"})
@Description("One request through the Shadowcat proxy, timed stage by stage")
@StackTrace(false)
public final class ExchangeEvent extends Event {
    /** The event type's name in recordings. */
    public static final String NAME = "shadowcat.Exchange";

    @Label("Receive") @Timespan(Timespan.NANOSECONDS)
    long receive;
    @Label("Auth") @Timespan(Timespan.NANOSECONDS)
    long auth;
    @Label("Rate Limit") @Timespan(Timespan.NANOSECONDS)
    long ratelimit;
    @Label("Policy") @Timespan(Timespan.NANOSECONDS)
    long policy;
    @Label("Route") @Timespan(Timespan.NANOSECONDS)
    long route;
    @Label("Connect") @Timespan(Timespan.NANOSECONDS)
    long connect;
    @Label("Upstream") @Timespan(Timespan.NANOSECONDS)
    long upstream;
    @Label("Stream") @Timespan(Timespan.NANOSECONDS)
    long stream;
    @Label("Total") @Timespan(Timespan.NANOSECONDS)
    long total;

    @Label("Exchange Id")
    long exchangeId;
    @Label("HTTP Method")
    String httpMethod;
    @Label("JSON-RPC Method")
    String method;
    @Label("Tool") @Description("Tool, prompt or resource named by the request")
    String tool;
    @Label("Upstream Name")
    String upstreamName;
    @Label("Protocol Version")
    String protocolVersion;
    @Label("HTTP Status")
    int status;
    @Label("JSON-RPC Error Code") @Description("0 when the proxy answered no JSON-RPC error")
    int rpcError;
    @Label("Bytes In") @DataAmount
    long bytesIn;
    @Label("Bytes Out") @DataAmount
    long bytesOut;
}
