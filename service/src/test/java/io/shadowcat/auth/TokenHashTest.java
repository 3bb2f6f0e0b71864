package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class TokenHashTest {
    private static TokenHash sha256(byte[] bytes) throws Exception {
        ByteBuffer digest = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(bytes));
        return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    @Test
    void isTheSha256OfTheTokensLatin1Bytes() throws Exception {
        String token = TestTokens.valid("alice");
        assertThat(TokenHash.of(token)).isEqualTo(sha256(token.getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(TokenHash.of(token.getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(TokenHash.of(token));
        assertThat(TokenHash.of("")).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void aTokenInsideAHeaderValueHashesAsTheTokenAlone() {
        String token = TestTokens.valid("alice");
        String header = "Bearer  " + token + " \t";
        int from = header.indexOf(token);
        assertThat(TokenHash.of(header, from, from + token.length())).isEqualTo(TokenHash.of(token));
        assertThat(TokenHash.of(header, from, from + token.length() - 1)).isNotEqualTo(TokenHash.of(token));
    }

    @Test
    void tokensLongerThanTheThreadsScratchAndThenShorterOnesHashRight() throws Exception {
        String longToken = "a".repeat(5000) + "b";
        assertThat(TokenHash.of(longToken)).isEqualTo(sha256(longToken.getBytes(StandardCharsets.ISO_8859_1)));
        // The scratch now holds the long token's bytes: a short one must not hash any of them.
        assertThat(TokenHash.of("ab")).isEqualTo(sha256("ab".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(TokenHash.of("ab")).isNotEqualTo(TokenHash.of("abb"));
    }

    @Test
    void charactersBeyondLatin1HashAsLatin1EncodesThem() throws Exception {
        String token = "abc\u0141def";
        assertThat(TokenHash.of(token)).isEqualTo(sha256(token.getBytes(StandardCharsets.ISO_8859_1)));
        // Not as their low byte (0x41, 'A'), which would make another token of the same hash.
        assertThat(TokenHash.of(token)).isNotEqualTo(TokenHash.of("abcAdef"));
    }
}
