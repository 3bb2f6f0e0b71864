package io.shadowcat.auth;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Objects;

/**
 * Serves the RFC 9728 metadata at {@code /.well-known/oauth-protected-resource} and at its path-inserted
 * form for the MCP endpoint ({@code /.well-known/oauth-protected-resource/mcp}). Unauthenticated by
 * design: clients read it to learn where to get a token. Thread-safe.
 */
@Path(ProtectedResourceMetadataResource.WELL_KNOWN)
@Produces(MediaType.APPLICATION_JSON)
public final class ProtectedResourceMetadataResource {
    static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    private final ProtectedResourceMetadata metadata;
    private final String resourcePath;

    /** @param resourcePath the path of the resource identifier, e.g. {@code /mcp} */
    public ProtectedResourceMetadataResource(ProtectedResourceMetadata metadata, String resourcePath) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
        this.resourcePath = Objects.requireNonNull(resourcePath, "resourcePath");
    }

    @GET
    public ProtectedResourceMetadata metadata() {
        return metadata;
    }

    @GET
    @Path("{path: .+}")
    public ProtectedResourceMetadata metadataFor(@PathParam("path") String path) {
        if (!resourcePath.equals("/" + path)) {
            throw new NotFoundException("no protected resource at /" + path);
        }
        return metadata;
    }
}
