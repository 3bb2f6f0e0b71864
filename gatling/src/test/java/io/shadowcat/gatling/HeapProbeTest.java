package io.shadowcat.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Reading the heap as the last collection left it from Dropwizard's {@code /metrics}. */
class HeapProbeTest {
    @Test
    void theHeapAfterGcIsTheSumOfThePoolsUsageAfterTheLastCollection() {
        String metrics = """
                {"version":"4.0.0","gauges":{
                  "jvm.memory.heap.used":{"value":31073928},
                  "jvm.memory.pools.G1-Eden-Space.used-after-gc":{"value":0},
                  "jvm.memory.pools.G1-Old-Gen.used-after-gc":{"value":20054552},
                  "jvm.memory.pools.G1-Old-Gen.used":{"value":20100000},
                  "jvm.memory.pools.G1-Survivor-Space.used-after-gc":{"value":1048576},
                  "jvm.memory.pools.Metaspace.used":{"value":70000000}
                },"counters":{}}""";

        assertThat(HeapProbe.afterGc(HeapProbe.gauges(metrics))).isEqualTo(OptionalLong.of(20054552 + 1048576));
    }

    @Test
    void withoutUsageAfterGcTheHeapInUseIsRead() {
        assertThat(HeapProbe.afterGc(HeapProbe.gauges("{\"gauges\":{\"jvm.memory.heap.used\":{\"value\":123}}}")))
                .isEqualTo(OptionalLong.of(123));
        assertThat(HeapProbe.afterGc(HeapProbe.gauges("{\"gauges\":{}}"))).isEmpty();
        assertThat(HeapProbe.afterGc(HeapProbe.gauges("not json"))).isEmpty();
    }

    @Test
    void theLiveBreakdownsBytesAreReadWhenTheProxyReportsThem() {
        assertThat(HeapProbe.breakdownBytes(
                HeapProbe.gauges("{\"gauges\":{\"shadowcat.breakdown.bytes\":{\"value\":524288}}}")))
                .isEqualTo(OptionalLong.of(524288));
        assertThat(HeapProbe.breakdownBytes(HeapProbe.gauges("{\"gauges\":{}}"))).isEmpty();
        assertThat(HeapProbe.breakdownBytes(HeapProbe.gauges("not json"))).isEmpty();
    }
}
