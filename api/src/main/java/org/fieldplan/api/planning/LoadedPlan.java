package org.fieldplan.api.planning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.travel.GeoPoint;

/**
 * The engine's problem as {@link PlanningProblems} assembled it from the database, with the way back from engine
 * ids to database rows. Times in the engine are seconds since the plan's origin (midnight of its first day) in
 * local time of the company's time zone; {@link #instant} and {@link #seconds} convert.
 *
 * @param scope     what was asked for
 * @param plan      the problem; shifts carry the current routes as their initial assignment
 * @param timeZone  the company's time zone
 * @param points    the travel matrix's points by index (technicians' homes first, then the visits)
 * @param excluded  plannable requests left out, with the reason (e.g. an address far from any road)
 * @param routeVersions the version of every stored route of the scope's days as it was read (technician-days
 *                  without a route are absent); the route writer refuses to overwrite a route that has moved on
 */
public record LoadedPlan(PlanScope scope, FieldPlan plan, ZoneId timeZone, List<GeoPoint> points,
        Map<String, Long> requestIdByVisitId, Map<String, ShiftKey> shiftKeyByShiftId, List<Excluded> excluded,
        Spare spare, Map<ShiftKey, Integer> routeVersions, Map<String, Member> memberByVisitId) {

    /**
     * A member #2..n of a visit group (work for several technicians): its request and its number. Member #1 is the
     * request's own visit ({@link #visitId}); the others have ids {@link #memberVisitId} and are not
     * {@link #isRequest requests} (so every reader that lists requests sees a group once).
     */
    public record Member(long requestId, int number) {}

    /** A plan without visit groups. */
    public LoadedPlan(PlanScope scope, FieldPlan plan, ZoneId timeZone, List<GeoPoint> points,
            Map<String, Long> requestIdByVisitId, Map<String, ShiftKey> shiftKeyByShiftId, List<Excluded> excluded,
            Spare spare, Map<ShiftKey, Integer> routeVersions) {
        this(scope, plan, timeZone, points, requestIdByVisitId, shiftKeyByShiftId, excluded, spare, routeVersions, Map.of());
    }

    /**
     * Free places in the travel matrix after the {@link #points()}: indexes {@code first .. first+count-1}. Their rows
     * and columns are the writable arrays below (row-major, {@code size} wide): a caller that owns a slot writes one
     * new address's travel into it (row = from the slot, column = to it) and may then use the slot index as that
     * address's location; the engine reads the same arrays.
     */
    public record Spare(int first, int count, int size, int[] seconds, int[] metres) {
        public static final Spare NONE = new Spare(0, 0, 0, new int[0], new int[0]);
    }

    /** The database identity of a shift: a technician's working day. */
    public record ShiftKey(long technicianId, LocalDate day) {}

    /** A request that could have been planned but was left out, and why (plain words). */
    public record Excluded(long requestId, String registrationNumber, String reason) {}

    public LoadedPlan {
        points = List.copyOf(points);
        requestIdByVisitId = Map.copyOf(requestIdByVisitId);
        shiftKeyByShiftId = Map.copyOf(shiftKeyByShiftId);
        excluded = List.copyOf(excluded);
        routeVersions = Map.copyOf(routeVersions);
        memberByVisitId = Map.copyOf(memberByVisitId);
    }

    /** The member #2..n of a group that {@code visit} is, or null (a request's own visit, or a held window). */
    public @org.jspecify.annotations.Nullable Member member(Visit visit) {
        return memberByVisitId.get(visit.getId());
    }

    /** The engine id of member {@code number} (2..n) of the group of request {@code requestId}. */
    public static String memberVisitId(long requestId, int number) {
        return visitId(requestId) + "#" + number;
    }

    /** The version of the stored route of {@code key} when this plan was read, or null when it had none. */
    public @org.jspecify.annotations.Nullable Integer routeVersion(ShiftKey key) {
        return routeVersions.get(key);
    }

    /** True for the visit of a service request (false for extra visits such as held windows). */
    public boolean isRequest(Visit visit) {
        return requestIdByVisitId.containsKey(visit.getId());
    }

    /** The engine id of the visit of request {@code requestId}. */
    public static String visitId(long requestId) {
        return "r" + requestId;
    }

    /** The engine id of a technician's shift on a day. */
    public static String shiftId(long technicianId, LocalDate day) {
        return "t" + technicianId + "-" + day;
    }

    public long requestId(Visit visit) {
        Long id = requestIdByVisitId.get(visit.getId());
        if (id == null) {
            throw new IllegalArgumentException("Visit " + visit.getId() + " is not a service request of this plan.");
        }
        return id;
    }

    /** The visit of a request, in {@link #plan()}. */
    public Visit visitOf(long requestId) {
        String id = visitId(requestId);
        for (Visit v : plan.getVisits()) {
            if (v.getId().equals(id)) {
                return v;
            }
        }
        throw new NotFoundException("service request in this plan", requestId);
    }

    public ShiftKey shiftKey(Shift shift) {
        ShiftKey key = shiftKeyByShiftId.get(shift.getId());
        if (key == null) {
            throw new IllegalArgumentException("Shift " + shift.getId() + " is not a shift of this plan.");
        }
        return key;
    }

    public long technicianId(Shift shift) {
        return shiftKey(shift).technicianId();
    }

    /** The moment {@code seconds} after the plan's origin (local time arithmetic, like the engine's windows). */
    public Instant instant(long seconds) {
        return plan.getOrigin().plusSeconds(seconds).atZone(timeZone).toInstant();
    }

    /** Seconds after the plan's origin of {@code instant} (may be negative: before the first day). */
    public long seconds(Instant instant) {
        return Duration.between(plan.getOrigin(), LocalDateTime.ofInstant(instant, timeZone)).getSeconds();
    }
}
