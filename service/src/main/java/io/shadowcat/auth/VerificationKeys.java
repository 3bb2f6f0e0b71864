package io.shadowcat.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.util.concurrent.CompletionStage;

/**
 * Where token signatures are checked against: a key set held in memory, and a way to ask for a fresh
 * one when a token names a key id that is not in it. Implementations are thread-safe and never block.
 */
public interface VerificationKeys {
    /** The current key set; empty until keys have been loaded. */
    JWKSet current();

    /**
     * Asks for a fresh key set because a token named an unknown key. Completes with {@code true} when a
     * new key set was loaded, {@code false} at once when a refetch is not allowed now (rate limit, or a
     * source that cannot change). Never completes exceptionally.
     */
    CompletionStage<Boolean> refetch();

    /** A key set that never changes: a file, or the development key. */
    static VerificationKeys fixed(JWKSet keys) {
        JWKSet publicKeys = keys.toPublicJWKSet();
        java.util.concurrent.CompletableFuture<Boolean> never = java.util.concurrent.CompletableFuture.completedFuture(false);
        return new VerificationKeys() {
            @Override
            public JWKSet current() {
                return publicKeys;
            }

            @Override
            public CompletionStage<Boolean> refetch() {
                return never;
            }
        };
    }
}
