package org.fieldplan.api.planning.route;

import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongPredicate;
import org.fieldplan.api.persistence.jooq.tables.records.RouteRecord;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code route} and {@code route_stop}. Every method runs in the caller's transaction, first
 * takes the {@link DayLock} of the day it writes (the lock bookings take), checks the version of each route it
 * overwrites against the version the caller read, and raises the version of every route it changes.
 * <ul>
 * <li>{@link #saveShifts}: routes written whole from an engine plan (a booking, a board move, a published plan):
 * stops in visit order with the times {@link RouteClock} gives them, totals including the way home. A request that
 * is on another route not being written is taken off it there (that route's version rises too). What the technician
 * reported (started, finished, labour) stays with the request. A shift without visits has no route.</li>
 * <li>{@link #pin}, {@link #markStarted}, {@link #markFinished}: one stop's flags and reports.</li>
 * <li>{@link #removeStops} (an absence), {@link #removeRequest} (a cancellation): stops taken off.</li>
 * </ul>
 */
@Service
public class RouteWriter {

    /** Request statuses of work that has begun (its group members stay on their routes). */
    private static final Set<String> FIXED_STATUSES = org.fieldplan.api.planning.PlanningProblems.FIXED.stream()
            .map(org.fieldplan.api.request.RequestStatus::code).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private final DSLContext db;
    private final DayLock locks;
    private final Clock clock;

    public RouteWriter(DSLContext db, DayLock locks, Clock clock) {
        this.db = db;
        this.locks = locks;
        this.clock = clock;
    }

    /** Writes the route of every shift of {@code solved} (a solution of {@code loaded}'s problem). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void save(LoadedPlan loaded, FieldPlan solved, @Nullable RouteStatus status, @Nullable Long jobId) {
        saveShifts(loaded, solved.getShifts(), status, jobId);
    }

    /**
     * Writes the routes of {@code shifts} only (e.g. the two a dispatcher moved a visit between).
     *
     * @param status the status of the written routes, or null to keep each route's (new routes: draft)
     * @param jobId  the planning job whose plan this is, or null (a booking, a dispatcher's edit)
     * @throws StaleRouteException when one of the routes is not at the version {@code loaded} read
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveShifts(LoadedPlan loaded, Collection<Shift> shifts, @Nullable RouteStatus status, @Nullable Long jobId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Set<LocalDate> days = new java.util.TreeSet<>();
        shifts.forEach(s -> days.add(loaded.shiftKey(s).day()));
        days.forEach(locks::lock);
        // every route is checked before any is written: a refusal leaves all of them as they were
        Map<Shift, @Nullable RouteRecord> existing = new HashMap<>();
        for (Shift shift : shifts) {
            LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
            RouteRecord route = db.selectFrom(ROUTE).where(ROUTE.TECHNICIAN_ID.eq(key.technicianId()), ROUTE.DAY.eq(key.day()))
                    .forUpdate().fetchOne();
            Integer read = loaded.routeVersion(key);
            Integer current = route == null ? null : route.getVersion();
            if (!Objects.equals(read, current)) {
                throw new StaleRouteException(key.technicianId(), shift.getTechnician().name(), key.day(), read, current);
            }
            existing.put(shift, route);
        }
        Set<Long> written = new HashSet<>();
        existing.values().stream().filter(Objects::nonNull).forEach(r -> written.add(r.getId()));
        for (Shift shift : shifts) {
            LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
            // only service requests and members #2..n of their groups are stored; extra visits (held windows) are not
            List<Visit> visits = shift.getVisits().stream().filter(v -> loaded.isRequest(v) || loaded.member(v) != null)
                    .toList();
            List<Long> requestIds = visits.stream().filter(loaded::isRequest).map(loaded::requestId).toList();
            RouteRecord route = existing.get(shift);
            // members of groups written here leave wherever they were (that route's stops close up)
            for (Visit v : visits) {
                LoadedPlan.Member m = loaded.member(v);
                if (m == null) {
                    continue;
                }
                Long was = db.deleteFrom(ROUTE_STOP_MEMBER).where(ROUTE_STOP_MEMBER.REQUEST_ID.eq(m.requestId()),
                        ROUTE_STOP_MEMBER.MEMBER.eq(m.number())).returningResult(ROUTE_STOP_MEMBER.ROUTE_ID)
                        .fetchOptional().map(r -> r.value1()).orElse(null);
                if (was != null && !written.contains(was)) {
                    compact(was, now);
                }
            }
            Map<Long, Record> reported = new HashMap<>();
            if (!requestIds.isEmpty()) {
                db.select(ROUTE_STOP.ROUTE_ID, ROUTE_STOP.REQUEST_ID, ROUTE_STOP.STARTED_AT, ROUTE_STOP.FINISHED_AT,
                                ROUTE_STOP.LABOUR_MINUTES)
                        .from(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.in(requestIds))
                        .forEach(r -> reported.put(r.get(ROUTE_STOP.REQUEST_ID), r));
                Set<Long> elsewhere = new HashSet<>();
                reported.values().forEach(r -> {
                    if (!written.contains(r.get(ROUTE_STOP.ROUTE_ID))) {
                        elsewhere.add(r.get(ROUTE_STOP.ROUTE_ID));
                    }
                });
                db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.in(requestIds)).execute();
                for (long other : elsewhere) {
                    compact(other, now);
                }
            }
            if (route != null) {
                db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.ROUTE_ID.eq(route.getId())).execute();
                db.deleteFrom(ROUTE_STOP_MEMBER).where(ROUTE_STOP_MEMBER.ROUTE_ID.eq(route.getId())).execute();
            }
            if (visits.isEmpty()) {
                if (route != null) {
                    route.delete();
                }
                continue;
            }
            List<VisitTiming> timings = new ArrayList<>();
            VisitTiming previous = null;
            Visit previousVisit = null;
            for (Visit v : visits) {
                VisitTiming t = RouteClock.timeVisitAfter(shift, previous, previousVisit == null ? null : previousVisit.getLocation(), v);
                timings.add(t);
                previous = t;
                previousVisit = v;
            }
            RouteEnd end = RouteClock.returnLegAfter(shift, previous, previousVisit.getLocation());
            long travel = end.travelSeconds();
            long metres = end.travelMetres();
            for (VisitTiming t : timings) {
                travel += t.travelSeconds();
                metres += t.travelMetres();
            }
            RouteRecord r = route != null ? route : db.newRecord(ROUTE);
            RouteStatus newStatus = status != null ? status : route != null ? route.getStatus() : RouteStatus.DRAFT;
            r.setTechnicianId(key.technicianId());
            r.setDay(key.day());
            r.setStatus(newStatus);
            r.setJobId(jobId);
            r.setStartsAt(at(loaded, shift.getStartTime()));
            r.setEndsAt(at(loaded, shift.getLatestEnd()));
            r.setTravelSeconds((int) Math.min(Integer.MAX_VALUE, travel));
            r.setDistanceMetres((int) Math.min(Integer.MAX_VALUE, metres));
            r.setUpdatedAt(now);
            if (status == RouteStatus.PUBLISHED) {
                r.setPublishedAt(now);
            }
            r.setVersion(route == null ? 0 : route.getVersion() + 1);
            r.store();
            written.add(r.getId());
            for (int i = 0; i < visits.size(); i++) {
                Visit v = visits.get(i);
                VisitTiming t = timings.get(i);
                LoadedPlan.Member member = loaded.member(v);
                if (member != null) {
                    db.insertInto(ROUTE_STOP_MEMBER)
                            .set(ROUTE_STOP_MEMBER.ROUTE_ID, r.getId())
                            .set(ROUTE_STOP_MEMBER.POSITION, i)
                            .set(ROUTE_STOP_MEMBER.REQUEST_ID, member.requestId())
                            .set(ROUTE_STOP_MEMBER.MEMBER, member.number())
                            .set(ROUTE_STOP_MEMBER.ARRIVAL_AT, at(loaded, Math.min(t.arrival(), t.start())))
                            .set(ROUTE_STOP_MEMBER.START_AT, at(loaded, t.start()))
                            .set(ROUTE_STOP_MEMBER.END_AT, at(loaded, t.departure()))
                            .set(ROUTE_STOP_MEMBER.TRAVEL_SECONDS, Math.max(0, t.travelSeconds()))
                            .set(ROUTE_STOP_MEMBER.DISTANCE_METRES, Math.max(0, t.travelMetres()))
                            .execute();
                    continue;
                }
                long requestId = loaded.requestId(v);
                Record was = reported.get(requestId);
                db.insertInto(ROUTE_STOP)
                        .set(ROUTE_STOP.ROUTE_ID, r.getId())
                        .set(ROUTE_STOP.POSITION, i)
                        .set(ROUTE_STOP.REQUEST_ID, requestId)
                        .set(ROUTE_STOP.ARRIVAL_AT, at(loaded, Math.min(t.arrival(), t.start())))
                        .set(ROUTE_STOP.START_AT, at(loaded, t.start()))
                        .set(ROUTE_STOP.END_AT, at(loaded, t.departure()))
                        .set(ROUTE_STOP.TRAVEL_SECONDS, Math.max(0, t.travelSeconds()))
                        .set(ROUTE_STOP.DISTANCE_METRES, Math.max(0, t.travelMetres()))
                        .set(ROUTE_STOP.PINNED, v.isPinned())
                        .set(ROUTE_STOP.STARTED_AT, was == null ? null : was.get(ROUTE_STOP.STARTED_AT))
                        .set(ROUTE_STOP.FINISHED_AT, was == null ? null : was.get(ROUTE_STOP.FINISHED_AT))
                        .set(ROUTE_STOP.LABOUR_MINUTES, was == null ? null : was.get(ROUTE_STOP.LABOUR_MINUTES))
                        .execute();
            }
        }
    }

    /** A stop of a route: which route, where in it, and the route's day and version. */
    private record StopAt(long routeId, int position, LocalDate day, int version, long technicianId) {}

    private @Nullable StopAt stopOf(long requestId) {
        var r = db.select(ROUTE_STOP.ROUTE_ID, ROUTE_STOP.POSITION, ROUTE.DAY, ROUTE.VERSION, ROUTE.TECHNICIAN_ID)
                .from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE_STOP.REQUEST_ID.eq(requestId)).fetchOne();
        return r == null ? null : new StopAt(r.value1(), r.value2(), r.value3(), r.value4(), r.value5());
    }

    /** The stop of {@code requestId}, read again under its day's lock (it may have moved while we waited). */
    private StopAt lockedStopOf(long requestId, @Nullable Integer expectedVersion) {
        for (int attempt = 0; attempt < 3; attempt++) {
            StopAt before = stopOf(requestId);
            if (before == null) {
                throw new NotFoundException("stop of request", requestId);
            }
            locks.lock(before.day());
            db.selectFrom(ROUTE).where(ROUTE.ID.eq(before.routeId())).forUpdate().fetchOne();
            StopAt now = stopOf(requestId);
            if (now != null && now.day().equals(before.day())) {
                if (expectedVersion != null && expectedVersion != now.version()) {
                    throw new StaleRouteException(now.technicianId(), technicianName(now.technicianId()), now.day(),
                            expectedVersion, now.version());
                }
                return now;
            }
        }
        throw new NotFoundException("stop of request", requestId);
    }

    /**
     * Pins the stop of {@code requestId} and every stop before it (pins form a prefix), or unpins it and every
     * stop after it. {@code expectedVersion}: the route version the caller read, or null not to check.
     *
     * @return the route's new version
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int pin(long requestId, boolean pin, @Nullable Integer expectedVersion) {
        StopAt stop = lockedStopOf(requestId, expectedVersion);
        if (pin) {
            db.update(ROUTE_STOP).set(ROUTE_STOP.PINNED, true)
                    .where(ROUTE_STOP.ROUTE_ID.eq(stop.routeId()), ROUTE_STOP.POSITION.le(stop.position())).execute();
        } else {
            db.update(ROUTE_STOP).set(ROUTE_STOP.PINNED, false)
                    .where(ROUTE_STOP.ROUTE_ID.eq(stop.routeId()), ROUTE_STOP.POSITION.ge(stop.position())).execute();
        }
        return bump(stop.routeId(), OffsetDateTime.now(clock));
    }

    /** The technician started the visit of {@code requestId} at {@code at}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markStarted(long requestId, OffsetDateTime at) {
        StopAt stop = lockedStopOf(requestId, null);
        db.update(ROUTE_STOP).set(ROUTE_STOP.STARTED_AT, at).where(ROUTE_STOP.REQUEST_ID.eq(requestId)).execute();
        bump(stop.routeId(), at);
    }

    /** The technician finished the visit of {@code requestId} at {@code at} after {@code labourMinutes} of work. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markFinished(long requestId, OffsetDateTime at, int labourMinutes) {
        StopAt stop = lockedStopOf(requestId, null);
        db.update(ROUTE_STOP).set(ROUTE_STOP.FINISHED_AT, at).set(ROUTE_STOP.LABOUR_MINUTES, labourMinutes)
                .where(ROUTE_STOP.REQUEST_ID.eq(requestId)).execute();
        bump(stop.routeId(), at);
    }

    /**
     * Takes the stops of the route of {@code technicianId} on {@code day} off it whose request lies in a zone
     * {@code mayTouch} accepts (an absence: the caller may only free the stops of their own zones; the others stay
     * for their dispatchers). Started or finished stops stay. An emptied route is deleted.
     *
     * @return the requests taken off, in route order
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> removeStops(long technicianId, LocalDate day, LongPredicate mayTouch) {
        locks.lock(day);
        RouteRecord route = db.selectFrom(ROUTE).where(ROUTE.TECHNICIAN_ID.eq(technicianId), ROUTE.DAY.eq(day)).forUpdate().fetchOne();
        if (route == null) {
            return List.of();
        }
        List<Long> removed = new ArrayList<>();
        db.select(ROUTE_STOP.REQUEST_ID, SERVICE_REQUEST.ZONE_ID).from(ROUTE_STOP)
                .join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID))
                .where(ROUTE_STOP.ROUTE_ID.eq(route.getId()), ROUTE_STOP.STARTED_AT.isNull(), ROUTE_STOP.FINISHED_AT.isNull())
                .orderBy(ROUTE_STOP.POSITION)
                .forEach(r -> {
                    if (r.value2() != null && mayTouch.test(r.value2())) {
                        removed.add(r.value1());
                    }
                });
        // group members on this route whose work has not begun go too (the group is then planned again whole)
        List<Long> members = db.select(ROUTE_STOP_MEMBER.REQUEST_ID, SERVICE_REQUEST.ZONE_ID, SERVICE_REQUEST.STATUS)
                .from(ROUTE_STOP_MEMBER).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP_MEMBER.REQUEST_ID))
                .where(ROUTE_STOP_MEMBER.ROUTE_ID.eq(route.getId()))
                .fetch().stream().filter(r -> r.value2() != null && mayTouch.test(r.value2())
                        && !FIXED_STATUSES.contains(r.value3())).map(r -> r.value1()).toList();
        if (!members.isEmpty()) {
            db.deleteFrom(ROUTE_STOP_MEMBER).where(ROUTE_STOP_MEMBER.ROUTE_ID.eq(route.getId()),
                    ROUTE_STOP_MEMBER.REQUEST_ID.in(members)).execute();
        }
        if (!removed.isEmpty() || !members.isEmpty()) {
            db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.in(removed)).execute();
            compact(route.getId(), OffsetDateTime.now(clock));
        }
        return removed;
    }

    /** Takes the lock of the day of the stop of {@code requestId}, if it has one (before locking the request's row). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lockDayOf(long requestId) {
        StopAt stop = stopOf(requestId);
        if (stop != null) {
            locks.lock(stop.day());
        } else {
            memberDays(requestId).forEach(locks::lock); // only other members of its team are on routes
        }
    }

    /** The days of the routes holding members #2..n of the group of {@code requestId}, in date order. */
    private List<LocalDate> memberDays(long requestId) {
        return db.selectDistinct(ROUTE.DAY).from(ROUTE_STOP_MEMBER).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP_MEMBER.ROUTE_ID))
                .where(ROUTE_STOP_MEMBER.REQUEST_ID.eq(requestId)).orderBy(ROUTE.DAY).fetch(ROUTE.DAY);
    }

    /** The route a stop was taken off: whose and which day. */
    public record RouteOf(long technicianId, LocalDate day) {}

    /**
     * Takes the stop of {@code requestId} off its route, if it has one (a cancelled or refused request), and the
     * stops of the other members of its team (members #2..n) off theirs, also when the request's own stop is on no
     * route (its technician's stops were taken off by an absence, the others' were not).
     *
     * @return the route its own stop was on, or null when it was on none
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public @Nullable RouteOf removeRequest(long requestId) {
        StopAt stop = stopOf(requestId);
        if (stop == null) {
            memberDays(requestId).forEach(locks::lock); // held already when lockDayOf came first (a no-op then)
            removeMembers(requestId);
            return null;
        }
        stop = lockedStopOf(requestId, null);
        db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.eq(requestId)).execute();
        compact(stop.routeId(), OffsetDateTime.now(clock));
        // the other members of its group leave their routes too (same day: the day's lock is held)
        removeMembers(requestId);
        return new RouteOf(stop.technicianId(), stop.day());
    }

    private void removeMembers(long requestId) {
        List<Long> memberRoutes = db.deleteFrom(ROUTE_STOP_MEMBER).where(ROUTE_STOP_MEMBER.REQUEST_ID.eq(requestId))
                .returningResult(ROUTE_STOP_MEMBER.ROUTE_ID).fetch(r -> r.value1());
        for (long other : memberRoutes) {
            compact(other, OffsetDateTime.now(clock));
        }
    }

    /** The requests on the route of {@code technicianId} on {@code day}, in visit order (none without a route). */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Long> stopsOf(long technicianId, LocalDate day) {
        return db.select(ROUTE_STOP.REQUEST_ID).from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE.TECHNICIAN_ID.eq(technicianId), ROUTE.DAY.eq(day)).orderBy(ROUTE_STOP.POSITION)
                .fetch(ROUTE_STOP.REQUEST_ID);
    }

    /** Deletes the routes of {@code from .. to} of absent technicians that have no stop left. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deleteEmptyRoutesOfAbsent(LocalDate from, LocalDate to) {
        locks.lock(from, to);
        return db.deleteFrom(ROUTE).where(ROUTE.DAY.between(from, to),
                DSL.exists(DSL.selectOne().from(TECHNICIAN_ABSENCE).where(TECHNICIAN_ABSENCE.TECHNICIAN_ID
                        .eq(ROUTE.TECHNICIAN_ID), TECHNICIAN_ABSENCE.DAY.eq(ROUTE.DAY))),
                DSL.notExists(DSL.selectOne().from(ROUTE_STOP).where(ROUTE_STOP.ROUTE_ID.eq(ROUTE.ID)))).execute();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /**
     * Renumbers the stops of a route (its requests' stops and group members' stops together) 0..n-1 after some were
     * taken off, raises its version; deletes it when empty.
     */
    private void compact(long routeId, OffsetDateTime now) {
        List<Record> left = new ArrayList<>();
        db.select(ROUTE_STOP.POSITION, ROUTE_STOP.REQUEST_ID, DSL.inline(1).as("member")).from(ROUTE_STOP)
                .where(ROUTE_STOP.ROUTE_ID.eq(routeId))
                .unionAll(DSL.select(ROUTE_STOP_MEMBER.POSITION, ROUTE_STOP_MEMBER.REQUEST_ID, ROUTE_STOP_MEMBER.MEMBER)
                        .from(ROUTE_STOP_MEMBER).where(ROUTE_STOP_MEMBER.ROUTE_ID.eq(routeId)))
                .orderBy(DSL.field("position"))
                .forEach(left::add);
        if (left.isEmpty()) {
            db.deleteFrom(ROUTE).where(ROUTE.ID.eq(routeId)).execute();
            return;
        }
        // two steps, so that no two stops share a position in between (the key is checked row by row)
        db.update(ROUTE_STOP).set(ROUTE_STOP.POSITION, ROUTE_STOP.POSITION.plus(1_000_000)).where(ROUTE_STOP.ROUTE_ID.eq(routeId)).execute();
        for (int i = 0; i < left.size(); i++) {
            long requestId = left.get(i).get(1, Long.class);
            int member = left.get(i).get(2, Integer.class);
            if (member == 1) {
                db.update(ROUTE_STOP).set(ROUTE_STOP.POSITION, i).where(ROUTE_STOP.REQUEST_ID.eq(requestId)).execute();
            } else {
                db.update(ROUTE_STOP_MEMBER).set(ROUTE_STOP_MEMBER.POSITION, i).where(
                        ROUTE_STOP_MEMBER.REQUEST_ID.eq(requestId), ROUTE_STOP_MEMBER.MEMBER.eq(member)).execute();
            }
        }
        bump(routeId, now);
    }

    private int bump(long routeId, OffsetDateTime now) {
        return db.update(ROUTE).set(ROUTE.VERSION, ROUTE.VERSION.plus(1)).set(ROUTE.UPDATED_AT, now)
                .where(ROUTE.ID.eq(routeId)).returningResult(ROUTE.VERSION).fetchOptional().map(r -> r.value1()).orElse(-1);
    }

    private String technicianName(long technicianId) {
        String name = db.select(TECHNICIAN.NAME).from(TECHNICIAN).where(TECHNICIAN.ID.eq(technicianId)).fetchOne(TECHNICIAN.NAME);
        return name == null ? "technician " + technicianId : name;
    }

    private static OffsetDateTime at(LoadedPlan loaded, long seconds) {
        return loaded.instant(seconds).atOffset(ZoneOffset.UTC);
    }
}
