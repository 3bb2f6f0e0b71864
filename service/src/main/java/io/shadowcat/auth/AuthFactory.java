package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Discoverable;
import io.shadowcat.proxy.ExchangeAuth;
import java.time.Clock;

/**
 * The {@code auth:} block: how MCP clients (and the Jersey management endpoints) authenticate.
 * Implementations are chosen by {@code type:} ({@code jwt}, {@code none}); the scalar {@code auth: none}
 * is short for {@code auth: {type: none}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = NoAuthFactory.class)
public interface AuthFactory extends Discoverable {
    /**
     * The proxy's auth stage; also registers what the mode serves on the application port (resource
     * metadata, the Jersey auth filter) and manages what it owns.
     *
     * @param mcpPath the MCP endpoint's path, for the path-inserted resource metadata URL
     */
    ExchangeAuth build(Environment environment, String mcpPath, Clock clock) throws java.io.IOException;
}
