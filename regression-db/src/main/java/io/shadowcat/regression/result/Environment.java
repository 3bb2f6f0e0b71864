package io.shadowcat.regression.result;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a result was measured. Results are only compared with history from the same
 * {@link #fingerprint()}: numbers from another CPU, JVM or configuration are not a baseline.
 * Immutable.
 *
 * @param cpuModel   the CPU model string, e.g. from {@code /proc/cpuinfo}
 * @param cores      available processors
 * @param jvm        JVM vendor and version
 * @param os         operating system name, version and architecture
 * @param configHash a hash of the proxy configuration the benchmark ran with (may be empty)
 */
public record Environment(String cpuModel, int cores, String jvm, String os, String configHash) {
    public Environment {
        Objects.requireNonNull(cpuModel, "cpuModel");
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(configHash, "configHash");
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
    }

    /** A short, stable identifier of this environment: 16 hex digits of a SHA-256. */
    public String fingerprint() {
        String canonical = String.join("\n", cpuModel, Integer.toString(cores), jvm, os, configHash);
        return sha256(canonical).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
