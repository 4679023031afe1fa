package org.fieldplan.api.schedule;

import java.util.List;

/** The stored interval and, when it overlaps other intervals of the same technician, a warning for each. */
record ScheduleSaved(ScheduleView interval, List<Overlap> warnings) {

    /**
     * @param technicianId the technician who would be in two places at once
     * @param other        the interval overlapped
     * @param message      in plain words, e.g. "overlaps interval 12 of technician 4 (every MONDAY 12:00-16:00)"
     */
    record Overlap(long technicianId, ScheduleView other, String message) {}
}
