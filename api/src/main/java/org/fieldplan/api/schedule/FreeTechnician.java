package org.fieldplan.api.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A technician who works in a zone during a chosen range: each day they are scheduled there (an interval in that zone
 * or in no particular zone, covering the asked hours) and not absent, with their working intervals of that day there.
 */
public record FreeTechnician(long technicianId, String name, List<Day> days) {

    public record Day(LocalDate date, List<Hours> hours) {}

    public record Hours(LocalTime start, LocalTime end, long scheduleId) {}
}
