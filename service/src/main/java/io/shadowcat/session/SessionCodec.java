package io.shadowcat.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals {@link SessionToken}s into opaque {@code Mcp-Session-Id} values with AES-GCM, and opens them.
 *
 * <p>Layout before encryption: version byte, issue time (epoch seconds), principal hash, upstream name
 * (length-prefixed UTF-8), upstream session id (length-prefixed UTF-8). On the wire:
 * base64url(12-byte random nonce || ciphertext || 16-byte tag). Any change to a token makes
 * {@link #open(String)} answer empty; it never throws for bad input. Thread-safe: ciphers are per thread.
 */
public final class SessionCodec {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_TOKEN_CHARS = 2048;
    private static final byte[] AAD = "shadowcat-session".getBytes(StandardCharsets.US_ASCII);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(SessionCodec::newCipher);

    public SessionCodec(SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /** The token as an {@code Mcp-Session-Id} header value (visible ASCII only, as the spec requires). */
    public String seal(SessionToken token) {
        byte[] upstream = token.upstream().getBytes(StandardCharsets.UTF_8);
        byte[] upstreamSession = token.upstreamSessionId().getBytes(StandardCharsets.UTF_8);
        if (upstream.length > 255 || upstreamSession.length > 1024) {
            throw new IllegalArgumentException("upstream name or upstream session id too long for a session token");
        }
        ByteBuffer plain = ByteBuffer.allocate(1 + 8 + 8 + 1 + upstream.length + 2 + upstreamSession.length);
        plain.put(VERSION).putLong(token.issuedAt().getEpochSecond()).putLong(token.principalHash())
                .put((byte) upstream.length).put(upstream)
                .putShort((short) upstreamSession.length).put(upstreamSession);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AAD);
            byte[] sealed = new byte[NONCE_BYTES + cipher.getOutputSize(plain.capacity())];
            System.arraycopy(nonce, 0, sealed, 0, NONCE_BYTES);
            cipher.doFinal(plain.array(), 0, plain.capacity(), sealed, NONCE_BYTES);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The token inside {@code value}, or empty when it is malformed, forged or altered. */
    public Optional<SessionToken> open(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(value);
            if (sealed.length <= NONCE_BYTES + TAG_BITS / 8) {
                return Optional.empty();
            }
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(AAD);
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return decode(ByteBuffer.wrap(plain));
        } catch (IllegalArgumentException | AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<SessionToken> decode(ByteBuffer plain) {
        if (plain.remaining() < 20 || plain.get() != VERSION) {
            return Optional.empty();
        }
        long issuedAt = plain.getLong();
        long principalHash = plain.getLong();
        byte[] upstream = new byte[plain.get() & 0xff];
        plain.get(upstream);
        byte[] upstreamSession = new byte[plain.getShort() & 0xffff];
        plain.get(upstreamSession);
        return Optional.of(new SessionToken(new String(upstream, StandardCharsets.UTF_8),
                new String(upstreamSession, StandardCharsets.UTF_8), principalHash, Instant.ofEpochSecond(issuedAt)));
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
