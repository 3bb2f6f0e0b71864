package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;

/**
 * How Shadowcat authenticates itself to one upstream. The client's own credentials never reach an
 * upstream; what an upstream sees comes from here. Implementations are chosen by {@code type:}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface UpstreamCredentialsFactory extends Discoverable {
    /** What the proxy presents to the upstream on every request. */
    UpstreamCredential build();
}
