package io.shadowcat.bench;

import io.shadowcat.metrics.StageHistograms;
import io.shadowcat.profiler.ExchangeEvent;
import io.shadowcat.profiler.ExchangeTimer;
import io.shadowcat.profiler.FlightRecording;
import io.shadowcat.profiler.Stage;
import io.shadowcat.profiler.live.ExchangeFeed;
import io.shadowcat.profiler.live.LiveBreakdown;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code shadowcat.Exchange} event costs one exchange: the whole stage-timing spine (begin,
 * eight stages opened and closed, finish) with the event
 * <ul>
 *   <li>{@code no-recording}: no flight recording at all;</li>
 *   <li>{@code disabled}: the JDK default recording running, the exchange event switched off;</li>
 *   <li>{@code enabled}: the proxy's continuous recording (default settings + {@code shadowcat.jfc});</li>
 *   <li>{@code enabled-live}: that, plus the live breakdown's exchange feed, windows and Prometheus
 *       stage histograms taking every exchange (on the feed's own thread).</li>
 * </ul>
 * All four run in one JMH invocation, each in its own fork, so they are compared side by side. One
 * thread commits, leaving the other core of a 2-core machine to the live feed's thread; the score is
 * the time per exchange on the committing thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class ExchangeEventBenchmark {
    private static final Stage[] STAGES = {Stage.RECEIVE, Stage.AUTH, Stage.RATELIMIT, Stage.POLICY, Stage.ROUTE,
        Stage.CONNECT, Stage.UPSTREAM, Stage.STREAM};

    @Param({"no-recording", "disabled", "enabled", "enabled-live"})
    public String event;

    private Recording recording;
    private FlightRecording continuous;
    private ExchangeFeed live;

    @Setup(Level.Trial)
    public void start() throws IOException, java.text.ParseException {
        switch (event) {
            case "no-recording" -> { }
            case "disabled" -> {
                recording = new Recording(jdk.jfr.Configuration.getConfiguration("default"));
                recording.disable(ExchangeEvent.NAME);
                recording.setToDisk(true);
                recording.start();
            }
            case "enabled", "enabled-live" -> {
                continuous = FlightRecording.start(null, Duration.ofMinutes(5), 64L << 20);
                if (event.equals("enabled-live")) {
                    LiveBreakdown breakdown = new LiveBreakdown(List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)), 6, 50,
                            System::currentTimeMillis);
                    live = new ExchangeFeed(List.of(breakdown, new StageHistograms()), ExchangeFeed.DEFAULT_CAPACITY);
                    live.start();
                }
            }
            default -> throw new IllegalArgumentException("unknown event setting " + event);
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (live != null) {
            live.close();
        }
        if (continuous != null) {
            continuous.close();
        }
        if (recording != null) {
            recording.close();
        }
    }

    /** One exchange's timing, as the proxy does it for a tools/call, committed (or not) at the end. */
    @Benchmark
    public long exchange() {
        return timedExchange(live);
    }

    /**
     * One exchange's timing as the proxy does it for a tools/call, handed to {@code feed} when there is one;
     * also what {@link ExchangeEventCpuCost} runs.
     */
    static long timedExchange(ExchangeFeed feed) {
        ExchangeTimer timer = ExchangeTimer.beginNow();
        timer.httpMethod("POST").method("tools/call").tool("echo").upstream("demo").protocolVersion("2025-11-25");
        for (Stage stage : STAGES) {
            timer.open(stage);
            timer.close(stage);
        }
        timer.status(200).bytesIn(120).addBytesOut(96);
        timer.finish();
        if (feed != null) {
            feed.offer(timer);
        }
        return timer.nanos(Stage.TOTAL);
    }
}
