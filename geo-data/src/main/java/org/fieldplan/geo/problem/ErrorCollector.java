package org.fieldplan.geo.problem;

import java.util.ArrayList;
import java.util.List;

/** Collects every error of one file so they can all be reported together. */
final class ErrorCollector {

    private final List<ProblemError> errors = new ArrayList<>();

    void add(String path, String message) {
        errors.add(new ProblemError(path, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    int size() {
        return errors.size();
    }

    List<ProblemError> errors() {
        return List.copyOf(errors);
    }

    void throwIfAny(String source) throws ProblemFormatException {
        if (!errors.isEmpty()) {
            throw new ProblemFormatException(source, errors);
        }
    }
}
