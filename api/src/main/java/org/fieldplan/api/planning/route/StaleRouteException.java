package org.fieldplan.api.planning.route;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.fieldplan.api.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** 409: a route changed since the caller read it; names the technician, the day and both versions. */
public class StaleRouteException extends ApiException {

    public StaleRouteException(long technicianId, String technicianName, LocalDate day, @Nullable Integer read,
            @Nullable Integer now) {
        super(HttpStatus.CONFLICT, "stale-route", "Route changed meanwhile", "The route of " + technicianName + " ("
                + technicianId + ") on " + day + " changed since you read it: " + words(read) + " then, " + words(now)
                + " now (a booking, a move, a pin, a published plan or field work came in). Read the day again and"
                + " repeat your change.", properties(technicianId, day, read, now));
    }

    private static String words(@Nullable Integer version) {
        return version == null ? "no route" : "version " + version;
    }

    private static Map<String, @Nullable Object> properties(long technicianId, LocalDate day, @Nullable Integer read,
            @Nullable Integer now) {
        Map<String, @Nullable Object> p = new LinkedHashMap<>();
        p.put("technicianId", technicianId);
        p.put("day", day.toString());
        p.put("yourVersion", read);
        p.put("currentVersion", now);
        return p;
    }
}
