package io.shadowcat.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.UUID;

/**
 * The development signing key: an RS256 (2048-bit) key pair generated on first use and kept in a JWK set file
 * (owner-only permissions where the file system has them) so that the server and the {@code token}
 * command agree on it. RS256 because the JDK verifies it in tens of microseconds where ES256 takes about
 * a millisecond on Java 17. For development only: whoever can read the file can mint tokens.
 */
public final class DevelopmentKeys {
    private DevelopmentKeys() {
    }

    /** The key pair in {@code file}, generated and written first if the file does not exist. */
    public static RSAKey loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            create(file);
        }
        try {
            return JWKSet.load(file.toFile()).getKeys().get(0).toRSAKey();
        } catch (ParseException | RuntimeException e) {
            throw new IOException("not a development key file: " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("dev-" + UUID.randomUUID()).generate();
        } catch (JOSEException e) {
            throw new IOException("could not generate a development key", e);
        }
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".shadowcat-dev-key", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the platform's default permissions.
            }
            Files.writeString(temporary, new JWKSet(key).toString(false), StandardCharsets.UTF_8);
            // No replace: when two processes race on first start, the first key written wins.
            Files.move(temporary, file);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temporary);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** A signed access token for {@code audience} from {@code issuer}, valid for {@code ttl} from now. */
    public static String mint(RSAKey key, String issuer, String audience, String subject, Collection<String> scopes,
                              Duration ttl, Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .claim("scope", String.join(" ", scopes)).issueTime(Date.from(now)).notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl))).jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign with the development key", e);
        }
        return jwt.serialize();
    }
}
