package io.shadowcat.auth;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.Duration;
import io.shadowcat.ShadowcatConfiguration;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code token [config.yml] --subject S [--scope "a b"] [--ttl 1h]}: prints an access token signed with
 * the development key that the configuration names, for the configured issuer and resource. Refuses
 * configurations whose keys are not the development key.
 */
public final class TokenCommand extends ConfiguredCommand<ShadowcatConfiguration> {
    public TokenCommand() {
        super("token", "Mints an access token signed with the development key of the configuration");
    }

    @Override
    public void configure(Subparser subparser) {
        super.configure(subparser);
        subparser.addArgument("--subject").required(true).help("the token's subject (sub)");
        subparser.addArgument("--scope").help("space-separated scopes (default: the configured required scopes)");
        subparser.addArgument("--ttl").setDefault("1h").help("how long the token is valid, e.g. 15m, 1h");
    }

    @Override
    protected void run(Bootstrap<ShadowcatConfiguration> bootstrap, Namespace namespace,
                       ShadowcatConfiguration configuration) throws Exception {
        if (!(configuration.getAuth() instanceof JwtAuthFactory jwt) || !(jwt.getKeys() instanceof DevelopmentKeysFactory keys)) {
            throw new IllegalArgumentException("token mints only for auth type jwt with keys type development");
        }
        String scope = namespace.getString("scope");
        List<String> scopes = scope == null ? jwt.getRequiredScopes()
                : Arrays.stream(scope.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        java.time.Duration ttl = Duration.parse(namespace.getString("ttl")).toJavaDuration();
        System.out.println(DevelopmentKeys.mint(keys.signingKey(), jwt.getIssuer(), jwt.getResource().toString(),
                namespace.getString("subject"), scopes, ttl, Clock.systemUTC()));
    }
}
