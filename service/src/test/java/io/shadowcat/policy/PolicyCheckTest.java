package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import io.shadowcat.testing.FakeAdmissionRequest;
import java.time.Clock;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** Evaluation order, verdicts, accumulated effects, default action, counters and list filtering. */
class PolicyCheckTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final LabelledCounters decisions = new LabelledCounters("d", "h", "rule", "outcome");

    private PolicyCheck policy(String rulesYaml, boolean defaultDeny) throws Exception {
        return new PolicyCheck(new RuleSet(RuleParser.parse(YAML.readTree(rulesYaml), "test"), defaultDeny, decisions),
                Clock.systemUTC());
    }

    @Test
    void theHighestPriorityVerdictDecidesWhateverTheOrderInTheFile() throws Exception {
        PolicyCheck check = policy("""
                - {id: allow-all, priority: 1, action: allow}
                - {id: deny-delete, priority: 10, when: {tool: delete}, action: deny}
                """, false);
        Admission denied = check.check(FakeAdmissionRequest.call("tools/call", "delete"));
        assertThat(denied).isInstanceOfSatisfying(Admission.Refuse.class, refuse -> {
            assertThat(refuse.rejection().status()).isEqualTo(403);
            assertThat(refuse.rejection().code()).isEqualTo(-32003);
            assertThat(refuse.rejection().message()).isEqualTo("denied by policy rule 'deny-delete'");
        });
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).isEqualTo(Admission.ADMIT);
        assertThat(decisions.counter("deny-delete", "deny").sum()).isEqualTo(1);
        assertThat(decisions.counter("allow-all", "allow").sum()).isEqualTo(1);
    }

    @Test
    void equalPrioritiesKeepFileOrderAndDisabledRulesNeverApply() throws Exception {
        PolicyCheck check = policy("""
                - {id: switched-off, priority: 5, enabled: false, action: deny}
                - {id: first, priority: 5, action: {deny: {status: 451, message: first wins}}}
                - {id: second, priority: 5, action: allow}
                """, false);
        Admission decision = check.check(FakeAdmissionRequest.call("ping", null));
        assertThat(((Admission.Refuse) decision).rejection().status()).isEqualTo(451);
        assertThat(((Admission.Refuse) decision).rejection().message()).isEqualTo("first wins");
        assertThat(decisions.counter("switched-off", "deny").sum()).isZero();
    }

    @Test
    void delaysAddUpAndHeaderEditsApplyUntilAVerdict() throws Exception {
        PolicyCheck check = policy("""
                - {id: slow, priority: 30, when: {method: tools/call}, action: {delay: 200us}}
                - {id: slower, priority: 20, action: {delay: 1ms, setHeaders: {X-Tenant: acme}, removeHeaders: [X-Debug]}}
                - {id: answer, priority: 10, when: {tool: canned}, action: {respond: {result: {content: []}}}}
                - {id: never, priority: 0, action: {setHeaders: {X-Never: x}}}
                """, false);
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "canned");
        Admission decision = check.check(request);
        assertThat(decision).isEqualTo(new Admission.Delay(1_200_000, new Admission.Respond("\"result\":{\"content\":[]}")));
        HttpFields upstream = request.upstreamHeaders(HttpFields.build().put("X-Debug", "1").put("Accept", "x"));
        assertThat(upstream.get("X-Tenant")).isEqualTo("acme");
        assertThat(upstream.contains("X-Debug")).isFalse();
        assertThat(upstream.contains("X-Never")).as("rules after the verdict do not apply").isFalse();
        assertThat(decisions.counter("slow", "delay").sum()).isEqualTo(1);
        assertThat(decisions.counter("slower", "delay").sum()).isEqualTo(1);
        assertThat(decisions.counter("answer", "respond").sum()).isEqualTo(1);
    }

    @Test
    void rulesIndexedByMethodAndToolKeepTheirPriorityOrderAmongGeneralRules() throws Exception {
        PolicyCheck check = policy("""
                - {id: general-high, priority: 30, when: {subject: nobody}, action: deny}
                - {id: echo-exact, priority: 20, when: {tool: echo}, action: {setHeaders: {X-A: echo}}}
                - {id: general-mid, priority: 15, action: {setHeaders: {X-B: general}}}
                - {id: echo-set, priority: 10, when: {method: [tools/call, ping], tool: [echo, other]}, action: {deny: {message: set}}}
                - {id: pattern, priority: 5, when: {tool: {prefix: ec}}, action: {deny: {message: pattern}}}
                - {id: ping-only, priority: 4, when: {method: ping}, action: {deny: {message: ping}}}
                - {id: nested, priority: 3, when: {any: [{tool: search}]}, action: {deny: {message: nested}}}
                """, false);
        FakeAdmissionRequest echo = FakeAdmissionRequest.call("tools/call", "echo");
        assertThat(((Admission.Refuse) check.check(echo)).rejection().message()).isEqualTo("set");
        HttpFields upstream = echo.upstreamHeaders(HttpFields.EMPTY);
        assertThat(upstream.get("X-A")).isEqualTo("echo");
        assertThat(upstream.get("X-B")).isEqualTo("general");
        assertThat(((Admission.Refuse) check.check(FakeAdmissionRequest.call("tools/call", "ecology"))).rejection().message())
                .isEqualTo("pattern");
        assertThat(((Admission.Refuse) check.check(FakeAdmissionRequest.call("ping", null))).rejection().message())
                .isEqualTo("ping");
        assertThat(((Admission.Refuse) check.check(FakeAdmissionRequest.call("tools/call", "search"))).rejection().message())
                .isEqualTo("nested");
        assertThat(check.check(FakeAdmissionRequest.call("tools/list", null))).isEqualTo(Admission.ADMIT);
        FakeAdmissionRequest get = new FakeAdmissionRequest();
        assertThat(check.check(get)).as("GET: only rules without a method bound").isEqualTo(Admission.ADMIT);
        assertThat(get.upstreamHeaders(HttpFields.EMPTY).get("X-B")).isEqualTo("general");
    }

    @Test
    void batchesAreRefusedWhenAnyRuleCanDenyBecauseTheirMessagesAreNotCheckedOneByOne() throws Exception {
        FakeAdmissionRequest batch = new FakeAdmissionRequest();
        batch.envelope = new io.shadowcat.jsonrpc.JsonRpcEnvelope(io.shadowcat.jsonrpc.JsonRpcEnvelope.Kind.BATCH,
                null, null, null, null);
        Admission refused = policy("- {id: no-deletes, when: {tool: delete}, action: deny}", false).check(batch);
        assertThat(((Admission.Refuse) refused).rejection().message())
                .isEqualTo("JSON-RPC batches are refused while policy rules can deny requests: send each message on its own");
        assertThat(decisions.counter("batch", "deny").sum()).isEqualTo(1);
        assertThat(policy("- {id: slow, action: {delay: 1ms}}", false).check(batch)).isInstanceOf(Admission.Delay.class);
    }

    @Test
    void aRandomDelayStaysWithinItsBounds() throws Exception {
        PolicyCheck check = policy("- {id: jitter, action: {delay: {min: 1ms, max: 2ms}}}", false);
        for (int i = 0; i < 200; i++) {
            Admission.Delay delay = (Admission.Delay) check.check(FakeAdmissionRequest.call("ping", null));
            assertThat(delay.nanos()).isBetween(1_000_000L, 2_000_000L);
            assertThat(delay.then()).isEqualTo(Admission.ADMIT);
        }
    }

    @Test
    void theDefaultActionAppliesWhenNoVerdictMatches() throws Exception {
        PolicyCheck closed = policy("- {id: echo-ok, when: {tool: echo}, action: allow}", true);
        assertThat(closed.check(FakeAdmissionRequest.call("tools/call", "echo"))).isEqualTo(Admission.ADMIT);
        Admission denied = closed.check(FakeAdmissionRequest.call("tools/call", "other"));
        assertThat(((Admission.Refuse) denied).rejection().message()).isEqualTo("denied by policy: no rule allows this request");
        assertThat(decisions.counter("default", "deny").sum()).isEqualTo(1);

        PolicyCheck open = policy("- {id: audit-only, action: audit}", false);
        assertThat(open.check(FakeAdmissionRequest.call("tools/call", "x"))).isEqualTo(Admission.ADMIT);
        assertThat(decisions.counter("audit-only", "audit").sum()).isEqualTo(1);
        assertThat(decisions.counter("default", "allow").sum()).isEqualTo(1);
    }

    @Test
    void listRequestsGetAFilterThatHidesWhatTheCallerMayNotCall() throws Exception {
        PolicyCheck check = policy("""
                - {id: no-delete, priority: 10, when: {tool: {prefix: delete}}, action: deny}
                - {id: no-secret-prompts, priority: 10, when: {prompt: secret}, action: deny}
                - {id: hidden-files, priority: 10, when: {resource: {glob: 'file:///etc/*'}}, action: deny}
                """, false);
        FakeAdmissionRequest list = FakeAdmissionRequest.call("tools/list", null);
        assertThat(check.check(list)).isEqualTo(Admission.ADMIT);
        assertThat(list.listFilter).isNotNull();
        assertThat(list.listFilter.visible("tools/call", "echo")).isTrue();
        assertThat(list.listFilter.visible("tools/call", "delete_user")).isFalse();
        assertThat(list.listFilter.visible("prompts/get", "secret")).isFalse();
        assertThat(list.listFilter.visible("resources/read", "file:///etc/passwd")).isFalse();
        assertThat(list.listFilter.visible("resources/read", "file:///tmp/x")).isTrue();
        assertThat(decisions.counter("no-delete", "deny").sum()).as("filtering is not a decision").isZero();

        FakeAdmissionRequest call = FakeAdmissionRequest.call("tools/call", "echo");
        check.check(call);
        assertThat(call.listFilter).as("only list results are filtered").isNull();
        FakeAdmissionRequest unfiltered = FakeAdmissionRequest.call("tools/list", null);
        policy("- {id: a, action: allow}", false).check(unfiltered);
        assertThat(unfiltered.listFilter).as("a policy that denies nothing filters nothing").isNull();
    }
}
