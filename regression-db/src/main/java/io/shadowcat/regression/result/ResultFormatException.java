package io.shadowcat.regression.result;

/**
 * A result file could not be read: it names the file, the place in it (a line and column, or a
 * field path such as {@code metrics[2].better}) and what was wrong. Nothing of such a file is
 * stored.
 */
public final class ResultFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String location;

    public ResultFormatException(String file, String location, String problem) {
        super(file + (location.isEmpty() ? "" : ": " + location) + ": " + problem);
        this.file = file;
        this.location = location;
    }

    /** The file, as the user named it. */
    public String file() {
        return file;
    }

    /** {@code line L, column C} or {@code field a.b[2].c}, or empty for the file as a whole. */
    public String location() {
        return location;
    }
}
