package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.nimbusds.jose.jwk.JWKSet;
import io.dropwizard.core.setup.Environment;
import jakarta.validation.constraints.NotEmpty;
import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;

/** {@code type: jwks-file}: the public keys of a local JWK set file, read once at start. */
@JsonTypeName("jwks-file")
public class JwksFileKeysFactory implements KeysFactory {
    @NotEmpty
    private String path;

    @JsonProperty
    public String getPath() {
        return path;
    }

    @JsonProperty
    public void setPath(String path) {
        this.path = path;
    }

    @Override
    public VerificationKeys build(Environment environment, Clock clock) throws IOException {
        try {
            return VerificationKeys.fixed(JWKSet.load(Path.of(path).toFile()));
        } catch (ParseException e) {
            throw new IOException("not a JWK set: " + path, e);
        }
    }
}
