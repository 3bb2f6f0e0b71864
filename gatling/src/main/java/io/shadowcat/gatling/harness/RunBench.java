package io.shadowcat.gatling.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness ({@code gatling/run-bench}): for each suite, starts the demo upstream(s) and the proxy with
 * auth and JFR on ({@link Stack}), runs the Gatling simulation in its own JVM against the proxied and the direct
 * path, stops everything by PID, then records every result with {@code regress record} and prints one table.
 * Exit code 0 when every suite ran, wrote its result, was recorded and met its floors ({@code --floors warn}: floors
 * are reported only), 1 when one did not, 2 for a bad command line.
 *
 * <p>Not thread-safe; runs once per JVM (or per {@link #run} call).
 */
public final class RunBench {
    private static final String USAGE = """
            usage: gatling/run-bench [--smoke|--quick|--full] [--suite NAME]... [--db URL] [--no-record] [--sse]
                                     [--set NAME=VALUE]... [--floors fail|warn] [--reports] [--out DIR]
                                     [--commit C] [--branch B] [--jar service/target/shadowcat.jar] [--classpath CP]
            suites:""";

    private final PrintStream out;
    private String size = "quick";
    private final List<Suite> suites = new ArrayList<>();
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Path jar = Path.of("service/target/shadowcat.jar");
    private Path outDir;
    private String db;
    private boolean record = true;
    private boolean sse;
    private boolean failOnFloors = true;
    private boolean reports;
    private String commit = "";
    private String branch = "local";
    private String classpath = System.getProperty("java.class.path");

    RunBench(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** Runs the harness; returns its exit code. */
    public static int run(String[] args, PrintStream out) {
        RunBench bench = new RunBench(out);
        try {
            bench.parse(args);
        } catch (IllegalArgumentException e) {
            out.println("run-bench: " + e.getMessage());
            out.println(USAGE + " " + String.join(", ", Suite.names()));
            return 2;
        }
        try {
            return bench.runAll();
        } catch (IOException e) {
            out.println("run-bench: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("run-bench: interrupted");
            return 1;
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--smoke", "--quick", "--full" -> size = arg.substring(2);
                case "--suite" -> {
                    String name = value(args, ++i, arg);
                    suites.add(Suite.named(name).orElseThrow(() ->
                            new IllegalArgumentException("unknown suite '" + name + "'")));
                }
                case "--set" -> {
                    String pair = value(args, ++i, arg);
                    int equals = pair.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("--set takes NAME=VALUE, got '" + pair + "'");
                    }
                    overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
                case "--db" -> db = value(args, ++i, arg);
                case "--no-record" -> record = false;
                case "--sse" -> sse = true;
                case "--reports" -> reports = true;
                case "--floors" -> {
                    String mode = value(args, ++i, arg);
                    if (!mode.equals("fail") && !mode.equals("warn")) {
                        throw new IllegalArgumentException("--floors takes fail or warn, got '" + mode + "'");
                    }
                    failOnFloors = mode.equals("fail");
                }
                case "--out" -> outDir = Path.of(value(args, ++i, arg));
                case "--commit" -> commit = value(args, ++i, arg);
                case "--branch" -> branch = value(args, ++i, arg);
                case "--jar" -> jar = Path.of(value(args, ++i, arg));
                case "--classpath" -> classpath = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        if (suites.isEmpty()) {
            suites.addAll(List.of(Suite.values()));
        }
        if (outDir == null) {
            outDir = Path.of("gatling/target/bench", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private int runAll() throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build it with ./mvnw -q package -DskipTests");
        }
        Files.createDirectories(outDir);
        List<SuiteOutcome> outcomes = new ArrayList<>();
        for (Suite suite : suites) {
            outcomes.add(runSuite(suite, outcomes));
        }
        if (record) {
            for (SuiteOutcome outcome : outcomes) {
                outcome.recorded(recordResult(outcome));
            }
        }
        String table = SuiteOutcome.table(outcomes, size);
        out.println();
        out.println(table);
        Files.writeString(outDir.resolve("summary.txt"), table + "\n");
        out.println("results, logs and the table: " + outDir.toAbsolutePath());
        boolean ok = outcomes.stream().allMatch(o -> o.ran() && (!record || o.recorded())
                && (!failOnFloors || o.floorsMet()));
        return ok ? 0 : 1;
    }

    private SuiteOutcome runSuite(Suite suite, List<SuiteOutcome> earlier) throws IOException, InterruptedException {
        Path work = outDir.resolve(suite.simulation());
        Path result = work.resolve("result.json");
        out.println("== " + suite.simulation() + " (" + size + ")");
        Stack stack;
        try {
            stack = Stack.start(jar, work.resolve("stack"), suite.upstreams(), sse, List.of("-Xms512m", "-Xmx512m"));
        } catch (IOException e) {
            out.println("   could not start the stack: " + e.getMessage());
            return SuiteOutcome.failed(suite, "stack did not start: " + e.getMessage());
        }
        try (stack) {
            Map<String, String> properties = new LinkedHashMap<>(suite.parameters(size));
            if (suite == Suite.STRESS) {
                earlier.stream().filter(o -> o.suite() == Suite.THROUGHPUT).findFirst()
                        .flatMap(SuiteOutcome::saturation)
                        .ifPresent(rps -> properties.put("saturationRate", Double.toString(rps)));
            }
            properties.putAll(overrides);
            properties.put("suite", suite.historyName(size));
            properties.put("target", stack.proxyUrl());
            properties.put("direct", stack.upstreamUrls().get(0));
            properties.put("admin", stack.adminUrl());
            properties.put("token", stack.token());
            properties.put("out", result.toAbsolutePath().toString());
            properties.put("commit", commit);
            properties.put("branch", branch);
            properties.put("configHash", stack.configHash());
            properties.put("upstreamPids", String.join(",", stack.upstreamPids().stream().map(String::valueOf).toList()));
            int exit = gatling(suite, properties, work);
            return SuiteOutcome.read(suite, exit, result, work.resolve("gatling.log"));
        }
    }

    private int gatling(Suite suite, Map<String, String> properties, Path work) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-Xms256m", "-Xmx1g",
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12"));
        properties.forEach((name, value) -> command.add("-Dshadowcat." + name + "=" + value));
        command.addAll(List.of("-cp", classpath, "io.gatling.app.Gatling", "-s", suite.simulationClass(),
                "-rf", work.resolve("gatling").toAbsolutePath().toString(), "-rd", suite.historyName(size)));
        if (!reports) {
            command.add("-nr");
        }
        Path log = work.resolve("gatling.log");
        Process process = Children.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        Duration limit = "full".equals(size) ? Duration.ofMinutes(90) : Duration.ofMinutes(15);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            out.println("   Gatling did not finish within " + limit.toMinutes() + " min; stopped (see " + log + ")");
            return -1;
        }
        return process.exitValue();
    }

    private boolean recordResult(SuiteOutcome outcome) throws IOException, InterruptedException {
        if (!outcome.ran()) {
            return false;
        }
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-jar", jar.toString(), "regress", "record",
                outcome.result().toString(), "--suite", outcome.historyName()));
        if (db != null) {
            command.addAll(List.of("--db", db));
        }
        Path log = outcome.result().resolveSibling("record.log");
        Process process = Children.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return false;
        }
        String said = Files.readString(log).trim();
        out.println("   regress record " + outcome.historyName() + ": " + said.lines().reduce((a, b) -> b).orElse(""));
        return process.exitValue() == 0;
    }
}
