package io.shadowcat.profiler.analysis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jdk.jfr.consumer.RecordedEvent;

/**
 * Picks the environment fingerprint out of a recording's {@code jdk.CPUInformation},
 * {@code jdk.JVMInformation} and {@code jdk.OSInformation} events as they stream past. Not
 * thread-safe; owned by one analysis.
 */
final class EnvironmentCollector {
    private String cpuModel;
    private Integer cores;
    private String jvm;
    private String os;
    private String arguments;

    /** Takes what it needs from {@code event}; ignores events it has no use for. */
    void accept(RecordedEvent event) {
        switch (event.getEventType().getName()) {
            case "jdk.CPUInformation" -> {
                cpuModel = firstLine(event.getString("cpu"));
                cores = event.getInt("hwThreads");
            }
            case "jdk.JVMInformation" -> {
                jvm = jvmVersion(event.getString("jvmVersion"));
                arguments = event.getString("jvmArguments") + "\n" + event.getString("javaArguments");
            }
            case "jdk.OSInformation" -> os = osName(event.getString("osVersion"));
            default -> { }
        }
    }

    /** The fingerprint of what has been seen so far. */
    Environment environment() {
        return new Environment(cpuModel, cores, jvm, os, arguments == null ? null : sha256(arguments));
    }

    private static String firstLine(String text) {
        return text == null ? null : text.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst().orElse(null);
    }

    // "OpenJDK 64-Bit Server VM (17.0.15+6) for linux-amd64 JRE (17.0.15+6), built on ... by ..." without the build details.
    private static String jvmVersion(String text) {
        String line = firstLine(text);
        if (line == null) {
            return null;
        }
        int built = line.indexOf(", built on");
        return built < 0 ? line : line.substring(0, built);
    }

    // Linux recordings carry /etc/os-release; its PRETTY_NAME is the name people know.
    private static String osName(String text) {
        if (text == null) {
            return null;
        }
        return text.lines().map(String::strip).filter(l -> l.startsWith("PRETTY_NAME=")).findFirst()
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
                .orElseGet(() -> firstLine(text));
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
