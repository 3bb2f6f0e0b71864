package io.shadowcat.bench;

import io.github.bucket4j.TimeMeter;
import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import io.shadowcat.proxy.ExchangeCheck;
import io.shadowcat.ratelimit.BandwidthFactory;
import io.shadowcat.ratelimit.RateLimitsFactory;
import io.shadowcat.session.SessionToken;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code ratelimit} stage with 1 (global), 3 (global, subject, tool) and 5 (all) tiers, each with two
 * bandwidths, limits high enough never to refuse. Requests rotate over 1024 subjects and sessions, so
 * the keyed tiers look buckets up in their Caffeine maps as under real traffic. Sampled, for percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimitBenchmark {
    private static final int CALLERS = 1024;

    @Param({"1", "3", "5"})
    public int tiers;

    private ExchangeCheck check;
    private BenchRequest[] requests;
    private int next;

    private static List<BandwidthFactory> bandwidths() {
        BandwidthFactory perSecond = new BandwidthFactory();
        perSecond.setLimit(1_000_000_000L);
        perSecond.setPer(io.dropwizard.util.Duration.seconds(1));
        BandwidthFactory perHour = new BandwidthFactory();
        perHour.setLimit(1_000_000_000_000L);
        perHour.setPer(io.dropwizard.util.Duration.hours(1));
        return List.of(perSecond, perHour);
    }

    @Setup
    public void setUp() {
        RateLimitsFactory factory = new RateLimitsFactory();
        factory.setGlobal(bandwidths());
        if (tiers >= 3) {
            factory.setSubject(bandwidths());
            factory.setTool(bandwidths());
        }
        if (tiers >= 5) {
            factory.setSession(bandwidths());
            factory.setUpstream(bandwidths());
        }
        if (factory.tiers().size() != tiers) {
            throw new IllegalStateException("expected " + tiers + " tiers");
        }
        check = factory.build(new LabelledCounters("bench", "bench", "tier"), TimeMeter.SYSTEM_NANOTIME);
        requests = new BenchRequest[CALLERS];
        for (int i = 0; i < CALLERS; i++) {
            McpPrincipal principal = new McpPrincipal("subject-" + i, "https://idp", Set.of("mcp"), Instant.now().plusSeconds(3600));
            HttpFields headers = HttpFields.build().put("Mcp-Session-Id", "session-" + i).asImmutable();
            requests[i] = new BenchRequest(headers, new JsonRpcEnvelope(JsonRpcEnvelope.Kind.REQUEST, "1", "tools/call",
                    "tool-" + (i % 16), null), principal, new SessionToken("demo", "", 1, Instant.now()));
        }
    }

    @Benchmark
    public Admission check() {
        BenchRequest request = requests[next++ & (CALLERS - 1)];
        return check.check(request);
    }
}
