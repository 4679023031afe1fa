package org.fieldplan.api.planning;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitGroup;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.jspecify.annotations.Nullable;

/**
 * The engine's visits and starting routes from stored requests and route stops. Pure: {@link PlanningProblems} reads
 * the rows, this turns them into the engine's terms.
 * <ul>
 * <li>A visit lasts its services' minutes (at least one minute) inside the window promised or preferred to the
 * customer; one that is not on a route and whose window lies outside the plan's days is not in the plan.</li>
 * <li>Work that has begun (in progress, done, accepted, disputed) is fixed where it is: it starts when it started, a
 * finished one lasts as long as it took, an unfinished one at least until five minutes from now; it has no deadline
 * (it has happened).</li>
 * <li>A starting route keeps the stored order; its pinned prefix runs to the last stop that is pinned or fixed; held
 * windows (extra visits) go in at their position, never inside the pinned prefix.</li>
 * </ul>
 */
final class VisitAssembly {

    /** Statuses that the planner places. */
    static final Set<RequestStatus> PLANNABLE = EnumSet.of(RequestStatus.AGREED, RequestStatus.SCHEDULED,
            RequestStatus.IN_PROGRESS);
    /** Statuses that stay where they are on a route (work started or finished). */
    static final Set<RequestStatus> FIXED = EnumSet.of(RequestStatus.IN_PROGRESS, RequestStatus.DONE,
            RequestStatus.ACCEPTED, RequestStatus.DISPUTED);

    /** A stored request as the planner needs it. */
    record RequestRow(long id, String number, RequestStatus status, String addressLine, GeoPoint point, long zoneId,
            int priority, OffsetDateTime deadline, @Nullable OffsetDateTime windowStart,
            @Nullable OffsetDateTime windowEnd, long durationSeconds, Set<Skill> skills,
            List<Set<Skill>> teamSkills) {

        /** A request for one technician. */
        RequestRow(long id, String number, RequestStatus status, String addressLine, GeoPoint point, long zoneId,
                int priority, OffsetDateTime deadline, @Nullable OffsetDateTime windowStart,
                @Nullable OffsetDateTime windowEnd, long durationSeconds, Set<Skill> skills) {
            this(id, number, status, addressLine, point, zoneId, priority, deadline, windowStart, windowEnd,
                    durationSeconds, skills, List.of());
        }

        /** How many technicians the work needs (1: an ordinary visit). */
        int teamSize() {
            return Math.max(1, teamSkills.size());
        }
    }

    /**
     * A stored route stop: whose request, where, pinned, and what the technician reported; {@code member} 1 for the
     * request's own stop ({@code route_stop}), 2..n for a group member's ({@code route_stop_member}), whose
     * {@code startAt} is the group's stored start.
     */
    record StopRow(long requestId, int position, boolean pinned, RequestStatus status,
            @Nullable OffsetDateTime startedAt, @Nullable OffsetDateTime finishedAt, int member,
            @Nullable OffsetDateTime startAt) {

        StopRow(long requestId, int position, boolean pinned, RequestStatus status,
                @Nullable OffsetDateTime startedAt, @Nullable OffsetDateTime finishedAt) {
            this(requestId, position, pinned, status, startedAt, finishedAt, 1, null);
        }
    }

    /** When no window says when a group starts: 09:00 of the plan's first day. */
    static final long GROUP_START_WITHOUT_WINDOW = 9 * 3600;

    /** A shift's starting route and the length of its pinned prefix. */
    record Route(List<Visit> visits, int pinned) {}

    private VisitAssembly() {
    }

    /**
     * The visit of {@code r}, or null when it is on no route and its window lies outside the plan's days.
     *
     * @param origin  the plan's origin (midnight of its first day), in {@code timeZone}
     * @param lastDay the plan's last day
     * @param now     the present, for work that has begun and not finished
     */
    static @Nullable Visit visit(RequestRow r, @Nullable StopRow stop, Location location, Set<Zone> zones,
            LocalDateTime origin, LocalDate lastDay, ZoneId timeZone, Instant now) {
        boolean fixed = stop != null && FIXED.contains(r.status());
        List<TimeWindow> windows = new ArrayList<>();
        long duration = Math.max(60, r.durationSeconds());
        if (fixed && stop.startedAt() != null) {
            long started = seconds(origin, timeZone, stop.startedAt().toInstant());
            if (stop.finishedAt() != null) {
                duration = Math.max(0, stop.finishedAt().toEpochSecond() - stop.startedAt().toEpochSecond());
            } else {
                long spent = Math.max(0, now.getEpochSecond() - stop.startedAt().toEpochSecond());
                duration = Math.max(duration, spent + 5 * 60);
            }
            // the service began then: never earlier, and never "late" (it has happened)
            windows.add(new TimeWindow(started, started + 24 * 3600));
        } else if (r.windowStart() != null && r.windowEnd() != null) {
            windows.add(new TimeWindow(seconds(origin, timeZone, r.windowStart().toInstant()),
                    seconds(origin, timeZone, r.windowEnd().toInstant())));
        }
        if (stop == null && !windows.isEmpty()) {
            long dayEnd = Duration.between(origin, lastDay.plusDays(1).atStartOfDay()).getSeconds();
            if (windows.getFirst().end() < 0 || windows.getFirst().start() >= dayEnd) {
                return null; // promised or preferred for a day outside this plan
            }
        }
        long deadline = seconds(origin, timeZone, r.deadline().toInstant());
        return new Visit(LoadedPlan.visitId(r.id()), r.number() + " " + r.addressLine(), location, duration, windows,
                r.skills(), zones, Math.max(1, r.priority()), fixed ? Visit.NO_DEADLINE : deadline, null, 0);
    }

