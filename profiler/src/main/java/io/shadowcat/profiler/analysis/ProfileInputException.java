package io.shadowcat.profiler.analysis;

/**
 * The input could not be analysed: a path that cannot be read, a file that is not a flight
 * recording or is cut short, a recording without Shadowcat exchanges, a report document that is not
 * one. The message is one line meant for the person who ran the command; the cause, if any, is for
 * debugging only.
 */
public final class ProfileInputException extends Exception {
    public ProfileInputException(String message) {
        super(message);
    }

    public ProfileInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
