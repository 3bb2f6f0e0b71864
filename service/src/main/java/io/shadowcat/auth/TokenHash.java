package io.shadowcat.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token: what caches are keyed by and what logs show (a short prefix), so no token
 * is kept or printed. Immutable.
 */
public record TokenHash(long first, long second, long third, long fourth) {
    /** One digest per thread: looking SHA-256 up among the security providers took longer than hashing a token. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    public static TokenHash of(String token) {
        // A token is ASCII: Latin-1 gives the same bytes, copied without the check for characters beyond ASCII.
        return of(token.getBytes(StandardCharsets.ISO_8859_1));
    }

    public static TokenHash of(byte[] bytes) {
        // digest() leaves the digest reset for the thread's next token.
        ByteBuffer digest = ByteBuffer.wrap(SHA_256.get().digest(bytes));
        return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** The first 8 hex digits: enough to correlate log lines, useless to an attacker. */
    public String prefix() {
        return String.format("%08x", first >>> 32);
    }
}
