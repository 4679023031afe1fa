package org.fieldplan.engine.domain;

/**
 * A window for the START of a visit's service, in seconds since the plan's origin, both ends inclusive.
 */
public record TimeWindow(long start, long end) {

    public TimeWindow {
        if (end < start) {
            throw new IllegalArgumentException("The time window ends (" + end + " s) before it starts (" + start
                    + " s). Maybe start and end are swapped?");
        }
    }

    public boolean contains(long time) {
        return time >= start && time <= end;
    }
}
