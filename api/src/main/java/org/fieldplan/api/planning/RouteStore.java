package org.fieldplan.api.planning;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.RouteRecord;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.RouteEnd;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores and reads routes. A route is written whole: its stops in visit order with the times the engine's
 * {@link RouteClock} gives them, legs from the travel matrix, totals including the way home. What technicians
 * reported (started, finished, labour) stays with the request when its stop moves. A shift without visits has no
 * route (an existing one is deleted).
 */
@Service
public class RouteStore {

    public static final String DRAFT = "draft";
    public static final String PUBLISHED = "published";

    private final DSLContext db;
    private final Clock clock;

    public RouteStore(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Rewrites the route of every shift of {@code solved} (a solution of {@code loaded}'s problem).
     *
     * @param status {@link #DRAFT}, {@link #PUBLISHED}, or null to keep each route's status (new routes: draft)
     * @param jobId  the planning job that produced the plan, or null
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void save(LoadedPlan loaded, FieldPlan solved, @Nullable String status, @Nullable Long jobId) {
        saveShifts(loaded, solved.getShifts(), status, jobId);
    }

    /** Rewrites the routes of {@code shifts} only (e.g. the two a dispatcher moved a visit between). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saveShifts(LoadedPlan loaded, Collection<Shift> shifts, @Nullable String status, @Nullable Long jobId) {
        if (status != null && !status.equals(DRAFT) && !status.equals(PUBLISHED)) {
            throw new IllegalArgumentException("Route status " + status + " is neither draft nor published.");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (Shift shift : shifts) {
            LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
            // only service requests are stored; extra visits (held windows) are not
            List<Visit> visits = shift.getVisits().stream().filter(loaded::isRequest).toList();
            List<Long> requestIds = visits.stream().map(loaded::requestId).toList();
            RouteRecord existing = db.selectFrom(ROUTE)
                    .where(ROUTE.TECHNICIAN_ID.eq(key.technicianId()), ROUTE.DAY.eq(key.day()))
                    .forUpdate().fetchOne();
            // what the technician reported stays with the request
            Map<Long, Record> reported = new HashMap<>();
            if (!requestIds.isEmpty()) {
                db.select(ROUTE_STOP.REQUEST_ID, ROUTE_STOP.STARTED_AT, ROUTE_STOP.FINISHED_AT, ROUTE_STOP.LABOUR_MINUTES)
                        .from(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.in(requestIds))
                        .forEach(r -> reported.put(r.get(ROUTE_STOP.REQUEST_ID), r));
                db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.in(requestIds)).execute();
            }
            if (existing != null) {
                db.deleteFrom(ROUTE_STOP).where(ROUTE_STOP.ROUTE_ID.eq(existing.getId())).execute();
            }
            if (visits.isEmpty()) {
                if (existing != null) {
                    existing.delete();
                }
                continue;
            }
            // the times, as the engine's clock gives them
            List<VisitTiming> timings = new ArrayList<>();
            VisitTiming previous = null;
            Visit previousVisit = null;
            for (Visit v : visits) {
                VisitTiming t = RouteClock.timeVisitAfter(shift, previous,
                        previousVisit == null ? null : previousVisit.getLocation(), v);
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
            RouteRecord route = existing != null ? existing : db.newRecord(ROUTE);
            String newStatus = status != null ? status : existing != null ? existing.getStatus() : DRAFT;
            route.setTechnicianId(key.technicianId());
            route.setDay(key.day());
            route.setStatus(newStatus);
            route.setJobId(jobId);
            route.setStartsAt(at(loaded, shift.getStartTime()));
            route.setEndsAt(at(loaded, shift.getLatestEnd()));
            route.setTravelSeconds((int) Math.min(Integer.MAX_VALUE, travel));
            route.setDistanceMetres((int) Math.min(Integer.MAX_VALUE, metres));
            route.setUpdatedAt(now);
            if (PUBLISHED.equals(status)) {
                route.setPublishedAt(now);
            }
            route.setVersion(existing == null ? 0 : existing.getVersion() + 1);
            route.store();
            for (int i = 0; i < visits.size(); i++) {
                Visit v = visits.get(i);
                VisitTiming t = timings.get(i);
                long requestId = loaded.requestId(v);
                Record was = reported.get(requestId);
                db.insertInto(ROUTE_STOP)
                        .set(ROUTE_STOP.ROUTE_ID, route.getId())
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

    /**
     * The routes of {@code day}, ordered by technician name; with zones, only routes with a stop in one of them.
     */
    @Transactional(readOnly = true)
    public List<RouteView> routes(LocalDate day, Set<Long> zoneIds) {
        Condition where = ROUTE.DAY.eq(day);
        if (!zoneIds.isEmpty()) {
            where = where.and(ROUTE.ID.in(db.select(ROUTE_STOP.ROUTE_ID).from(ROUTE_STOP).join(SERVICE_REQUEST)
                    .on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID)).where(SERVICE_REQUEST.ZONE_ID.in(zoneIds))));
        }
        return read(where);
    }

    /** The route of one technician on one day, or null when they have none. */
    @Transactional(readOnly = true)
    public @Nullable RouteView route(long technicianId, LocalDate day) {
        List<RouteView> views = read(ROUTE.DAY.eq(day).and(ROUTE.TECHNICIAN_ID.eq(technicianId)));
        return views.isEmpty() ? null : views.get(0);
    }

    private List<RouteView> read(Condition where) {
        Map<Long, RouteRecord> routes = new LinkedHashMap<>();
        Map<Long, String> names = new HashMap<>();
        db.select(ROUTE.asterisk(), TECHNICIAN.NAME).from(ROUTE).join(TECHNICIAN).on(TECHNICIAN.ID.eq(ROUTE.TECHNICIAN_ID))
                .where(where).orderBy(TECHNICIAN.NAME, ROUTE.ID)
                .forEach(r -> {
                    RouteRecord route = r.into(ROUTE);
                    routes.put(route.getId(), route);
                    names.put(route.getId(), r.get(TECHNICIAN.NAME));
                });
        Map<Long, List<RouteView.Stop>> stops = new HashMap<>();
        if (!routes.isEmpty()) {
            db.select(ROUTE_STOP.asterisk(), SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.STATUS,
                            SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.LOCATION, SERVICE_REQUEST.ZONE_ID,
                            SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.WINDOW_END, CUSTOMER.NAME)
                    .from(ROUTE_STOP).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID))
                    .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                    .where(ROUTE_STOP.ROUTE_ID.in(routes.keySet()))
                    .orderBy(ROUTE_STOP.ROUTE_ID, ROUTE_STOP.POSITION)
                    .forEach(r -> {
                        Point p = (Point) r.get(SERVICE_REQUEST.LOCATION);
                        stops.computeIfAbsent(r.get(ROUTE_STOP.ROUTE_ID), k -> new ArrayList<>()).add(new RouteView.Stop(
                                r.get(ROUTE_STOP.POSITION), r.get(ROUTE_STOP.REQUEST_ID),
                                r.get(SERVICE_REQUEST.REGISTRATION_NUMBER), r.get(SERVICE_REQUEST.STATUS),
                                r.get(CUSTOMER.NAME), r.get(SERVICE_REQUEST.ADDRESS_LINE), p.getY(), p.getX(),
                                r.get(SERVICE_REQUEST.ZONE_ID), r.get(ROUTE_STOP.ARRIVAL_AT), r.get(ROUTE_STOP.START_AT),
                                r.get(ROUTE_STOP.END_AT), r.get(SERVICE_REQUEST.WINDOW_START),
                                r.get(SERVICE_REQUEST.WINDOW_END), r.get(ROUTE_STOP.TRAVEL_SECONDS),
                                r.get(ROUTE_STOP.DISTANCE_METRES), r.get(ROUTE_STOP.PINNED), r.get(ROUTE_STOP.STARTED_AT),
                                r.get(ROUTE_STOP.FINISHED_AT), r.get(ROUTE_STOP.LABOUR_MINUTES)));
                    });
        }
        List<RouteView> out = new ArrayList<>();
        for (RouteRecord r : routes.values()) {
            out.add(new RouteView(r.getId(), r.getTechnicianId(), names.get(r.getId()), r.getDay(), r.getStatus(),
                    r.getJobId(), r.getStartsAt(), r.getEndsAt(), r.getTravelSeconds(), r.getDistanceMetres(),
                    r.getUpdatedAt(), r.getPublishedAt(), r.getVersion(), stops.getOrDefault(r.getId(), List.of())));
        }
        return out;
    }

    private static OffsetDateTime at(LoadedPlan loaded, long seconds) {
        return loaded.instant(seconds).atOffset(ZoneOffset.UTC);
    }
}
