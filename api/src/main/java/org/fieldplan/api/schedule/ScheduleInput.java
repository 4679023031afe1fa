package org.fieldplan.api.schedule;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * A working interval as a caller creates or replaces it: for a technician or a team (exactly one), on a date or
 * weekly on a day of the week (exactly one; weekly ones optionally limited to validFrom..validUntil), from start to
 * end local time on the same day, optionally in one zone.
 */
record ScheduleInput(
        @Nullable Long technicianId,
        @Nullable Long teamId,
        @Nullable Long zoneId,
        @Nullable LocalDate date,
        @Nullable DayOfWeek dayOfWeek,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validUntil,
        @NotNull LocalTime start,
        @NotNull LocalTime end,
        @Nullable @Size(max = 500) String note) {

    @AssertTrue(message = "give exactly one of technicianId and teamId")
    boolean isTechnicianId() {
        return (technicianId == null) != (teamId == null);
    }

    @AssertTrue(message = "give exactly one of date (a single day) and dayOfWeek (every week)")
    boolean isDate() {
        return (date == null) != (dayOfWeek == null);
    }

    @AssertTrue(message = "must be after start; an interval that crosses midnight is two intervals")
    boolean isEnd() {
        return start == null || end == null || end.isAfter(start);
    }

    @AssertTrue(message = "must not be before validFrom")
    boolean isValidUntil() {
        return validFrom == null || validUntil == null || !validUntil.isBefore(validFrom);
    }

    @AssertTrue(message = "only weekly intervals have validFrom/validUntil; a dated interval has its date")
    boolean isValidFrom() {
        return date == null || (validFrom == null && validUntil == null);
    }
}
