package org.fieldplan.geo.problem;

import java.util.List;

/**
 * A problem file (or a solution file used as a warm start) that cannot be used, with every error found in it,
 * not only the first. Thrown before any work starts: nothing is solved and nothing is written.
 */
public final class ProblemFormatException extends Exception {

    private final String source;
    private final List<ProblemError> errors;

    public ProblemFormatException(String source, List<ProblemError> errors) {
        super(summary(source, errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ProblemFormatException needs at least one error");
        }
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** The file (or other source) the errors are about. */
    public String source() {
        return source;
    }

    public List<ProblemError> errors() {
        return errors;
    }

    private static String summary(String source, List<ProblemError> errors) {
        StringBuilder text = new StringBuilder();
        text.append(source).append(": ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
        for (ProblemError error : errors) {
            text.append(System.lineSeparator()).append("  ").append(error);
        }
        return text.toString();
    }
}
