package org.fieldplan.engine.domain;

/**
 * A break in a shift: {@code duration} seconds taken somewhere inside {@code [earliestStart, latestEnd]}.
 * A fixed break (e.g. lunch 12:00-12:30) has a span equal to its duration; a floating one a larger span.
 */
public record ShiftBreak(long earliestStart, long latestEnd, long duration) {

    public ShiftBreak {
        if (duration < 0) {
            throw new IllegalArgumentException("The break duration (" + duration + " s) is negative.");
        }
        if (latestEnd - earliestStart < duration) {
            throw new IllegalArgumentException("The break of " + duration + " s does not fit between its earliest start ("
                    + earliestStart + " s) and latest end (" + latestEnd + " s); widen the span or shorten the break.");
        }
    }

    public boolean isFixed() {
        return latestEnd - earliestStart == duration;
    }

    /** The latest time the break may start and still end in time. */
    public long latestStart() {
        return latestEnd - duration;
    }
}
