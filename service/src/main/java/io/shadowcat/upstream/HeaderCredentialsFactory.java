package io.shadowcat.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import jakarta.validation.constraints.NotEmpty;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** {@code type: header}: a static header, such as {@code X-Api-Key}, towards the upstream. */
@JsonTypeName("header")
public class HeaderCredentialsFactory implements UpstreamCredentialsFactory {
    @NotEmpty
    private String name;
    @NotEmpty
    private String value;

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public String getValue() {
        return value;
    }

    @JsonProperty
    public void setValue(String value) {
        this.value = value;
    }

    @Override
    public UpstreamCredential build() {
        return UpstreamCredential.fixed(new PreEncodedHttpField(name, value));
    }
}
