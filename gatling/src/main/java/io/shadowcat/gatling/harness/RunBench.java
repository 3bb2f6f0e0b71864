package io.shadowcat.gatling.harness;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness ({@code gatling/run-bench}): for each suite, starts the demo upstream(s) and the proxy with
 * auth and JFR on ({@link Stack}) and, when nginx is installed and the suite runs every path alike, nginx as a plain
 * reverse proxy of the same upstream ({@link Nginx}); runs the Gatling simulation in its own JVM against the direct,
 * nginx and proxied paths; dumps the proxy's flight recording and runs {@code profile report} on it
 * ({@link ProxyProfile}); stops everything by PID. Then it checks every result against the history with
 * {@code regress check} ({@link GateCheck}) and records it with {@code regress record}, optionally runs and records the JMH
 * benchmarks ({@link JmhRun}), and prints one table. {@code --ci} is the small, seeded, gated run for CI.
 * Exit code 0 when every suite ran, wrote its result, was recorded, met its floors ({@code --floors warn}: floors
 * are reported only) and the gate found no regression ({@code --gate warn}: reported only; "cannot decide" never
 * fails), 1 when one did not, 2 for a bad command line.
 *
 * <p>Not thread-safe; runs once per JVM (or per {@link #run} call). Longer than most classes: it is the one place
 * that orders the steps of a run and reads its command line.
 */
public final class RunBench {
    /** The Gatling JVM's options that bear on its class archive (see GatlingClasses). */
    private static final List<String> GATLING_JVM = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12");
    private static final String USAGE = """
            usage: gatling/run-bench [--smoke|--quick|--full] [--ci] [--suite NAME]... [--db URL] [--seed HISTORY.jsonl]
                                     [--no-record] [--gate fail|warn|off] [--against BRANCH] [--nginx auto|off]
                                     [--nginx-workers N|auto] [--no-profile] [--jmh [REGEX]] [--sse]
                                     [--set NAME=VALUE]... [--proxy-set KEY=VALUE]... [--floors fail|warn] [--reports]
                                     [--rerun] [--out DIR]
                                     [--commit C] [--branch B] [--jar service/target/shadowcat.jar] [--classpath CP]
            --ci: --quick --suite EndToEndLatency --floors warn --rerun, recorded into a new history in the out
                  directory seeded with gatling/baselines/ci-history.jsonl, gated against its branch main
            --rerun: a suite the gate alarmed on, or could not decide on a disturbed machine, runs again (up to 3
                  runs while disturbed); an alarm stands unless the next decided run passes
            --jmh without --suite runs only the JMH benchmarks
            suites:""";

    /** The history {@code --ci} starts from: runs of its suite on this project's machine, exported as JSON lines. */
    static final Path CI_BASELINES = Path.of("gatling/baselines/ci-history.jsonl");

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
    private GatlingClasses gatlingClasses;
    private String gate = "fail";
    private String against = "main";
    private boolean nginx = true;
    private String nginxWorkers = "1";
    private boolean profile = true;
    private boolean profileJvm = true;
    private boolean ci;
    /** Whether a suite the gate alarmed on or could not decide for a disturbed machine runs again. */
    private boolean rerun;
    private Path seed;
    private String jmh;
    private Path benchmarks = Path.of("benchmarks");
    /** The previous suite's {@code regress check} and {@code regress record}, run while the next stack starts. */
    private CompletableFuture<Void> bookkeeping = CompletableFuture.completedFuture(null);
    /** The development key of the first stack, which the later ones reuse (their tokens are minted meanwhile). */
    private Path devKey;
    /** Dropwizard overrides of the proxy's configuration ({@code -Ddw.proxy.queueTimeout=1s}). */
    private final List<String> proxyOverrides = new ArrayList<>();

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
                case "--ci" -> ci = true;
                case "--rerun" -> rerun = true;
                case "--seed" -> seed = Path.of(value(args, ++i, arg));
                case "--gate" -> gate = oneOf(value(args, ++i, arg), arg, "fail", "warn", "off");
                case "--against" -> against = value(args, ++i, arg);
                case "--nginx" -> nginx = oneOf(value(args, ++i, arg), arg, "auto", "off").equals("auto");
                case "--nginx-workers" -> {
                    nginxWorkers = value(args, ++i, arg);
                    if (!nginxWorkers.matches("auto|[1-9][0-9]?")) {
                        throw new IllegalArgumentException("--nginx-workers takes a number or auto, got '"
                                + nginxWorkers + "'");
                    }
                }
                case "--no-profile" -> profile = false;
                case "--jmh" -> jmh = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : ".*";
                case "--benchmarks" -> benchmarks = Path.of(value(args, ++i, arg));
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
                case "--proxy-set" -> {
                    String pair = value(args, ++i, arg);
                    if (pair.indexOf('=') <= 0) {
                        throw new IllegalArgumentException("--proxy-set takes KEY=VALUE, got '" + pair + "'");
                    }
                    proxyOverrides.add("-Ddw." + pair);
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
        if (ci) {
            size = "quick";
            rerun = true;
            failOnFloors = false;
            profileJvm = false;
            if (suites.isEmpty()) {
                suites.add(Suite.END_TO_END_LATENCY);
            }
            if (seed == null) {
                seed = CI_BASELINES;
            }
        }
        if (suites.isEmpty() && jmh == null) {
            suites.addAll(List.of(Suite.values()));
        }
        if (outDir == null) {
            outDir = Path.of("gatling/target/bench", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        if (ci && db == null) {
            db = outDir.resolve("ci-history.db").toString();
        }
        if (seed != null && db == null) {
            throw new IllegalArgumentException("--seed needs --db: seeding the default history would mix baselines "
                    + "into it");
        }
        if (!record && !"off".equals(gate)) {
            gate = "off";
        }
    }

    private static String oneOf(String given, String option, String... allowed) {
        if (!List.of(allowed).contains(given)) {
            throw new IllegalArgumentException(option + " takes " + String.join(" or ", allowed) + ", got '" + given + "'");
        }
        return given;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private int runAll() throws IOException, InterruptedException {
        long begun = System.nanoTime();
        if (!Files.isRegularFile(jar)) {
            throw new IOException(jar + " is missing: build it with ./mvnw -q package -DskipTests");
        }
        Files.createDirectories(outDir);
        if (seed != null && !seedHistory()) {
            return 1;
        }
        Optional<Path> nginxExecutable = nginx ? Nginx.executable() : Optional.empty();
        if (nginx && nginxExecutable.isEmpty() && suites.stream().anyMatch(Suite::comparesNginx)) {
            out.println("nginx is not on PATH: the nginx path is left out (apt-get install -y nginx adds it)");
        }
        List<SuiteOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < suites.size(); i++) {
            Suite suite = suites.get(i);
            SuiteOutcome outcome = runSuite(suite, outcomes, nginxExecutable, suite.simulation());
            outcomes.add(outcome);
            // Only when another suite follows, which then starts faster: a run of one suite (CI) would gain nothing.
            boolean share = i < suites.size() - 1;
            // Profiled, checked and recorded while the next suite's stack starts (runSuite waits for it before the
            // load begins), so none of it runs during a measurement.
            awaitBookkeeping();
            bookkeeping = CompletableFuture.runAsync(() -> {
                if (share) {
                    shareGatlingClasses();
                }
                profile(outcome);
                checkAndRecord(outcome);
            });
        }
        awaitBookkeeping();
        if (rerun) {
            runAgain(outcomes, nginxExecutable);
        }
        StringBuilder summary = new StringBuilder(outcomes.isEmpty() ? "" : SuiteOutcome.table(outcomes, size));
        boolean jmhOk = jmh == null || runJmh(summary);
        out.println();
        out.println(summary);
        Files.writeString(outDir.resolve("summary.txt"), summary + "\n");
        out.println("results, logs and the table: " + outDir.toAbsolutePath());
        out.printf(Locale.ROOT, "run-bench: %d suite run(s) in %.0f s%n", outcomes.size(), seconds(System.nanoTime() - begun));
        boolean ok = jmhOk && outcomes.stream().allMatch(o -> o.ran() && (!record || o.recorded())
                && (!failOnFloors || o.floorsMet()) && !("fail".equals(gate) && o.regressed()));
        return ok ? 0 : 1;
    }

    private void checkAndRecord(SuiteOutcome outcome) {
        if (!record || !outcome.ran()) {
            return;
        }
        try {
            // Checked before it is recorded, so that the run is never its own baseline.
            if (!"off".equals(gate)) {
                outcome.verdict(check(outcome));
                if (rerun && outcome.verdict().worthASecondRun()) {
                    return; // the next run is checked against the same history, and the job's last run recorded
                }
            }
            outcome.recorded(recordResult(outcome.result(), outcome.historyName(), false));
        } catch (IOException e) {
            out.println("   regress check/record " + outcome.historyName() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private GateCheck.Verdict check(SuiteOutcome outcome) throws IOException, InterruptedException {
        return check(GateCheck.view(outcome.result(), outcome.result().resolveSibling("gate-view.json")),
                outcome.historyName());
    }

    /**
     * {@code --rerun}: runs a suite whose first run the gate alarmed on, or could not decide because the machine was
     * disturbed, once more, and again while the last run was disturbed, up to {@link GateCheck#MAX_RUNS} runs; the
     * job's verdict follows {@link GateCheck#job}, and its last run that gave a verdict is recorded.
     */
    private void runAgain(List<SuiteOutcome> outcomes, Optional<Path> nginxExecutable)
            throws IOException, InterruptedException {
        for (int i = 0; i < outcomes.size(); i++) {
            SuiteOutcome last = outcomes.get(i);
            if (last.verdict() == null || !last.verdict().worthASecondRun()) {
                continue;
            }
            GateCheck.Verdict job = last.verdict();
            List<String> said = new ArrayList<>(List.of(job.outcome().words));
            boolean again = true;
            for (int run = 2; run <= GateCheck.MAX_RUNS && again; run++) {
                out.println("   " + last.historyName() + ": " + job.outcome().words + " after " + (run - 1)
                        + " run(s); running it once more");
                SuiteOutcome next = runSuite(last.suite(), outcomes.subList(0, i), nginxExecutable,
                        last.suite().simulation() + "-" + run);
                profile(next);
                GateCheck.Verdict verdict = null;
                try {
                    verdict = next.ran() ? check(next) : null;
                } catch (IOException e) {
                    out.println("   regress check " + next.historyName() + " failed: " + e.getMessage());
                }
                if (verdict == null) {
                    out.println("   run " + run + " of " + last.historyName() + " gave no verdict; the verdict so far stands");
                    break;
                }
                said.add(verdict.outcome().words);
                job = GateCheck.job(job, verdict);
                last = next;
                again = verdict.disturbed(); // a disturbed run decides nothing
            }
            GateCheck.Verdict verdict = new GateCheck.Verdict(job.outcome(), job.message() + " (runs: "
                    + String.join(", ", said) + ")", job.report());
            last.verdict(verdict);
            out.println("   " + last.historyName() + " after " + said.size() + " runs: " + verdict.line());
            last.recorded(recordResult(last.result(), last.historyName(), false));
            outcomes.set(i, last);
        }
    }

    /** Writes the Gatling JVM's class archive once the first Gatling run has listed its classes (see GatlingClasses). */
    private void shareGatlingClasses() {
        if (gatlingClasses == null) {
            return;
        }
        try {
            long started = System.nanoTime();
            if (gatlingClasses.dump(outDir.resolve("gatling-cds.log"))) {
                out.printf(Locale.ROOT, "   Gatling's classes archived for later runs in %.1f s: %s%n",
                        seconds(System.nanoTime() - started), gatlingClasses.archive());
            }
        } catch (IOException e) {
            out.println("   Gatling's classes could not be archived: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** Waits for the previous suite's bookkeeping: its profile, check and record (and a class archive to write). */
    private void awaitBookkeeping() throws InterruptedException {
        try {
            bookkeeping.get();
        } catch (ExecutionException e) {
            out.println("   regress check/record failed: " + e.getCause());
        }
    }

    /** Imports the seed history into the store ({@code regress import}, idempotent); false when it failed. */
    private boolean seedHistory() throws IOException, InterruptedException {
        if (!Files.isRegularFile(seed)) {
            out.println("run-bench: the seed history " + seed + " is missing");
            return false;
        }
        Path log = outDir.resolve("seed.log");
        int exit = service(List.of("regress", "import", seed.toString(), "--db", db), log);
        out.println("   " + Files.readString(log).trim().lines().reduce((a, b) -> b).orElse("") + " into " + db);
        return exit == 0;
    }

    private GateCheck.Verdict check(Path result, String suite) throws IOException, InterruptedException {
        GateCheck.Verdict verdict = GateCheck.check(jar, result, suite, against, db,
                result.resolveSibling("gate.txt"));
        out.println("   regress check " + suite + " against " + against + ": " + verdict.line());
        return verdict;
    }

    /** Runs, records and checks the JMH benchmarks; appends their lines to the summary; false when one failed. */
    private boolean runJmh(StringBuilder summary) throws IOException, InterruptedException {
        String suite = "jmh" + ("full".equals(size) ? "" : "-" + size);
        out.println("== JMH " + jmh + " (" + size + ")");
        Path json;
        try {
            json = JmhRun.run(benchmarks, jmh, size, outDir.resolve("jmh"));
        } catch (IOException e) {
            out.println("   " + e.getMessage());
            summary.append("\nJMH ").append(jmh).append(": ").append(e.getMessage());
            return false;
        }
        summary.append(summary.length() == 0 ? "" : "\n").append(JmhSummary.table(json));
        if (!record) {
            return true;
        }
        GateCheck.Verdict verdict = "off".equals(gate) ? null : check(json, suite);
        boolean recorded = recordResult(json, suite, true);
        summary.append("\nJMH ").append(recorded ? "recorded as " + suite : "NOT recorded");
        if (verdict != null) {
            summary.append("\nJMH gate: ").append(verdict.line());
        }
        return recorded && !("fail".equals(gate) && verdict.outcome() == GateCheck.Outcome.REGRESSION);
    }

    private SuiteOutcome runSuite(Suite suite, List<SuiteOutcome> earlier, Optional<Path> nginxExecutable,
            String directory) throws IOException, InterruptedException {
        Path work = outDir.resolve(directory);
        Path result = work.resolve("result.json");
        out.println("== " + suite.simulation() + " (" + size + ")");
        long started = System.nanoTime();
        Stack stack;
        try {
            List<String> proxyJvm = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
            proxyJvm.addAll(proxyOverrides);
            stack = Stack.start(jar, work.resolve("stack"), suite.upstreams(), sse, proxyJvm, devKey);
            devKey = stack.key();
        } catch (IOException e) {
            out.println("   could not start the stack: " + e.getMessage());
            return SuiteOutcome.failed(suite, "stack did not start: " + e.getMessage());
        }
        Nginx front = suite.comparesNginx() ? startNginx(nginxExecutable, stack, work) : null;
        long up = System.nanoTime();
        awaitBookkeeping();
        long ready = System.nanoTime();
        Path recording = null;
        int exit;
        try (stack; front) {
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
            if (front != null) {
                properties.put("nginx", front.url());
            }
            exit = gatling(suite, properties, work);
            out.printf(Locale.ROOT, "   stack up in %.1f s, waited %.1f s for the previous suite's bookkeeping, Gatling "
                    + "ran %.1f s%n", seconds(up - started), seconds(ready - up), seconds(System.nanoTime() - ready));
            if (profile && Files.isRegularFile(result)) {
                try {
                    recording = ProxyProfile.dump(stack.adminUrl(), "proxy.jfr");
                } catch (IOException e) {
                    out.println("   the flight recording could not be dumped: " + e.getMessage());
                }
            }
        }
        SuiteOutcome outcome = SuiteOutcome.read(suite, exit, result, work.resolve("gatling.log"));
        outcome.recording(recording);
        return outcome;
    }

    /** nginx in front of the suite's first upstream, or null when it is not installed or did not start. */
    private Nginx startNginx(Optional<Path> executable, Stack stack, Path work) {
        if (executable.isEmpty()) {
            return null;
        }
        try {
            Nginx started = Nginx.start(executable.get(), work.resolve("nginx"), stack.upstreamUrls().get(0),
                    nginxWorkers);
            out.println("   nginx (" + nginxWorkers + " worker(s), PID " + started.pid() + ") at " + started.url());
            return started;
        } catch (IOException e) {
            out.println("   nginx did not start, the nginx path is left out: " + e.getMessage());
            return null;
        }
    }

    /** {@code profile report} on the proxy's recording, if any, its stage metrics joined to the result. */
    private void profile(SuiteOutcome outcome) {
        Optional<Path> dumped = outcome.recording();
        if (dumped.isEmpty()) {
            return;
        }
        Path recording = dumped.get();
        Path work = outcome.result().getParent();
        try {
            String since = outcome.tag("proxy.started").orElse(null);
            JsonNode report = ProxyProfile.report(jar, recording, outcome.historyName(), since, profileJvm, work);
            int added = ProxyProfile.merge(report, outcome.result());
            outcome.profiled(ProxyProfile.topStages(report));
            out.println("   profile: " + outcome.profile() + " (" + added + " stage metrics added to the result; "
                    + "report in " + work.resolve("profile.txt") + ")");
        } catch (IOException e) {
            out.println("   profile report failed: " + e.getMessage());
        }
    }

    private int gatling(Suite suite, Map<String, String> properties, Path work) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-Xms256m", "-Xmx1g"));
        command.addAll(GATLING_JVM);
        if (gatlingClasses == null) {
            gatlingClasses = new GatlingClasses(Stack.java(), classpath, GATLING_JVM, jar.toAbsolutePath().getParent()
                    .resolve("cds"));
        }
        command.addAll(gatlingClasses.options());
        properties.forEach((name, value) -> command.add("-Dshadowcat." + name + "=" + value));
        command.addAll(List.of("-cp", gatlingClasses.classpath(), "io.gatling.app.Gatling", "-s", suite.simulationClass(),
                "-rf", work.resolve("gatling").toAbsolutePath().toString(), "-rd", suite.historyName(size)));
        if (!reports) {
            command.add("-nr");
        }
        Path log = work.resolve("gatling.log");
        Process process = Children.start(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
        Duration limit = "full".equals(size) ? Duration.ofMinutes(90) : Duration.ofMinutes(15);
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            gatlingClasses.ended(-1);
            out.println("   Gatling did not finish within " + limit.toMinutes() + " min; stopped (see " + log + ")");
            return -1;
        }
        gatlingClasses.ended(process.exitValue());
        return process.exitValue();
    }

    /**
     * {@code regress record} of one result file as a run of {@code suite}; a JMH file carries no commit or branch,
     * so {@code withRun} passes the harness's. False when there is nothing to record or recording failed.
     */
    private boolean recordResult(Path file, String suite, boolean withRun) throws IOException, InterruptedException {
        if (suite == null) {
            return false;
        }
        List<String> arguments = new ArrayList<>(List.of("regress", "record", file.toString(), "--suite", suite));
        if (withRun) {
            if (!commit.isEmpty()) {
                arguments.addAll(List.of("--commit", commit));
            }
            arguments.addAll(List.of("--branch", branch));
        }
        if (db != null) {
            arguments.addAll(List.of("--db", db));
        }
        Path log = file.resolveSibling("record.log");
        int exit = service(arguments, log);
        String said = Files.readString(log).trim();
        out.println("   regress record " + suite + ": " + said.lines().reduce((a, b) -> b).orElse(""));
        return exit == 0;
    }

    /** Runs a command of the service jar in its own JVM, its output in {@code log}; returns its exit code. */
    private int service(List<String> arguments, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Stack.java(), "-jar", jar.toString()));
        command.addAll(arguments);
        Process process = Children.start(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()));
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            return -1;
        }
        return process.exitValue();
    }
}
