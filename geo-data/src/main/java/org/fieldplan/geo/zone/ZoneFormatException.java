package org.fieldplan.geo.zone;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A zone document that cannot be used, with every problem found (not only the first one).
 */
public final class ZoneFormatException extends IllegalArgumentException {

    private final transient List<ZoneProblem> problems;

    public ZoneFormatException(String source, List<ZoneProblem> problems) {
        super(describe(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in document order. */
    public List<ZoneProblem> problems() {
        return problems;
    }

    private static String describe(String source, List<ZoneProblem> problems) {
        return "The zones in " + source + " have " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; nothing was read:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
