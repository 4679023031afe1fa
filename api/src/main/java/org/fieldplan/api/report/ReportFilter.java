package org.fieldplan.api.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fieldplan.api.request.RequestSource;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * What a report covers: the period (days {@code from}..{@code to}, both included, in the company's time zone) and
 * the optional narrowing by city, zone, department, administrator (a zone's dispatcher), technician, intake source
 * and service type. The caller's scope is applied on top, always.
 */
public record ReportFilter(LocalDate from, LocalDate to, @Nullable String city, @Nullable Long zoneId, @Nullable Long departmentId,
                           @Nullable Long administratorId, @Nullable Long technicianId, @Nullable String source,
                           @Nullable Long serviceTypeId) {

    /** The longest period one report covers: two years and a day (a leap year), so a query stays bounded. */
    public static final int MAX_DAYS = 732;

    /** Checks the period and the source; every bad field at once (400), nothing read. */
    public static ReportFilter of(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable String city, @Nullable Long zoneId,
                                  @Nullable Long departmentId, @Nullable Long administratorId, @Nullable Long technicianId,
                                  @Nullable String source, @Nullable Long serviceTypeId, LocalDate today) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate start = from == null ? today.withDayOfMonth(1) : from;
        LocalDate end = to == null ? today : to;
        if (end.isBefore(start)) {
            problems.add(new FieldProblem("to", end.toString(), "is before from (" + start + ")"));
        } else if (start.plusDays(MAX_DAYS).isBefore(end)) {
            problems.add(new FieldProblem("to", end.toString(), "makes the period longer than " + MAX_DAYS + " days; split it"));
        }
        String src = source == null || source.isBlank() ? null : source.strip();
        if (src != null) {
            var known = RequestSource.parse(src);
            if (known.isEmpty()) {
                problems.add(new FieldProblem("source", source, "must be one of " + RequestSource.allCodes()));
            } else {
                src = known.get().code();
            }
        }
        String c = city == null || city.isBlank() ? null : city.strip();
        if (c != null && c.length() > 200) {
            problems.add(new FieldProblem("city", city, "is longer than 200 characters"));
        }
        for (var id : new Object[][] {{"zoneId", zoneId}, {"departmentId", departmentId}, {"administratorId", administratorId},
                {"technicianId", technicianId}, {"serviceTypeId", serviceTypeId}}) {
            if (id[1] != null && (Long) id[1] <= 0) {
                problems.add(new FieldProblem((String) id[0], id[1], "must be a positive id"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new ReportFilter(start, end, c, zoneId, departmentId, administratorId, technicianId, src, serviceTypeId);
    }

    /** The filter as query parameters (for drill-down links and exports), in a fixed order. */
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("from", from.toString());
        p.put("to", to.toString());
        put(p, "city", city);
        put(p, "zoneId", zoneId);
        put(p, "departmentId", departmentId);
        put(p, "administratorId", administratorId);
        put(p, "technicianId", technicianId);
        put(p, "source", source);
        put(p, "serviceTypeId", serviceTypeId);
        return p;
    }

    private static void put(Map<String, String> p, String name, @Nullable Object value) {
        if (value != null) {
            p.put(name, String.valueOf(value));
        }
    }
}
