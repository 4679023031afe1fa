package org.fieldplan.api.sheet;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a route sheet shows: the technician's day and the stops in visit order (times in the company's zone).
 *
 * @param mapSvg the route map as an SVG element (already escaped markup)
 */
record RouteSheet(String technicianName, @Nullable String technicianPhone, LocalDate day, LocalTime shiftStart,
        LocalTime shiftEnd, String status, int travelMinutes, double distanceKm, List<Stop> stops, String mapSvg) {

    record Stop(int number, String registrationNumber, LocalTime arrival, LocalTime start, LocalTime end,
            @Nullable LocalTime windowStart, @Nullable LocalTime windowEnd, String address, String customer,
            List<String> contacts, List<String> services, List<String> comments, int travelMinutes,
            List<String> alongside) {}
}
