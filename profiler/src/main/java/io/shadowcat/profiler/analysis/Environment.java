package io.shadowcat.profiler.analysis;

/**
 * Where a recording was made, as the JVM described itself in it: the environment fingerprint of a
 * {@code shadowcat.result/v1} document. Fields the recording does not carry are {@code null}.
 *
 * @param configHash a SHA-256 prefix over the JVM's and the program's arguments, so runs with
 *                   different settings are not compared as like with like
 */
public record Environment(String cpuModel, Integer cores, String jvm, String os, String configHash) {
    /** A fingerprint with nothing known. */
    public static final Environment UNKNOWN = new Environment(null, null, null, null, null);
}
