package io.shadowcat.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.shadowcat.metrics.LabelledCounters;
import io.shadowcat.proxy.Admission;
import io.shadowcat.testing.FakeAdmissionRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules file: a changed valid file replaces the rules as a whole, an invalid one is refused and the
 * previous rules stay, and requests evaluated while the file is reloaded over and over each see one
 * whole generation, never a mix.
 */
class RulesReloadTest {
    private static final int RULES_PER_GENERATION = 50;

    @TempDir
    Path dir;

    private final LabelledCounters decisions = new LabelledCounters("d", "h", "rule", "outcome");
    private long modified = 1_000_000;

    /** A generation: 50 header-setting rules and a final deny, all naming the generation. */
    private static String generation(String name) {
        StringBuilder yaml = new StringBuilder("rules:\n");
        for (int i = 0; i < RULES_PER_GENERATION; i++) {
            yaml.append("  - {id: set-").append(i).append(", priority: ").append(1000 - i)
                    .append(", action: {setHeaders: {X-Rule-").append(i).append(": ").append(name).append("}}}\n");
        }
        yaml.append("  - {id: decide, priority: 0, action: {deny: {message: ").append(name).append("}}}\n");
        return yaml.toString();
    }

    private void write(Path file, String content) throws Exception {
        Files.writeString(file, content);
        // A distinct modification time for every version, whatever the file system's granularity.
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified += 1000));
    }

    private PolicyCheck policy(RulesFile file) {
        return new PolicyCheck(new RuleSet(file.load(), false, decisions), Clock.systemUTC());
    }

    @Test
    void aChangedFileReplacesTheRulesAndAnInvalidOneIsRefused() throws Exception {
        Path path = dir.resolve("rules.yml");
        write(path, "rules:\n  - {id: deny-echo, when: {tool: echo}, action: deny}\n");
        RulesFile file = new RulesFile(path);
        PolicyCheck check = policy(file);
        RulesReloader reloader = new RulesReloader(file, Duration.ofSeconds(1),
                rules -> check.replace(new RuleSet(rules, false, decisions)));
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).isInstanceOf(Admission.Refuse.class);

        reloader.reloadIfChanged();
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).as("unchanged file").isInstanceOf(Admission.Refuse.class);

        write(path, "rules:\n  - {id: deny-search, when: {tool: search}, action: deny}\n");
        reloader.reloadIfChanged();
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).isEqualTo(Admission.ADMIT);
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "search"))).isInstanceOf(Admission.Refuse.class);

        write(path, "rules:\n  - {id: broken, when: {tool: {regex: '('}}, action: deny}\n");
        reloader.reloadIfChanged();
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "search"))).as("previous rules stay")
                .isInstanceOf(Admission.Refuse.class);
        assertThat(check.rules().rules).extracting(Rule::id).containsExactly("deny-search");
    }

    @Test
    void anInvalidFileIsRefusedWithItsPathRuleAndField() throws Exception {
        Path path = dir.resolve("bad.yml");
        write(path, "rules:\n  - {id: x, when: {tool: {regex: '('}}, action: deny}\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RulesFile(path).load())
                .isInstanceOf(InvalidRulesException.class)
                .hasMessageStartingWith(path + ": rule 'x': when.tool.regex: invalid regular expression");
        write(path, "policies: []\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RulesFile(path).load())
                .hasMessage(path + ": unknown field 'policies'; a rules file has only 'rules'");
        write(path, "rules: [\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RulesFile(path).load())
                .hasMessageStartingWith(path + ": cannot be read as YAML");
    }

    @Test
    void anEmptyFileIsRefusedAndTheRulesInForceStay() throws Exception {
        Path path = dir.resolve("rules.yml");
        write(path, "rules:\n  - {id: deny-echo, when: {tool: echo}, action: deny}\n");
        RulesFile file = new RulesFile(path);
        PolicyCheck check = policy(file);
        RulesReloader reloader = new RulesReloader(file, Duration.ofSeconds(1),
                rules -> check.replace(new RuleSet(rules, false, decisions)));
        // What a reload sees between the truncation and the write of an in-place rewrite.
        write(path, "");
        org.assertj.core.api.Assertions.assertThatThrownBy(file::load)
                .hasMessage(path + ": is empty (a file with no rules says 'rules: []')");
        reloader.reloadIfChanged();
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).isInstanceOf(Admission.Refuse.class);
        write(path, "rules: []\n");
        reloader.reloadIfChanged();
        assertThat(check.check(FakeAdmissionRequest.call("tools/call", "echo"))).isEqualTo(Admission.ADMIT);
    }

    @Test
    void aFileRewrittenWhileItIsReadIsTakenOnceItHasSettled() throws Exception {
        Path path = dir.resolve("rules.yml");
        write(path, generation("a"));
        RulesFile file = new RulesFile(path);
        // A rewrite lands while the first read waits to see the file settle: what is taken is one whole
        // version (normally the new one, read twice alike), never a mix of the two.
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(RulesFile.SETTLE.toMillis() / 3);
                write(path, generation("bb"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        List<Rule> rules = file.load();
        writer.join(10_000);
        assertThat(rules).hasSize(RULES_PER_GENERATION + 1);
        FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "echo");
        String decided = ((Admission.Refuse) new PolicyCheck(new RuleSet(rules, false, decisions), Clock.systemUTC())
                .check(request)).rejection().message();
        assertThat(request.upstreamHeaders(HttpFields.EMPTY).stream().map(h -> h.getValue()))
                .hasSize(RULES_PER_GENERATION).containsOnly(decided);
    }

    @Test
    void requestsEvaluatedDuringReloadsSeeOneWholeGeneration() throws Exception {
        Path path = dir.resolve("rules.yml");
        write(path, generation("a"));
        RulesFile file = new RulesFile(path);
        PolicyCheck check = policy(file);
        RulesReloader reloader = new RulesReloader(file, Duration.ofSeconds(1),
                rules -> check.replace(new RuleSet(rules, false, decisions)));
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> mixed = new CopyOnWriteArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    FakeAdmissionRequest request = FakeAdmissionRequest.call("tools/call", "echo");
                    String decided = ((Admission.Refuse) check.check(request)).rejection().message();
                    seen.add(decided);
                    HttpFields headers = request.upstreamHeaders(HttpFields.EMPTY);
                    long agreeing = headers.stream().filter(h -> h.getValue().equals(decided)).count();
                    if (agreeing != RULES_PER_GENERATION || headers.size() != RULES_PER_GENERATION) {
                        mixed.add(decided + " with " + headers);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        String[] names = {"a", "bb", "ccc"};
        for (int i = 1; i <= 60; i++) {
            write(path, generation(names[i % 3]));
            reloader.reloadIfChanged();
            Thread.onSpinWait();
        }
        running.set(false);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(mixed).isEmpty();
        assertThat(seen).contains("a", "bb", "ccc");
        assertThat(check.rules().rules).hasSize(RULES_PER_GENERATION + 1);
    }
}
