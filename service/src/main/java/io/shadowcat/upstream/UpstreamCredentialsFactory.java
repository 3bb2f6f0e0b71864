package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.jackson.Discoverable;
import org.eclipse.jetty.http.HttpField;

/**
 * How Shadowcat authenticates itself to one upstream. The client's own credentials never reach an
 * upstream; what an upstream sees comes from here. Implementations are chosen by {@code type:}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface UpstreamCredentialsFactory extends Discoverable {
    /** The header to add to every request towards the upstream. */
    HttpField build();
}
