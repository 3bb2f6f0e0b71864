package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.shadowcat.auth.McpPrincipal;
import io.shadowcat.protocol.ProtocolVersion;
import io.shadowcat.session.SessionToken;
import io.shadowcat.testing.FakeAdmissionRequest;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each condition of the rule format, written as in YAML, against requests built to match it or not. */
class ConditionTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final McpPrincipal ALICE = new McpPrincipal("alice", "https://idp", Set.of("mcp", "tools:read"),
            NOW.plusSeconds(600), Map.of("tenant", List.of("acme"), "groups", List.of("dev", "ops"), "level", List.of("3")));

    private static Condition when(String yaml) throws Exception {
        return RuleParser.condition(YAML.readTree(yaml), "when");
    }

    private static boolean test(String yaml, FakeAdmissionRequest request) throws Exception {
        return when(yaml).test(new PolicyFacts(request, CLOCK));
    }

    @Test
    void methodWithEveryMatcherKind() throws Exception {
        FakeAdmissionRequest call = FakeAdmissionRequest.call("tools/call", "echo");
        assertThat(test("method: tools/call", call)).isTrue();
        assertThat(test("method: tools/list", call)).isFalse();
        assertThat(test("method: {prefix: tools/}", call)).isTrue();
        assertThat(test("method: {glob: 'tools/*'}", call)).isTrue();
        assertThat(test("method: {regex: 'tools/(call|list)'}", call)).isTrue();
        assertThat(test("method: [ping, tools/call]", call)).isTrue();
        assertThat(test("method: {in: [ping]}", call)).isFalse();
        assertThat(test("method: {exact: tools/call}", call)).isTrue();
    }

    @Test
    void toolPromptAndResourceMatchTheNameOfTheirOwnCallOnly() throws Exception {
        assertThat(test("tool: echo", FakeAdmissionRequest.call("tools/call", "echo"))).isTrue();
        assertThat(test("tool: echo", FakeAdmissionRequest.call("prompts/get", "echo"))).isFalse();
        assertThat(test("prompt: {prefix: greet}", FakeAdmissionRequest.call("prompts/get", "greeting"))).isTrue();
        assertThat(test("resource: {glob: 'file:///etc/*'}", FakeAdmissionRequest.call("resources/read", "file:///etc/passwd"))).isTrue();
        assertThat(test("resource: {glob: 'file:///etc/*'}", FakeAdmissionRequest.call("resources/read", "file:///tmp/x"))).isFalse();
        assertThat(test("name: echo", FakeAdmissionRequest.call("prompts/get", "echo"))).isTrue();
        assertThat(test("tool: echo", FakeAdmissionRequest.call("tools/list", null))).isFalse();
    }

    @Test
    void subjectScopesClaimsAndAuthenticated() throws Exception {
        FakeAdmissionRequest alice = FakeAdmissionRequest.call("tools/call", "echo").as(ALICE);
        FakeAdmissionRequest anonymous = FakeAdmissionRequest.call("tools/call", "echo");
        assertThat(test("subject: alice", alice)).isTrue();
        assertThat(test("subject: alice", anonymous)).isFalse();
        assertThat(test("subject: {regex: 'a.*e'}", alice)).isTrue();
        assertThat(test("authenticated: true", alice)).isTrue();
        assertThat(test("authenticated: false", anonymous)).isTrue();
        assertThat(test("scope: tools:read", alice)).isTrue();
        assertThat(test("scope: {prefix: 'tools:'}", alice)).isTrue();
        assertThat(test("scope: admin", alice)).isFalse();
        assertThat(test("scope: mcp", anonymous)).isFalse();
        assertThat(test("claims: {tenant: acme}", alice)).isTrue();
        assertThat(test("claims: {groups: ops}", alice)).as("any value of a list claim").isTrue();
        assertThat(test("claims: {tenant: acme, groups: admin}", alice)).as("every named claim must match").isFalse();
        assertThat(test("claims: {level: {in: ['3', '4']}}", alice)).isTrue();
        assertThat(test("claims: {missing: x}", alice)).isFalse();
    }

    @Test
    void clientAddressHeadersAndProtocolVersion() throws Exception {
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "echo");
        request.clientAddress = "10.1.2.3";
        request.headers.put("X-Tenant", "acme");
        request.version = ProtocolVersion.fromWire("2025-11-25").orElseThrow();
        assertThat(test("clientAddress: 10.0.0.0/8", request)).isTrue();
        assertThat(test("clientAddress: [192.168.0.0/16, 10.1.2.3]", request)).isTrue();
        assertThat(test("clientAddress: 192.168.0.0/16", request)).isFalse();
        assertThat(test("headers: {X-Tenant: acme}", request)).isTrue();
        assertThat(test("headers: {x-tenant: {prefix: ac}}", request)).as("header names are case-insensitive").isTrue();
        assertThat(test("headers: {X-Other: acme}", request)).as("an absent header never matches").isFalse();
        assertThat(test("protocolVersion: 2025-11-25", request)).isTrue();
        assertThat(test("protocolVersion: {prefix: '2026'}", request)).isFalse();
    }

    @Test
    void clientAddressIsReadFromTheConnectionsAddressWhenItIsAtHand() throws Exception {
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "echo");
        request.clientAddress = "192.168.7.7";
        request.clientInetAddress = InetAddress.getByAddress(new byte[] {10, 1, 2, 3});
        assertThat(test("clientAddress: 10.0.0.0/8", request)).as("the connection's address, not the text").isTrue();
        assertThat(test("clientAddress: 192.168.0.0/16", request)).isFalse();
        request.clientInetAddress = InetAddress.getByName("::1");
        assertThat(test("clientAddress: '::1/128'", request)).isTrue();
        assertThat(test("clientAddress: 127.0.0.0/8", request)).as("IPv6 never matches an IPv4 block").isFalse();
    }

    @Test
    void sessionAgeBoundsAreMinInclusiveMaxExclusiveAndNeedASession() throws Exception {
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "echo");
        assertThat(test("sessionAge: {min: 1s}", request)).as("no session").isFalse();
        request.session = new SessionToken("demo", "", 0, NOW.minusSeconds(3600));
        assertThat(test("sessionAge: {min: 1h}", request)).isTrue();
        assertThat(test("sessionAge: {max: 1h}", request)).isFalse();
        assertThat(test("sessionAge: {min: 30m, max: 2h}", request)).isTrue();
        assertThat(test("sessionAge: {min: 2h}", request)).isFalse();
    }

    @Test
    void fieldsOfOneConditionAllMustMatchAndCombinatorsNest() throws Exception {
        FakeAdmissionRequest alice = FakeAdmissionRequest.call("tools/call", "delete").as(ALICE);
        assertThat(test("{method: tools/call, subject: alice}", alice)).isTrue();
        assertThat(test("{method: tools/call, subject: bob}", alice)).isFalse();
        assertThat(test("all: [{method: tools/call}, {tool: delete}]", alice)).isTrue();
        assertThat(test("all: [{method: tools/call}, {tool: echo}]", alice)).isFalse();
        assertThat(test("any: [{tool: echo}, {tool: delete}]", alice)).isTrue();
        assertThat(test("any: [{tool: echo}, {subject: bob}]", alice)).isFalse();
        assertThat(test("not: {subject: bob}", alice)).isTrue();
        assertThat(test("not: {any: [{subject: alice}, {subject: bob}]}", alice)).isFalse();
        assertThat(test("{tool: delete, not: {scope: admin}}", alice)).isTrue();
    }
}
