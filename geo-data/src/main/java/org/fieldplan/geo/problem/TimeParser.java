package org.fieldplan.geo.problem;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Times in a problem file: {@code "HH:mm"} or {@code "HH:mm:ss"} on a date known from the context (the shift's
 * date, the window's {@code date}, the plan's origin), {@code "24:00"} for the midnight that ends that date, or a
 * full local date-time {@code "2026-12-01T09:00"}. Dates are ISO {@code "2026-12-01"}.
 */
final class TimeParser {

    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final DateTimeFormatter SHOW_DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SHOW_CLOCK = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter SHOW_CLOCK_SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private TimeParser() {}

    static @Nullable LocalDate date(Fields fields, String field, boolean required) {
        String text = fields.string(field, required);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeException e) {
            fields.error(field, "\"" + text + "\" is not a date; write it as yyyy-MM-dd, e.g. \"2026-12-01\"");
            return null;
        }
    }

    /**
     * A time of day on {@code date}, or a full date-time. When {@code date} is {@code null} only a full date-time
     * is accepted.
     */
    static @Nullable LocalDateTime time(Fields fields, String field, boolean required, @Nullable LocalDate date) {
        String text = fields.string(field, required);
        if (text == null) {
            return null;
        }
        String value = text.strip();
        Matcher clock = CLOCK.matcher(value);
        if (clock.matches()) {
            if (date == null) {
                fields.error(field, "\"" + text + "\" has no date and none is known here; write a full date and time"
                        + " such as \"2026-12-01T" + value + "\"");
                return null;
            }
            int hour = Integer.parseInt(clock.group(1));
            int minute = Integer.parseInt(clock.group(2));
            int second = clock.group(3) == null ? 0 : Integer.parseInt(clock.group(3));
            if (hour == 24 && minute == 0 && second == 0) {
                return date.plusDays(1).atStartOfDay();
            }
            if (hour > 23 || minute > 59 || second > 59) {
                fields.error(field, "\"" + text + "\" is not a time of day; use 00:00 to 23:59 (or 24:00 for the end"
                        + " of the day)");
                return null;
            }
            return date.atTime(hour, minute, second);
        }
        try {
            return LocalDateTime.parse(value);
        } catch (DateTimeException e) {
            fields.error(field, "\"" + text + "\" is not a time; write \"HH:mm\" (e.g. \"09:30\") or a full date and"
                    + " time (e.g. \"2026-12-01T09:30\")");
            return null;
        }
    }

    /**
     * A time inside a shift from {@code shiftStart} to {@code shiftEnd} on {@code date}: in a shift that crosses
     * midnight, a bare time of day before the shift's start means the next day (so "01:00" in a 22:00-06:00 shift is
     * the night's 01:00).
     */
    static @Nullable LocalDateTime inShift(Fields fields, String field, boolean required, LocalDate date,
            @Nullable LocalDateTime shiftStart, @Nullable LocalDateTime shiftEnd) {
        LocalDateTime time = time(fields, field, required, date);
        String text = fields.string(field, false);
        if (time != null && shiftStart != null && shiftEnd != null && text != null
                && CLOCK.matcher(text.strip()).matches() && time.isBefore(shiftStart)
                && !time.plusDays(1).isAfter(shiftEnd)) {
            return time.plusDays(1);
        }
        return time;
    }

    /** A deadline: a full date-time, or a date alone meaning the end of that day. */
    static @Nullable LocalDateTime deadline(Fields fields, String field) {
        String text = fields.string(field, false);
        if (text == null) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).plusDays(1).atStartOfDay();
            }
            return LocalDateTime.parse(value);
        } catch (DateTimeException e) {
            fields.error(field, "\"" + text + "\" is not a deadline; write a date (\"2026-12-03\", meaning the end of"
                    + " that day) or a date and time (\"2026-12-03T18:00\")");
            return null;
        }
    }

    /** A time for a message: "09:00" on the context date, else "2026-12-02 09:00". */
    static String show(LocalDateTime time, @Nullable LocalDate context) {
        if (context != null && time.toLocalDate().equals(context)) {
            return (time.getSecond() == 0 ? SHOW_CLOCK : SHOW_CLOCK_SECONDS).format(time);
        }
        if (context != null && time.equals(context.plusDays(1).atStartOfDay())) {
            return "24:00";
        }
        return SHOW_DATE_TIME.format(time) + (time.getSecond() == 0 ? "" : ":" + String.format("%02d", time.getSecond()));
    }

    static LocalTime clock(LocalDateTime time) {
        return time.toLocalTime();
    }
}
