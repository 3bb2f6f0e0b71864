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
    public static TokenHash of(String token) {
        return of(token.getBytes(StandardCharsets.US_ASCII));
    }

    public static TokenHash of(byte[] bytes) {
        try {
            ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The first 8 hex digits: enough to correlate log lines, useless to an attacker. */
    public String prefix() {
        return String.format("%08x", first >>> 32);
    }
}
