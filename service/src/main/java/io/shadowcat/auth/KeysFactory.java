package io.shadowcat.auth;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Discoverable;
import java.time.Clock;

/** Where token signing keys come from ({@code auth.keys}); implementations are chosen by {@code type:}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface KeysFactory extends Discoverable {
    /** The key source; one that refreshes itself is handed to the environment's lifecycle here. */
    VerificationKeys build(Environment environment, Clock clock) throws java.io.IOException;
}
