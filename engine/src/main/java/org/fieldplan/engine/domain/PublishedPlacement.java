package org.fieldplan.engine.domain;

/**
 * Where and when a visit was published to the technician and the customer: the fact that minimal-change
 * replanning compares the new plan with. Times are seconds since the plan's origin.
 *
 * @param technicianId the technician the visit was published to
 * @param start        the published service start
 * @param promised     the window the customer was promised for the start (contains {@code start}); a new start
 *                     inside it needs no new message to the customer
 */
public record PublishedPlacement(String technicianId, long start, TimeWindow promised) {

    /**
     * Moving a published visit to another technician counts like this many seconds of the start moving out of
     * its promised window (an hour): the route sheet, the technician's phone and often the parts in the van change.
     */
    public static final long REASSIGNMENT_SECONDS = 3_600;

    public PublishedPlacement {
        if (technicianId.isBlank()) {
            throw new IllegalArgumentException("A published placement has a blank technician id (start " + start + " s).");
        }
        if (!promised.contains(start)) {
            throw new IllegalArgumentException("The published start (" + start + " s) lies outside its promised window "
                    + promised + "; the promise must contain the start.");
        }
    }

    /** Published at {@code start} with a promise of {@code before} seconds before and {@code after} seconds after it. */
    public static PublishedPlacement around(String technicianId, long start, long before, long after) {
        return new PublishedPlacement(technicianId, start, new TimeWindow(start - before, start + after));
    }

    /** Seconds a start at {@code newStart} lies outside the promised window (0 inside it). */
    public long secondsOutsidePromise(long newStart) {
        if (newStart < promised.start()) {
            return promised.start() - newStart;
        }
        return Math.max(0, newStart - promised.end());
    }
}
