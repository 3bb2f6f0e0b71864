package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One structured audit line and one counted metric per refusal; the token itself never appears. */
class AuthAuditTest {
    private final Logger audit = (Logger) LoggerFactory.getLogger("shadowcat.audit");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final MetricRegistry metrics = new MetricRegistry();

    AuthAuditTest() {
        lines.start();
        audit.addAppender(lines);
        audit.setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @AfterEach
    void detach() {
        audit.detachAppender(lines);
    }

    @Test
    void aRefusalIsOneJsonLineWithoutTheToken() throws Exception {
        String token = TestTokens.valid("alice");
        new AuthAudit(metrics, Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC))
                .refused("127.0.0.9", Reasons.INSUFFICIENT_SCOPE, "alice", TokenHash.of(token));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getFormattedMessage()).doesNotContain(token);
            JsonNode json = new ObjectMapper().readTree(line.getFormattedMessage());
            assertThat(json.get("time").asText()).isEqualTo("2026-11-26T12:00:00Z");
            assertThat(json.get("client").asText()).isEqualTo("127.0.0.9");
            assertThat(json.get("reason").asText()).isEqualTo("insufficient_scope");
            assertThat(json.get("subject").asText()).isEqualTo("alice");
            assertThat(json.get("token").asText()).hasSize(8).isEqualTo(TokenHash.of(token).prefix());
        });
        assertThat(metrics.counter("shadowcat.auth.refused.insufficient_scope").getCount()).isEqualTo(1);
    }

    @Test
    void authNoneWarnsAtStart() throws Exception {
        Logger factoryLog = (Logger) LoggerFactory.getLogger(NoAuthFactory.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        factoryLog.addAppender(warnings);
        try {
            new NoAuthFactory().build(new Environment("test"), "/mcp", Clock.systemUTC());
        } finally {
            factoryLog.detachAppender(warnings);
        }
        assertThat(warnings.list).singleElement().satisfies(warning -> {
            assertThat(warning.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(warning.getFormattedMessage()).contains("auth is off", "/mcp");
        });
    }
}