    /**
     * The members of the group of a request whose work needs {@code r.teamSize()} technicians: {@code first} (the
     * request's own visit, from {@link #visit}) becomes member #1 with the service's skills, and members #2..n (ids
     * {@link LoadedPlan#memberVisitId}) need their {@code teamSkills}. The common start is the stored start of the
     * group's stop when it is on a route (the moment the booking search found, or the solver's plan kept), the time
     * work began when it has, else the start of the customer's window, else {@link #GROUP_START_WITHOUT_WINDOW}.
     */
    static List<Visit> members(RequestRow r, Visit first, @Nullable StopRow stop, LocalDateTime origin,
            ZoneId timeZone) {
        long start;
        if (stop != null && FIXED.contains(r.status()) && stop.startedAt() != null) {
            start = first.getTimeWindows().getFirst().start();
        } else if (stop != null && stop.startAt() != null) {
            start = seconds(origin, timeZone, stop.startAt().toInstant());
        } else {
            start = VisitGroup.startInside(first.getTimeWindows(), GROUP_START_WITHOUT_WINDOW);
        }
        VisitGroup group = new VisitGroup(first.getId(), r.teamSize(), start);
        List<Visit> members = new ArrayList<>();
        members.add(first.inGroup(group));
        for (int k = 2; k <= r.teamSize(); k++) {
            members.add(new Visit(LoadedPlan.memberVisitId(r.id(), k), first.getLabel(), first.getLocation(),
                    first.getServiceDuration(), List.of(), r.teamSkills().get(k - 1), first.getZones(),
                    first.getPriority(), first.getDeadline(), null, 0).inGroup(group));
        }
        return members;
    }

    /**
     * The starting route of a shift: its stored stops that are in the plan, in order, with the held windows of
     * {@code extras} inserted at their positions after the pinned prefix.
     *
     * @param extraVisits the visits of the held windows by id; those placed here are removed from it
     */
    static Route route(List<StopRow> stops, Map<Long, Visit> visitByRequest, List<LoadOptions.ExtraVisit> extras,
            Map<String, Visit> extraVisits) {
        return route(stops, visitByRequest, Map.of(), extras, extraVisits);
    }

    /** {@link #route} with the group members #2..n by visit id. */
    static Route route(List<StopRow> stops, Map<Long, Visit> visitByRequest, Map<String, Visit> memberVisits,
            List<LoadOptions.ExtraVisit> extras, Map<String, Visit> extraVisits) {
        List<Visit> route = new ArrayList<>();
        int pinned = 0;
        for (StopRow stop : stops) {
            Visit v = stop.member() == 1 ? visitByRequest.get(stop.requestId())
                    : memberVisits.get(LoadedPlan.memberVisitId(stop.requestId(), stop.member()));
            if (v == null) {
                continue; // cancelled, or its address is off the road network
            }
            route.add(v);
            if (stop.pinned() || FIXED.contains(stop.status())) {
                pinned = route.size();
            }
        }
        List<LoadOptions.ExtraVisit> ordered = new ArrayList<>(extras);
        ordered.sort(Comparator.comparingInt(LoadOptions.ExtraVisit::position));
        for (LoadOptions.ExtraVisit extra : ordered) {
            route.add(Math.max(pinned, Math.min(route.size(), extra.position())), extraVisits.remove(extra.id()));
        }
        return new Route(route, pinned);
    }

    /**
     * {@code matrix} widened by {@code count} spare places at its end (unreachable from and to everything but
     * themselves), so that a caller can write a new address's travel into them without copying the matrix.
     */
    static LoadedPlan.Spare withSpareSlots(TravelMatrix matrix, int count) {
        int n = matrix.size();
        int size = n + count;
        int[] secs = new int[size * size];
        int[] metres = new int[size * size];
        java.util.Arrays.fill(secs, TravelMatrix.UNREACHABLE);
        java.util.Arrays.fill(metres, TravelMatrix.UNREACHABLE);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                secs[i * size + j] = matrix.seconds(i, j);
                metres[i * size + j] = matrix.metres(i, j);
            }
        }
        for (int i = 0; i < size; i++) {
            secs[i * size + i] = 0;
            metres[i * size + i] = 0;
        }
        return new LoadedPlan.Spare(n, count, size, secs, metres);
    }

    static long seconds(LocalDateTime origin, ZoneId timeZone, Instant instant) {
        return Duration.between(origin, LocalDateTime.ofInstant(instant, timeZone)).getSeconds();
    }
}
