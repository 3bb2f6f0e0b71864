package io.shadowcat.proxy;

import io.shadowcat.auth.McpPrincipal;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * What the auth stage decided about one request: admitted as a principal, refused, or deferred
 * until something it needs (such as a refetched key set) has arrived without blocking a thread.
 */
public sealed interface AuthOutcome {
    /** Admits every request as the anonymous principal; the stage is still timed. */
    AuthOutcome ANONYMOUS = new Admitted(McpExchange.ANONYMOUS, null, null);

    /**
     * @param principalHash what sessions are bound to; a hash of the principal's identity, never 0 for
     *                      an authenticated principal (0 is the anonymous principal)
     * @param subject       the authenticated subject, {@code null} when anonymous
     * @param principal     the authenticated principal (subject, scopes, claims), {@code null} when anonymous
     */
    record Admitted(long principalHash, String subject, McpPrincipal principal) implements AuthOutcome {
        public Admitted(McpPrincipal principal) {
            this(principal.principalHash(), principal.subject(), principal);
        }
    }

    /** The request is answered with {@code rejection}. */
    record Refused(Rejection rejection) implements AuthOutcome {
        public Refused {
            Objects.requireNonNull(rejection, "rejection");
        }
    }

    /** The decision completes later, on whichever thread completes {@code next}; it must not fail to complete. */
    record Deferred(CompletionStage<AuthOutcome> next) implements AuthOutcome {
        public Deferred {
            Objects.requireNonNull(next, "next");
        }
    }
}
