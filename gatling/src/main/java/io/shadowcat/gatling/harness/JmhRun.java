package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JMH microbenchmarks of {@code benchmarks/} run from the harness: JMH's own runner in its own JVM (with its
 * forks) on the classpath the benchmarks build writes ({@code benchmarks/target/classpath.txt}), the result as JMH
 * JSON ({@code -rf json}), which {@code regress record} reads as it is. Iterations by size: {@code smoke} one short
 * iteration (checks that the import works, figures are not worth keeping), {@code quick} 3 × 1 s warm-up and 5 × 1 s
 * measurement in one fork, {@code full} the benchmarks' own annotations.
 *
 * <p>Stateless.
 */
final class JmhRun {
    private JmhRun() {
    }

    /** JMH's options for a harness size. */
    static List<String> iterations(String size) {
        return switch (size) {
            case "smoke" -> List.of("-wi", "1", "-w", "200ms", "-i", "1", "-r", "500ms", "-f", "1");
            case "quick" -> List.of("-wi", "3", "-w", "1s", "-i", "5", "-r", "1s", "-f", "1");
            default -> List.of();
        };
    }

    /**
     * Runs the benchmarks matching {@code regex} and writes {@code jmh.json} (and {@code jmh.log}) in {@code work};
     * returns the JSON file.
     */
    static Path run(Path benchmarks, String regex, String size, Path work) throws IOException, InterruptedException {
        Path classpathFile = benchmarks.resolve("target/classpath.txt");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IOException(classpathFile + " is missing: build with ./mvnw -q package -DskipTests -pl benchmarks -am");
        }
        Files.createDirectories(work);
        String classpath = benchmarks.resolve("target/classes").toAbsolutePath() + java.io.File.pathSeparator
                + Files.readString(classpathFile).trim();
        Path json = work.resolve("jmh.json").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-cp", classpath, "org.openjdk.jmh.Main", regex));
        command.addAll(iterations(size));
        command.addAll(List.of("-rf", "json", "-rff", json.toString()));
        Path log = work.resolve("jmh.log");
        Process process = Children.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        if (!process.waitFor(90, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IOException("JMH did not finish within 90 min; see " + log);
        }
        if (process.exitValue() != 0 || !Files.isRegularFile(json) || Files.size(json) < 3) {
            throw new IOException("JMH exited with " + process.exitValue() + " and no results for '" + regex
                    + "'; see " + log);
        }
        return json;
    }
}
