package io.shadowcat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.jsonrpc.JsonRpcEnvelope;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.policy.PolicyCheck;
import io.shadowcat.policy.RuleParser;
import io.shadowcat.proxy.Admission;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * The {@code policy} stage with 10, 100 and 1000 rules. Each rule tests the method, a tool name (exact,
 * prefix, glob, regex and set matchers in turn) and a scope or claim; the measured call matches none of
 * them, so every rule is evaluated before the default action applies (the worst case). {@code lastRuleDenies}
 * is a call that only the lowest-priority rule matches. Sampled, so the report carries percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {
    @Param({"10", "100", "1000"})
    public int rules;

    private PolicyCheck policy;
    private BenchRequest unmatched;
    private BenchRequest lastRule;

    @Setup
    public void setUp() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode list = json.createArrayNode();
        for (int i = 0; i < rules; i++) {
            ObjectNode rule = list.addObject().put("id", "rule-" + i).put("priority", rules - i);
            ObjectNode when = rule.putObject("when").put("method", "tools/call");
            switch (i % 5) {
                case 0 -> when.put("tool", "tool-" + i);
                case 1 -> when.putObject("tool").put("prefix", "tool-" + i + "-");
                case 2 -> when.putObject("tool").put("glob", "tool-" + i + "-*");
                case 3 -> when.putObject("tool").put("regex", "tool-" + i + "-[a-z]+");
                default -> when.putObject("tool").putArray("in").add("tool-" + i).add("other-" + i);
            }
            if (i % 2 == 0) {
                when.put("scope", "tools:" + i);
            } else {
                when.putObject("claims").put("tenant", "tenant-" + i);
            }
            if (i % 3 == 0) {
                rule.put("action", "deny");
            } else {
                rule.putObject("action").putObject("setHeaders").put("X-Rule", "r" + i);
            }
        }
        JsonNode parsed = list;
        policy = PolicyCheck.of(RuleParser.parse(parsed, "bench"), false,
                new LabelledCounters("bench", "bench", "rule", "outcome"), Clock.systemUTC());
        McpPrincipal principal = new McpPrincipal("alice", "https://idp", Set.of("mcp", "tools:0", "tools:2"),
                Instant.now().plusSeconds(3600), Map.of("tenant", List.of("acme")));
        HttpFields headers = HttpFields.build().put("Accept", "application/json, text/event-stream").asImmutable();
        unmatched = new BenchRequest(headers, new JsonRpcEnvelope(JsonRpcEnvelope.Kind.REQUEST, "1", "tools/call", "echo", null),
                principal, null);
        int last = rules - 1;
        McpPrincipal lastPrincipal = new McpPrincipal("alice", "https://idp", Set.of("tools:" + last),
                Instant.now().plusSeconds(3600), Map.of("tenant", List.of("tenant-" + last)));
        String lastTool = switch (last % 5) {
            case 0, 4 -> "tool-" + last;
            default -> "tool-" + last + "-x";
        };
        lastRule = new BenchRequest(headers, new JsonRpcEnvelope(JsonRpcEnvelope.Kind.REQUEST, "1", "tools/call", lastTool, null),
                lastPrincipal, null);
        if (policy.check(unmatched) != Admission.ADMIT || policy.check(lastRule) == Admission.ADMIT && last % 3 == 0) {
            throw new IllegalStateException("benchmark rules do not match as intended");
        }
    }

    @Benchmark
    public Admission noRuleMatches() {
        return policy.check(unmatched);
    }

    @Benchmark
    public Admission lastRuleMatches() {
        return policy.check(lastRule);
    }
}
