package org.fieldplan.api.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/** A stored working interval. */
public record ScheduleView(
        long id,
        @Nullable Long technicianId,
        @Nullable Long teamId,
        @Nullable Long zoneId,
        @Nullable LocalDate date,
        @Nullable DayOfWeek dayOfWeek,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validUntil,
        LocalTime start,
        LocalTime end,
        @Nullable String note,
        int version) {

    /** Whether this interval applies on that day. */
    boolean appliesOn(LocalDate day) {
        if (date != null) {
            return date.equals(day);
        }
        return day.getDayOfWeek() == dayOfWeek
                && (validFrom == null || !day.isBefore(validFrom))
                && (validUntil == null || !day.isAfter(validUntil));
    }

    /** Whether both intervals apply on at least one common day. */
    boolean sharesADayWith(ScheduleView other) {
        if (date != null) {
            return other.appliesOn(date);
        }
        if (other.date != null) {
            return appliesOn(other.date);
        }
        if (dayOfWeek != other.dayOfWeek) {
            return false;
        }
        LocalDate from = later(validFrom, other.validFrom);
        LocalDate until = earlier(validUntil, other.validUntil);
        if (from == null || until == null) {
            return true; // open-ended on one side: infinitely many common weeks
        }
        for (LocalDate day = from; !day.isAfter(until) && day.isBefore(from.plusDays(7)); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == dayOfWeek) {
                return true;
            }
        }
        return false;
    }

    boolean timesOverlap(ScheduleView other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    private static @Nullable LocalDate later(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static @Nullable LocalDate earlier(@Nullable LocalDate a, @Nullable LocalDate b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
