package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.core.setup.Environment;
import io.shadowcat.proxy.ExchangeAuth;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code type: none}: every request is admitted as the anonymous principal, with a warning at every start. */
@JsonTypeName("none")
public class NoAuthFactory implements AuthFactory {
    private static final Logger LOG = LoggerFactory.getLogger(NoAuthFactory.class);

    /** {@code auth: none}: the one scalar the {@code auth:} block accepts. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NoAuthFactory fromScalar(String value) {
        if (!"none".equals(value)) {
            throw new IllegalArgumentException("auth: '" + value + "' is not a mode; write auth: none, or a block with type: jwt");
        }
        return new NoAuthFactory();
    }

    @Override
    public ExchangeAuth build(Environment environment, String mcpPath, Clock clock) {
        LOG.warn("auth is off (auth: none): anyone who can reach {} can call every upstream tool", mcpPath);
        return ExchangeAuth.ANONYMOUS;
    }
}
