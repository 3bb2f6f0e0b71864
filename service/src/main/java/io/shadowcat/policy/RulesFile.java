package io.shadowcat.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;

/**
 * A YAML rules file ({@code rules:} and a list of rules, as under {@code policy:}) and the version of it
 * last read (modification time and size). Not thread-safe: one reader at a time.
 */
final class RulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

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
            root = YAML.readTree(path.toFile());
        } catch (IOException e) {
            readSize = -2;
            throw new InvalidRulesException(path + ": cannot be read as YAML: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
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
}
