package org.fieldplan.api.schedule;

import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/** A concrete working interval of one technician on one date (weekly and team intervals expanded). */
public record WorkingInterval(long technicianId, LocalDate date, LocalTime start, LocalTime end,
                              @Nullable Long zoneId, long scheduleId) {}
