package io.shadowcat.auth;

import com.nimbusds.jose.jwk.JWK;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;

class JwksFileKeysTest extends VerificationKeysContract {
    @Override
    VerificationKeys serving(JWK... keys) throws Exception {
        JwksFileKeysFactory factory = new JwksFileKeysFactory();
        factory.setPath(TestTokens.jwksFile(keys).toString());
        return factory.build(new Environment("test"), Clock.systemUTC());
    }
}
