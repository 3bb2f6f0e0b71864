package io.shadowcat.profiler.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.profiler.Stage;
import java.nio.file.Path;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exchange events of another shape than today's: other units, missing stages. */
class ExchangeFieldsTest {
    @TempDir
    Path dir;

    @Name("shadowcat.Exchange")
    static final class OtherShapeExchange extends Event {
        @Timespan(Timespan.MICROSECONDS)
        long auth;
        @Timespan(Timespan.MILLISECONDS)
        long upstream;
        @Timespan(Timespan.MILLISECONDS)
        long total;
        String method;
    }

    @Test
    void convertsEachFieldsUnitAndCountsMissingStagesAsZero() throws Exception {
        Path file = dir.resolve("other-shape.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("shadowcat.Exchange").withoutThreshold();
            recording.start();
            OtherShapeExchange event = new OtherShapeExchange();
            event.auth = 7;
            event.upstream = 2;
            event.total = 3;
            event.method = "ping";
            event.commit();
            recording.stop();
            recording.dump(file);
        }

        Breakdown breakdown = new RecordingAnalyzer(1).analyze(file);

        assertThat(breakdown.all().sum(Column.of(Stage.AUTH))).isEqualTo(7_000);
        assertThat(breakdown.all().sum(Column.of(Stage.UPSTREAM))).isEqualTo(2_000_000);
        assertThat(breakdown.all().sum(Column.of(Stage.RECEIVE))).isZero();
        assertThat(breakdown.all().sum(Column.UNATTRIBUTED)).isEqualTo(3_000_000 - 2_000_000 - 7_000);
        assertThat(breakdown.slowest().get(0).status()).isZero();
        assertThat(breakdown.byMethod()).containsOnlyKeys("ping");
    }
}
