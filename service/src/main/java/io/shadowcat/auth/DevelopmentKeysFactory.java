package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.JWKSet;
import io.dropwizard.core.setup.Environment;
import jakarta.validation.constraints.NotEmpty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code type: development}: the development key pair at {@code path}, generated on first start; the
 * {@code token} command signs with it. Never for production.
 */
@JsonTypeName("development")
public class DevelopmentKeysFactory implements KeysFactory {
    @NotEmpty
    private String path = "shadowcat-dev-key.json";

    @JsonProperty
    public String getPath() {
        return path;
    }

    @JsonProperty
    public void setPath(String path) {
        this.path = path;
    }

    /** The key pair, private half included: for the {@code token} command. */
    public RSAKey signingKey() throws IOException {
        return DevelopmentKeys.loadOrCreate(Path.of(path));
    }

    @Override
    public VerificationKeys build(Environment environment, Clock clock) throws IOException {
        return VerificationKeys.fixed(new JWKSet(signingKey()));
    }
}
