package org.fieldplan.api.planning;

import java.time.LocalDate;
import org.fieldplan.api.planning.route.RouteStatus;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A technician's route on a day as stored: the shift, totals (including the way home) and the stops in visit order.
 *
 * @param status draft (work in progress) or published (what technicians and customers see)
 * @param jobId  the planning job that wrote it, if any
 */
public record RouteView(long id, long technicianId, String technicianName, LocalDate day, RouteStatus status,
        @Nullable Long jobId, OffsetDateTime startsAt, OffsetDateTime endsAt, int travelSeconds, int distanceMetres,
        OffsetDateTime updatedAt, @Nullable OffsetDateTime publishedAt, int version, List<Stop> stops) {

    public RouteView {
        stops = List.copyOf(stops);
    }

    /**
     * One stop: the request, where, the expected times, the promised window, the leg from the previous stop (or the
     * start) and what the technician reported.
     */
    public record Stop(int position, long requestId, String registrationNumber, String requestStatus,
            String customerName, String addressLine, double lat, double lon, @Nullable Long zoneId,
            OffsetDateTime arrivalAt, OffsetDateTime startAt, OffsetDateTime endAt,
            @Nullable OffsetDateTime windowStart, @Nullable OffsetDateTime windowEnd, int travelSeconds,
            int distanceMetres, boolean pinned, @Nullable OffsetDateTime startedAt,
            @Nullable OffsetDateTime finishedAt, @Nullable Integer labourMinutes, int member, List<String> alongside) {

        /**
         * @param member    1 for the request's own stop, 2..n for another technician of a team (work for several
         *                  people, who start together)
         * @param alongside the names of the other technicians of the team (empty for work for one)
         */
        public Stop {
            alongside = List.copyOf(alongside);
        }
    }
}
