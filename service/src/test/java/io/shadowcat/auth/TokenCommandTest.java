package io.shadowcat.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code token config.yml --subject S}: with the shipped configuration, generates the development key on
 * first use and prints a token the proxy's verifier accepts for the configured issuer and resource.
 */
class TokenCommandTest {
    private static String run(Path keyFile, String... args) throws Exception {
        ShadowcatApplication application = new ShadowcatApplication();
        Bootstrap<ShadowcatConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setProperty("dw.auth.keys.path", keyFile.toString());
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            Optional<Throwable> failure = new Cli(new JarLocation(TokenCommandTest.class), bootstrap, original, System.err).run(args);
            assertThat(failure).isEmpty();
        } finally {
            System.setOut(original);
            System.clearProperty("dw.auth.keys.path");
        }
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void mintsATokenTheShippedConfigurationAccepts() throws Exception {
        Path keyFile = Files.createTempDirectory("dev-key").resolve("shadowcat-dev-key.json");
        String token = run(keyFile, "token", Path.of("..", "config.yml").toString(), "--subject", "me", "--scope", "mcp tools", "--ttl", "10m");

        assertThat(keyFile).exists();
        JwtVerifier verifier = new JwtVerifier(VerificationKeys.fixed(JWKSet.load(keyFile.toFile())), JwtVerifier.DEFAULT_ALGORITHMS,
                "urn:shadowcat:development", "http://127.0.0.1:8080/mcp", Duration.ZERO, Clock.systemUTC());
        assertThat(verifier.verify(token)).isInstanceOfSatisfying(TokenVerdict.Valid.class, valid -> {
            assertThat(valid.principal().subject()).isEqualTo("me");
            assertThat(valid.principal().scopes()).containsExactlyInAnyOrder("mcp", "tools");
            assertThat(valid.principal().expiresAt()).isBefore(java.time.Instant.now().plusSeconds(601));
        });
        assertThat(run(keyFile, "token", Path.of("..", "config.yml").toString(), "--subject", "you"))
                .as("the second run reuses the key").satisfies(second -> assertThat(verifier.verify(second)).isInstanceOf(TokenVerdict.Valid.class));
    }
}
