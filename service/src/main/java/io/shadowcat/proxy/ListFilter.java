package io.shadowcat.proxy;

/**
 * Decides which entries of a {@code tools/list}, {@code prompts/list} or {@code resources/list} result a
 * client may see. Thread-safe; called once per entry while the response streams.
 */
@FunctionalInterface
public interface ListFilter {
    /**
     * @param callMethod the method that would use the entry: {@code tools/call}, {@code prompts/get} or
     *                   {@code resources/read}
     * @param name       the tool or prompt name, or the resource URI
     * @return whether the client may see the entry
     */
    boolean visible(String callMethod, String name);
}
