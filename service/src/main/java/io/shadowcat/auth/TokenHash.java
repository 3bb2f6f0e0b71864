package io.shadowcat.auth;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 of a token: what caches are keyed by and what logs show (a short prefix), so no token
 * is kept or printed. Immutable.
 */
public record TokenHash(long first, long second, long third, long fourth) {
    /** One digest per thread: looking SHA-256 up among the security providers took longer than hashing a token. */
    private static final ThreadLocal<Sha256> SHA_256 = ThreadLocal.withInitial(Sha256::new);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    public static TokenHash of(String token) {
        return of(token, 0, token.length());
    }

    /**
     * The hash of {@code text}'s characters from {@code from} to {@code to} (a token inside a header's value, hashed
     * where it stands): each character is one byte, as {@link StandardCharsets#ISO_8859_1} encodes it (a token is
     * ASCII), copied into the thread's scratch bytes rather than into a new string and array per token.
     */
    public static TokenHash of(CharSequence text, int from, int to) {
        Sha256 sha = SHA_256.get();
        byte[] bytes = sha.scratch(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            bytes[i - from] = (byte) (c <= 0xFF ? c : '?');
        }
        return sha.hash(bytes, to - from);
    }

    public static TokenHash of(byte[] bytes) {
        return SHA_256.get().hash(bytes, bytes.length);
    }

    /** The first 8 hex digits: enough to correlate log lines, useless to an attacker. */
    public String prefix() {
        return String.format("%08x", first >>> 32);
    }

    /** A thread's digest, the bytes of the token it hashes and the digest's output. */
    private static final class Sha256 {
        private final MessageDigest digest;
        private final byte[] out = new byte[32];
        /** Grows to the longest token the thread has hashed (the proxy refuses tokens over {@code auth.maxTokenSize}). */
        private byte[] scratch = new byte[512];

        Sha256() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }

        byte[] scratch(int length) {
            if (scratch.length < length) {
                scratch = new byte[Math.max(length, 2 * scratch.length)];
            }
            return scratch;
        }

        TokenHash hash(byte[] bytes, int length) {
            digest.update(bytes, 0, length);
            try {
                // Leaves the digest reset for the thread's next token.
                digest.digest(out, 0, out.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 is 32 bytes", e);
            }
            return new TokenHash(word(0), word(8), word(16), word(24));
        }

        private long word(int at) {
            return (long) LONGS.get(out, at);
        }
    }
}
