package io.shadowcat.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A YAML rules file ({@code rules:} and a list of rules, as under {@code policy:}) and the version of it
 * last read (modification time and size). A file is used only once it has settled (the same bytes on two
 * reads {@link #SETTLE} apart), so a file being rewritten in place is never taken half-written; an empty
 * file is refused for the same reason. Not thread-safe: one reader at a time.
 */
final class RulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Duration SETTLE = Duration.ofMillis(50);
    private static final int SETTLE_TRIES = 20;
    private static final int EMPTY_READS = 3;

    private final Path path;
    private FileTime readModified;
    private long readSize = -1;

    RulesFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    Path path() {
        return path;
    }

    /** Whether the file differs from the version last read (or cannot be examined). */
    boolean changed() {
        try {
            return !Files.getLastModifiedTime(path).equals(readModified) || Files.size(path) != readSize;
        } catch (IOException e) {
            return readSize != -2;
        }
    }

    /**
     * Reads and compiles the file; remembers this version even when it is invalid, so one bad version is
     * reported once.
     *
     * @throws InvalidRulesException naming the file, the rule and the field
     */
    List<Rule> load() {
        JsonNode root;
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            readModified = modified;
            readSize = size;
            byte[] content = settled();
            if (content == null) {
                readSize = -1;
                throw new InvalidRulesException(path + ": still being written after " + SETTLE.toMillis() * SETTLE_TRIES
                        + " ms; it is read again at the next check");
            }
            root = YAML.readTree(content);
        } catch (IOException e) {
            readSize = -2;
            throw new InvalidRulesException(path + ": cannot be read as YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidRulesException(path + ": is empty (a file with no rules says 'rules: []')");
        }
        if (!root.isObject()) {
            throw new InvalidRulesException(path + ": must be a mapping with a 'rules' list");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!field.equals("rules")) {
                throw new InvalidRulesException(path + ": unknown field '" + field + "'; a rules file has only 'rules'");
            }
        });
        return RuleParser.parse(root.get("rules"), path.toString());
    }

    /**
     * The file's bytes once two reads {@link #SETTLE} apart agree, or {@code null} if it keeps changing.
     * An empty file is what a rewrite in place shows between truncating and writing, so emptiness
     * counts only when it lasts {@link #EMPTY_READS} reads.
     */
    private byte[] settled() throws IOException {
        byte[] content = Files.readAllBytes(path);
        int empty = content.length == 0 ? 1 : 0;
        for (int i = 0; i < SETTLE_TRIES; i++) {
            try {
                Thread.sleep(SETTLE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the file to settle", e);
            }
            byte[] again = Files.readAllBytes(path);
            empty = again.length == 0 ? empty + 1 : 0;
            if (Arrays.equals(content, again) && (again.length > 0 || empty >= EMPTY_READS)) {
                return again;
            }
            content = again;
        }
        return null;
    }
}
