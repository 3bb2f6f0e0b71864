package io.shadowcat.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

class AcceptsTest {
    private static Accepts of(String... values) {
        HttpFields.Mutable headers = HttpFields.build().put("Content-Type", "application/json");
        for (String value : values) {
            headers.add("Accept", value);
        }
        return Accepts.of(headers);
    }

    @Test
    void readsBothMediaTypesWithParametersCaseAndWildcards() {
        assertThat(of("application/json, text/event-stream")).isEqualTo(new Accepts(true, true));
        assertThat(of("Application/JSON;q=0.9 , TEXT/Event-Stream;charset=utf-8")).isEqualTo(new Accepts(true, true));
        assertThat(of("*/*")).isEqualTo(new Accepts(true, true));
        assertThat(of("text/*, application/xml")).isEqualTo(new Accepts(false, true));
        assertThat(of("application/*")).isEqualTo(new Accepts(true, false));
        assertThat(of("text/html, nonsense")).isEqualTo(new Accepts(false, false));
        assertThat(of()).isEqualTo(new Accepts(false, false));
    }

    @Test
    void severalFieldsCountTogether() {
        assertThat(of("application/json", "text/event-stream")).isEqualTo(new Accepts(true, true));
        assertThat(of("application/json", "text/html")).isEqualTo(new Accepts(true, false));
    }

    @Test
    void aRememberedValueNeverAnswersForAnother() {
        for (int i = 0; i < 3; i++) {
            assertThat(of("application/json, text/event-stream")).isEqualTo(new Accepts(true, true));
            assertThat(of("application/json, text/event-stream")).isEqualTo(new Accepts(true, true));
            assertThat(of("application/json")).isEqualTo(new Accepts(true, false));
            assertThat(of("text/event-stream")).isEqualTo(new Accepts(false, true));
            assertThat(of("text/event-stream", "application/json")).isEqualTo(new Accepts(true, true));
            assertThat(of("text/event-stream")).isEqualTo(new Accepts(false, true));
        }
    }
}
