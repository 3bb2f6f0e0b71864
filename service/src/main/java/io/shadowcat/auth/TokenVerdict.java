package io.shadowcat.auth;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What a token check decided: valid (with its principal), invalid (with a reason), signed by an unknown
 * key, or pending an answer from the network (introspection).
 */
public sealed interface TokenVerdict {
    record Valid(McpPrincipal principal) implements TokenVerdict {
        public Valid {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * @param reason      a short, stable word for metrics and the audit log (see {@link Reasons})
     * @param description what is wrong, safe to show the client
     */
    record Invalid(String reason, String description) implements TokenVerdict {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(description, "description");
        }
    }

    /** Signed with a key id the current key set does not hold; a refetched key set may know it. */
    record UnknownKey(String keyId) implements TokenVerdict {
    }

    /**
     * Decided later, when {@code verdict} completes: never with another {@code Pending} or
     * {@code UnknownKey}; exceptionally with an {@code AuthenticationException} when it could not be checked.
     */
    record Pending(CompletionStage<TokenVerdict> verdict) implements TokenVerdict {
        public Pending {
            Objects.requireNonNull(verdict, "verdict");
        }
    }
}
