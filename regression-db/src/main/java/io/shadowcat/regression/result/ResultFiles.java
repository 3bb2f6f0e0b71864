package io.shadowcat.regression.result;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads result files of any supported kind ({@code shadowcat.result/v1}, JMH JSON) and combines
 * the files of one run into one {@link Result}. Every refusal is a {@link ResultFormatException}
 * naming the file and the line or field. Stateless and thread-safe.
 */
public final class ResultFiles {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultFiles() {
    }

    /** One file, in whichever supported format it is written. */
    public static Result read(Path path, RunContext context) throws ResultFormatException {
        String file = path.toString();
        JsonNode root = parse(path);
        Result result;
        if (root.isObject() && root.has("format")) {
            result = ResultReader.read(file, root);
        } else if (JmhReader.looksLikeJmh(root)) {
            return JmhReader.read(file, root, context);
        } else {
            throw new ResultFormatException(file, "", "neither a " + ResultJson.FORMAT
                    + " document (no \"format\" field) nor JMH JSON output");
        }
        if (!result.suite().equals(context.suite())) {
            throw new ResultFormatException(file, "field suite", "the file is for suite \""
                    + result.suite() + "\", not \"" + context.suite() + "\"");
        }
        return result.on(context.commit().orElse(result.commit()), context.branch().orElse(result.branch()));
    }

    /**
     * The files of one run as one result: metrics are united (a name may appear once), sources
     * joined with {@code +}; every file must come from the same environment.
     */
    public static Result readRun(List<Path> paths, RunContext context) throws ResultFormatException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("at least one file");
        }
        List<Result> results = new ArrayList<>();
        RunContext effective = context;
        for (Path path : paths) {
            Result result = read(path, effective);
            if (results.isEmpty() && !result.source().equals("jmh")) {
                // Files without an environment of their own take the first file's.
                effective = new RunContext(context.suite(), Optional.of(result.commit()),
                        Optional.of(result.branch()), result.time(), result.environment());
            }
            results.add(result);
        }
        return combine(paths, results);
    }

    private static Result combine(List<Path> paths, List<Result> results) throws ResultFormatException {
        Result first = results.get(0);
        List<Metric> metrics = new ArrayList<>();
        Map<String, String> tags = new TreeMap<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            Result result = results.get(i);
            String file = paths.get(i).toString();
            if (!result.environment().fingerprint().equals(first.environment().fingerprint())) {
                throw new ResultFormatException(file, "field environment",
                        "measured in another environment than " + paths.get(0));
            }
            for (Metric metric : result.metrics()) {
                if (metrics.stream().anyMatch(m -> m.name().equals(metric.name()))) {
                    throw new ResultFormatException(file, "metric " + metric.name(),
                            "already given by another file of this run");
                }
                metrics.add(metric);
            }
            tags.putAll(result.tags());
            if (!sources.contains(result.source())) {
                sources.add(result.source());
            }
        }
        return new Result(first.suite(), String.join("+", sources), first.environment(), first.commit(),
                first.branch(), first.time(), tags, metrics);
    }

    private static JsonNode parse(Path path) throws ResultFormatException {
        String file = path.toString();
        try {
            return MAPPER.readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new ResultFormatException(file, "", "no such file");
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            String location = where == null ? "" : "line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new ResultFormatException(file, location, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ResultFormatException(file, "", "cannot be read: " + e.getMessage());
        }
    }
}
