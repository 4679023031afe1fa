package org.fieldplan.geo.problem;

/**
 * One thing wrong with a problem file: where it is (a JSON path such as {@code visits[12].timeWindows[0]}, or
 * {@code line 4, column 17} for malformed JSON) and what is wrong, with the offending value and a hint.
 */
public record ProblemError(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
