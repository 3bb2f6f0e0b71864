package io.shadowcat.auth;

import java.util.Objects;

/** What a token verifier decided: valid (with its principal), invalid (with a reason), or signed by an unknown key. */
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
}
