package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import jakarta.validation.constraints.NotEmpty;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** {@code type: bearer}: a static {@code Authorization: Bearer <token>} towards the upstream. */
@JsonTypeName("bearer")
public class BearerCredentialsFactory implements UpstreamCredentialsFactory {
    @NotEmpty
    private String token;

    @JsonProperty
    public String getToken() {
        return token;
    }

    @JsonProperty
    public void setToken(String token) {
        this.token = token;
    }

    @Override
    public UpstreamCredential build() {
        return UpstreamCredential.fixed(new PreEncodedHttpField(HttpHeader.AUTHORIZATION, "Bearer " + token));
    }
}
