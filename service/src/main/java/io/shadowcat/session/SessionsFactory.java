package io.shadowcat.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sessions:} block of the configuration.
 *
 * <p>The key is a base64 AES key of 16, 24 or 32 bytes, from {@code key} or the
 * {@code SHADOWCAT_SESSION_KEY} environment variable. Without one, a random key is generated and a
 * warning logged: sessions then die with the process and cannot be shared between replicas.
 */
public class SessionsFactory {
    public static final String KEY_ENVIRONMENT_VARIABLE = "SHADOWCAT_SESSION_KEY";
    private static final Logger LOG = LoggerFactory.getLogger(SessionsFactory.class);

    private String key;

    @NotNull
    private Duration maxAge = Duration.hours(24);

    @Min(1)
    private long terminatedCapacity = 100_000;

    @JsonProperty
    public String getKey() {
        return key;
    }

    @JsonProperty
    public void setKey(String key) {
        this.key = key;
    }

    @JsonProperty
    public Duration getMaxAge() {
        return maxAge;
    }

    @JsonProperty
    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }

    @JsonProperty
    public long getTerminatedCapacity() {
        return terminatedCapacity;
    }

    @JsonProperty
    public void setTerminatedCapacity(long terminatedCapacity) {
        this.terminatedCapacity = terminatedCapacity;
    }

    /** Builds the session service with the configured, environment or generated key. */
    public Sessions build(Clock clock) {
        java.time.Duration age = maxAge.toJavaDuration();
        return new Sessions(new SessionCodec(resolveKey()), new TerminatedSessions(terminatedCapacity, age), age, clock);
    }

    SecretKey resolveKey() {
        String encoded = key != null && !key.isBlank() ? key : System.getenv(KEY_ENVIRONMENT_VARIABLE);
        if (encoded == null || encoded.isBlank()) {
            LOG.warn("NO SESSION KEY CONFIGURED: generated a random one. Sessions will not survive a restart and "
                    + "cannot be shared between replicas. Set sessions.key or {} to a base64 AES key "
                    + "(e.g. `openssl rand -base64 32`).", KEY_ENVIRONMENT_VARIABLE);
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new SecretKeySpec(random, "AES");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sessions.key is not valid base64", e);
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalArgumentException("sessions.key must decode to 16, 24 or 32 bytes, not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
