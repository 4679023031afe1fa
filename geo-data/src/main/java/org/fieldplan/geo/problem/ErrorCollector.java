package org.fieldplan.geo.problem;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** The errors in the order of the file's sections, then by path (indexes compared as numbers). */
    List<ProblemError> errors() {
        List<ProblemError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.comparingInt((ProblemError e) -> section(e.path()))
                .thenComparing(ProblemError::path, ErrorCollector::naturalOrder));
        return sorted;
    }

    void throwIfAny(String source) throws ProblemFormatException {
        if (!errors.isEmpty()) {
            throw new ProblemFormatException(source, errors());
        }
    }

    private static final List<String> SECTIONS = List.of("name", "timeZone", "origin", "travel", "technicians",
            "zones", "shifts", "visits");

    private static int section(String path) {
        int end = 0;
        while (end < path.length() && Character.isLetterOrDigit(path.charAt(end))) {
            end++;
        }
        int index = SECTIONS.indexOf(path.substring(0, end));
        return index < 0 ? -1 : index;
    }

    /** Compares "visits[12]" after "visits[3]": runs of digits by value, everything else by character. */
    static int naturalOrder(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int endA = i;
                while (endA < a.length() && Character.isDigit(a.charAt(endA))) {
                    endA++;
                }
                int endB = j;
                while (endB < b.length() && Character.isDigit(b.charAt(endB))) {
                    endB++;
                }
                int compare = new BigInteger(a.substring(i, endA)).compareTo(new BigInteger(b.substring(j, endB)));
                if (compare != 0) {
                    return compare;
                }
                i = endA;
                j = endB;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
