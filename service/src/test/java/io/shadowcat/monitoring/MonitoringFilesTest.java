package io.shadowcat.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import io.shadowcat.testing.Endpoint;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.shadowcat.ShadowcatApplication;
import io.shadowcat.ShadowcatConfiguration;
import io.shadowcat.testing.McpTestClient;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitoring files in {@code monitoring/}: the alert rules pass {@code promtool test rules}, and every
 * query of the rules and of the Grafana dashboard names only metrics that a running proxy exports on
 * {@code /prometheus} (scraped here after real traffic).
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class MonitoringFilesTest {
    private static final Path MONITORING = Path.of("..", "monitoring").toAbsolutePath().normalize();
    private static final Path RULES = MONITORING.resolve("prometheus/shadowcat-alerts.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana/shadowcat-dashboard.json");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final DropwizardAppExtension<ShadowcatConfiguration> APP = new DropwizardAppExtension<>(
            ShadowcatApplication.class, ResourceHelpers.resourceFilePath("config/monitoring.yml"));

    static Set<String> exported = new TreeSet<>();

    /** Five calls of one tool under a limit of four a minute: the fifth is refused, so every family has a sample. */
    @BeforeAll
    static void scrapeAProxyThatHasServedTraffic() throws Exception {
        String admin = "http://127.0.0.1:" + APP.getAdminPort();
        try (McpTestClient client = new McpTestClient(URI.create("http://127.0.0.1:" + Endpoint.port(APP) + "/mcp"))) {
            String session = client.initialize("2025-11-25");
            for (int i = 0; i < 5; i++) {
                client.post("{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"m\"}}}")
                        .headers(h -> h.put("Mcp-Session-Id", session).put("MCP-Protocol-Version", "2025-11-25")).send();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String text;
            do {
                Thread.sleep(200);
                text = client.http().GET(admin + "/prometheus").getContentAsString();
            } while (!text.contains("shadowcat_stage_duration_seconds_count{stage=\"total\"} 6") && System.nanoTime() < deadline);
            text.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
        }
    }

    @Test
    void alertRulesPassPromtool() throws Exception {
        assertThat(run("promtool", "check", "rules", RULES.toString())).contains("SUCCESS: 6 rules found");
        assertThat(run("promtool", "test", "rules", "shadowcat-alerts.test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertAndDashboardQueryNamesAnExportedMetric() throws Exception {
        Map<String, String> queries = queries();
        assertThat(queries).hasSizeGreaterThan(20);
        Set<String> used = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        queries.forEach((where, expr) -> {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics named by %s: %s", where, expr).isNotEmpty();
            for (String name : names) {
                used.add(name);
                if (!exported.contains(name)) {
                    unknown.add(name + " (" + where + ")");
                }
            }
        });
        assertThat(unknown).as("metrics the proxy does not export; it exports %s", exported).isEmpty();
        assertThat(used).contains("shadowcat_stage_duration_seconds_bucket", "shadowcat_proxy_overhead_seconds_bucket",
                "shadowcat_requests_total", "shadowcat_sessions_active", "shadowcat_memory_heap_after_gc_bytes");
    }

    @Test
    void theDashboardHasThePanelsOperatorsNeed() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> titles = new ArrayList<>();
        dashboard.get("panels").forEach(p -> titles.add(p.get("title").asText()));
        assertThat(titles).contains("End-to-end latency (total)", "p99 per stage", "Policy and rate-limit overhead",
                "Requests per second by method", "Active connections and requests", "Sessions", "Memory per session",
                "Latency heatmap (total)");
        dashboard.get("panels").forEach(p -> assertThat(p.get("targets")).as(p.get("title").asText()).isNotEmpty());
    }

    @Test
    void metricNamesAreFoundAndNothingElse() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, stage) (rate(a_bucket{stage=~\"x|y\",instance=~\"$instance\"}[$__rate_interval])))"
                + " / on (job) group_left b_total offset 5m > 0.005 and delta(c[1h]) >= 1e3"))
                .containsExactly("a_bucket", "b_total", "c");
        assertThat(metricNames("label_values(shadowcat_requests_inflight, instance)")).containsExactly("shadowcat_requests_inflight");
    }

    /** Every PromQL expression in the rules and the dashboard, keyed by where it is. */
    private static Map<String, String> queries() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        for (JsonNode group : rules.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                out.put("alert " + rule.get("alert").asText(), rule.get("expr").asText());
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                out.put("panel '" + panel.get("title").asText() + "' " + target.get("refId").asText(), target.get("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if ("query".equals(variable.get("type").asText())) {
                out.put("variable " + variable.get("name").asText(), variable.get("query").asText());
            }
        }
        return out;
    }

    /**
     * The metric names in a PromQL expression: identifiers that are not functions (followed by a
     * parenthesis), label names or values (inside braces, or in by/without/on/ignoring lists), durations
     * (inside brackets), Grafana variables or keywords.
     */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\{?\\w+}?", " ");
        // label_values(metric, label): the second argument is a label.
        bare = bare.replaceAll("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)", "$1");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < bare.length() && bare.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < bare.length() && bare.charAt(next) == '(';
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    private static String run(String... command) throws Exception {
        if (!new File("/usr/bin/promtool").canExecute() && !onPath(command[0])) {
            fail("promtool is needed to test the alert rules: apt-get install -y prometheus");
        }
        Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("%s exit code; output:%n%s", String.join(" ", command), out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
