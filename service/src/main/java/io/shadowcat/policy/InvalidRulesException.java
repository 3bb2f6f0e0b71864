package io.shadowcat.policy;

/** Rules that cannot be loaded; the message names the source, the rule and the offending field. */
public final class InvalidRulesException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidRulesException(String message) {
        super(message);
    }
}
