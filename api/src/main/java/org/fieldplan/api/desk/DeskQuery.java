package org.fieldplan.api.desk;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.fieldplan.api.request.RequestSource;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.web.DateRange;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * The desk list's filters, read from the query string: every bad value is reported at once (400 naming the field and
 * the value), nothing is queried before.
 *
 * @param zoneId   a zone, or null for every zone the caller sees; {@code outsideZones} for those outside every zone
 * @param sort     the sort keys in order, each with its direction
 */
public record DeskQuery(Set<RequestStatus> statuses, @Nullable Long zoneId, boolean outsideZones,
        @Nullable Long technicianId, Set<String> sources, boolean overdue, boolean forgotten,
        @Nullable OffsetDateTime deadlineFrom, @Nullable OffsetDateTime deadlineTo,
        @Nullable OffsetDateTime createdFrom, @Nullable OffsetDateTime createdTo, @Nullable String q,
        List<SortKey> sort, int page, int size) {

    public static final int MAX_SIZE = 200;
    public static final int MAX_Q = 100;

    /** The columns the list sorts by. */
    public enum SortField {
        CREATED, DEADLINE, NUMBER, STATUS, PRIORITY, UPDATED;

        static String allCodes() {
            return "created, deadline, number, status, priority, updated";
        }
    }

    public record SortKey(SortField field, boolean descending) {}

    /** The raw parameters (each may repeat or hold a comma-separated list where it says so). */
    public record Raw(@Nullable List<String> status, @Nullable String zoneId, @Nullable String technicianId,
            @Nullable List<String> source, @Nullable String overdue, @Nullable String forgotten,
            @Nullable String deadlineFrom, @Nullable String deadlineTo, @Nullable String createdFrom,
            @Nullable String createdTo, @Nullable String q, @Nullable String sort, @Nullable String page,
            @Nullable String size) {}

    /** Parses and checks every parameter; dates without a time are days in {@code zone} ("to" days included). */
    public static DeskQuery parse(Raw raw, ZoneId zone, boolean paged) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<RequestStatus> statuses = new LinkedHashSet<>();
        for (String s : split(raw.status())) {
            try {
                statuses.add(RequestStatus.fromCode(s));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("status", s, "is not a status; one of " + RequestStatus.allCodes()));
            }
        }
        Long zoneId = null;
        boolean outside = false;
        if (raw.zoneId() != null && !raw.zoneId().isBlank()) {
            if (raw.zoneId().strip().equalsIgnoreCase("none")) {
                outside = true;
            } else {
                zoneId = id("zoneId", raw.zoneId(), problems, "a zone id, or 'none' for requests outside every zone");
            }
        }
        Long technicianId = raw.technicianId() == null || raw.technicianId().isBlank() ? null
                : id("technicianId", raw.technicianId(), problems, "a technician id");
        Set<String> sources = new LinkedHashSet<>();
        for (String s : split(raw.source())) {
            RequestSource.parse(s).ifPresentOrElse(src -> sources.add(src.code()), () -> problems.add(
                    new FieldProblem("source", s, "is not an intake source; one of " + RequestSource.allCodes())));
        }
        boolean overdue = bool("overdue", raw.overdue(), problems);
        boolean forgotten = bool("forgotten", raw.forgotten(), problems);
        OffsetDateTime deadlineFrom = instant("deadlineFrom", raw.deadlineFrom(), zone, false, problems);
        OffsetDateTime deadlineTo = instant("deadlineTo", raw.deadlineTo(), zone, true, problems);
        OffsetDateTime createdFrom = instant("createdFrom", raw.createdFrom(), zone, false, problems);
        OffsetDateTime createdTo = instant("createdTo", raw.createdTo(), zone, true, problems);
        if (deadlineFrom != null && deadlineTo != null && deadlineTo.isBefore(deadlineFrom)) {
            problems.add(new FieldProblem("deadlineTo", raw.deadlineTo(), "is before deadlineFrom (" + raw.deadlineFrom() + ")"));
        }
        if (createdFrom != null && createdTo != null && createdTo.isBefore(createdFrom)) {
            problems.add(new FieldProblem("createdTo", raw.createdTo(), "is before createdFrom (" + raw.createdFrom() + ")"));
        }
        String q = raw.q() == null || raw.q().isBlank() ? null : raw.q().strip();
        if (q != null && q.length() > MAX_Q) {
            problems.add(new FieldProblem("q", q.substring(0, 40) + "…", "is longer than " + MAX_Q + " characters"));
        }
        if (q != null && q.codePoints().noneMatch(Character::isLetterOrDigit)) {
            problems.add(new FieldProblem("q", q, "has no letter or digit to search for"));
        }
        List<SortKey> sort = new ArrayList<>();
        String sortText = raw.sort() == null || raw.sort().isBlank() ? "-created" : raw.sort();
        for (String key : sortText.split(",")) {
            String k = key.strip();
            boolean desc = k.startsWith("-");
            String name = desc || k.startsWith("+") ? k.substring(1) : k;
            try {
                SortField f = SortField.valueOf(name.toUpperCase(Locale.ROOT));
                if (sort.stream().noneMatch(s -> s.field() == f)) {
                    sort.add(new SortKey(f, desc));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("sort", k, "is not a sort key; use " + SortField.allCodes()
                        + ", each with '-' for descending, joined by commas (e.g. created,-deadline)"));
            }
        }
        int page = number("page", raw.page(), 0, 0, 1_000_000, problems);
        int size = number("size", raw.size(), 50, 1, MAX_SIZE, problems);
        if (paged && (long) page * size > 10_000_000L) {
            problems.add(new FieldProblem("page", raw.page(), "is beyond the end of any list"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new DeskQuery(Set.copyOf(statuses), zoneId, outside, technicianId, Set.copyOf(sources), overdue,
                forgotten, deadlineFrom, deadlineTo, createdFrom, createdTo, q, List.copyOf(sort), page, size);
    }

    private static List<String> split(@Nullable List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                if (v == null) {
                    continue;
                }
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    private static @Nullable Long id(String field, String value, List<FieldProblem> problems, String what) {
        try {
            long v = Long.parseLong(value.strip());
            if (v < 1) {
                problems.add(new FieldProblem(field, value, "must be " + what + " (a positive number)"));
                return null;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, value, "must be " + what));
            return null;
        }
    }

    private static boolean bool(String field, @Nullable String value, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problems.add(new FieldProblem(field, value, "must be true or false"));
                yield false;
            }
        };
    }

    private static int number(String field, @Nullable String value, int fallback, int min, int max,
            List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.strip());
            if (v < min || v > max) {
                problems.add(new FieldProblem(field, value, "must be between " + min + " and " + max));
                return fallback;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(new FieldProblem(field, value, "must be a whole number between " + min + " and " + max));
            return fallback;
        }
    }

    /** A date-time with offset, or a date: the start of that day ({@code endOfDay}: the start of the next). */
    private static @Nullable OffsetDateTime instant(String field, @Nullable String value, ZoneId zone,
            boolean endOfDay, List<FieldProblem> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            OffsetDateTime t;
            int year;
            if (v.length() <= 10) {
                LocalDate d = LocalDate.parse(v);
                year = d.getYear();
                t = (endOfDay ? d.plusDays(1) : d).atStartOfDay(zone).toOffsetDateTime();
            } else {
                t = OffsetDateTime.parse(v);
                year = t.getYear();
            }
            if (year < DateRange.FIRST_YEAR || year > DateRange.LAST_YEAR) {
                problems.add(new FieldProblem(field, value, "must lie between " + DateRange.FIRST_YEAR + " and "
                        + DateRange.LAST_YEAR));
                return null;
            }
            return t;
        } catch (DateTimeParseException | ArithmeticException e) {
            problems.add(new FieldProblem(field, value,
                    "must be a date (2026-12-01) or a date-time with offset (2026-12-01T18:00:00+01:00)"));
            return null;
        }
    }
}
