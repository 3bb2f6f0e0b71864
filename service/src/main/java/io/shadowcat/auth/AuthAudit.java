package io.shadowcat.auth;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every refusal of the auth stage: one structured JSON line on the {@code shadowcat.audit}
 * logger (time, client address, reason, subject if known, token hash prefix) and a count in the
 * metric {@code shadowcat.auth.refused.<reason>}. Never a token, a secret or a session id. Thread-safe.
 */
public final class AuthAudit {
    private static final Logger AUDIT = LoggerFactory.getLogger("shadowcat.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MetricRegistry metrics;
    private final Clock clock;

    public AuthAudit(MetricRegistry metrics, Clock clock) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param subject the token's subject when it was verified (a scope refusal), otherwise {@code null}
     * @param token   the token's hash, or {@code null} when there was no token
     */
    public void refused(String clientAddress, String reason, String subject, TokenHash token) {
        metrics.counter(MetricRegistry.name("shadowcat.auth.refused", reason)).inc();
        if (!AUDIT.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("event", "auth.refused");
        line.put("client", clientAddress);
        line.put("reason", reason);
        line.put("subject", subject);
        line.put("token", token == null ? null : token.prefix());
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.warn("could not write an audit line for reason {}", reason, e);
        }
    }
}
