package org.fieldplan.api.planning;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.RouteRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads the stored routes of a day or of one technician-day, with their stops. Routes are written by the route
 * editor alone ({@link org.fieldplan.api.planning.route.RouteWriter}).
 */
@Service
public class RouteStore {

    private final DSLContext db;

    public RouteStore(DSLContext db) {
        this.db = db;
    }

    /**
     * The routes of {@code day}, ordered by technician name; with zones, only routes with a stop in one of them.
     */
    @Transactional(readOnly = true)
    public List<RouteView> routes(LocalDate day, Set<Long> zoneIds) {
        Condition where = ROUTE.DAY.eq(day);
        if (!zoneIds.isEmpty()) {
            where = where.and(ROUTE.ID.in(db.select(ROUTE_STOP.ROUTE_ID).from(ROUTE_STOP).join(SERVICE_REQUEST)
                    .on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID)).where(SERVICE_REQUEST.ZONE_ID.in(zoneIds))
                    .unionAll(db.select(ROUTE_STOP_MEMBER.ROUTE_ID).from(ROUTE_STOP_MEMBER).join(SERVICE_REQUEST)
                            .on(SERVICE_REQUEST.ID.eq(ROUTE_STOP_MEMBER.REQUEST_ID)).where(SERVICE_REQUEST.ZONE_ID.in(zoneIds)))));
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
                                r.get(ROUTE_STOP.FINISHED_AT), r.get(ROUTE_STOP.LABOUR_MINUTES), 1, List.of()));
                    });
            // members #2..n of groups on these routes: the request as its own stop shows it, with this route's times
            db.select(ROUTE_STOP_MEMBER.asterisk(), SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.STATUS,
                            SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.LOCATION, SERVICE_REQUEST.ZONE_ID,
                            SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.WINDOW_END, CUSTOMER.NAME)
                    .from(ROUTE_STOP_MEMBER).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP_MEMBER.REQUEST_ID))
                    .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                    .where(ROUTE_STOP_MEMBER.ROUTE_ID.in(routes.keySet()))
                    .forEach(r -> {
                        Point p = (Point) r.get(SERVICE_REQUEST.LOCATION);
                        stops.computeIfAbsent(r.get(ROUTE_STOP_MEMBER.ROUTE_ID), k -> new ArrayList<>()).add(new RouteView.Stop(
                                r.get(ROUTE_STOP_MEMBER.POSITION), r.get(ROUTE_STOP_MEMBER.REQUEST_ID),
                                r.get(SERVICE_REQUEST.REGISTRATION_NUMBER), r.get(SERVICE_REQUEST.STATUS),
                                r.get(CUSTOMER.NAME), r.get(SERVICE_REQUEST.ADDRESS_LINE), p.getY(), p.getX(),
                                r.get(SERVICE_REQUEST.ZONE_ID), r.get(ROUTE_STOP_MEMBER.ARRIVAL_AT),
                                r.get(ROUTE_STOP_MEMBER.START_AT), r.get(ROUTE_STOP_MEMBER.END_AT),
                                r.get(SERVICE_REQUEST.WINDOW_START), r.get(SERVICE_REQUEST.WINDOW_END),
                                r.get(ROUTE_STOP_MEMBER.TRAVEL_SECONDS), r.get(ROUTE_STOP_MEMBER.DISTANCE_METRES), false,
                                null, null, null, r.get(ROUTE_STOP_MEMBER.MEMBER), List.of()));
                    });
            withTeams(stops);
        }
        List<RouteView> out = new ArrayList<>();
        stops.values().forEach(list -> list.sort(java.util.Comparator.comparingInt(RouteView.Stop::position)));
        for (RouteRecord r : routes.values()) {
            out.add(new RouteView(r.getId(), r.getTechnicianId(), names.get(r.getId()), r.getDay(), r.getStatus(),
                    r.getJobId(), r.getStartsAt(), r.getEndsAt(), r.getTravelSeconds(), r.getDistanceMetres(),
                    r.getUpdatedAt(), r.getPublishedAt(), r.getVersion(), stops.getOrDefault(r.getId(), List.of())));
        }
        return out;
    }

    /** Fills in, for every stop of a group, the names of the team's other technicians (on whatever route they are). */
    private void withTeams(Map<Long, List<RouteView.Stop>> stops) {
        Set<Long> groups = new java.util.HashSet<>();
        stops.values().forEach(list -> list.stream().filter(s -> s.member() > 1).forEach(s -> groups.add(s.requestId())));
        db.select(ROUTE_STOP_MEMBER.REQUEST_ID).from(ROUTE_STOP_MEMBER).join(ROUTE_STOP)
                .on(ROUTE_STOP.REQUEST_ID.eq(ROUTE_STOP_MEMBER.REQUEST_ID))
                .where(ROUTE_STOP.ROUTE_ID.in(stops.keySet())).forEach(r -> groups.add(r.value1()));
        if (groups.isEmpty()) {
            return;
        }
        // request -> member -> technician name
        Map<Long, Map<Integer, String>> team = new HashMap<>();
        db.select(ROUTE_STOP.REQUEST_ID, TECHNICIAN.NAME).from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .join(TECHNICIAN).on(TECHNICIAN.ID.eq(ROUTE.TECHNICIAN_ID)).where(ROUTE_STOP.REQUEST_ID.in(groups))
                .forEach(r -> team.computeIfAbsent(r.value1(), k -> new java.util.TreeMap<>()).put(1, r.value2()));
        db.select(ROUTE_STOP_MEMBER.REQUEST_ID, ROUTE_STOP_MEMBER.MEMBER, TECHNICIAN.NAME).from(ROUTE_STOP_MEMBER)
                .join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP_MEMBER.ROUTE_ID))
                .join(TECHNICIAN).on(TECHNICIAN.ID.eq(ROUTE.TECHNICIAN_ID)).where(ROUTE_STOP_MEMBER.REQUEST_ID.in(groups))
                .forEach(r -> team.computeIfAbsent(r.value1(), k -> new java.util.TreeMap<>()).put(r.value2(), r.value3()));
        for (List<RouteView.Stop> list : stops.values()) {
            list.replaceAll(s -> {
                Map<Integer, String> names = team.get(s.requestId());
                if (names == null) {
                    return s;
                }
                List<String> others = names.entrySet().stream().filter(e -> e.getKey() != s.member())
                        .map(Map.Entry::getValue).toList();
                return new RouteView.Stop(s.position(), s.requestId(), s.registrationNumber(), s.requestStatus(),
                        s.customerName(), s.addressLine(), s.lat(), s.lon(), s.zoneId(), s.arrivalAt(), s.startAt(),
                        s.endAt(), s.windowStart(), s.windowEnd(), s.travelSeconds(), s.distanceMetres(), s.pinned(),
                        s.startedAt(), s.finishedAt(), s.labourMinutes(), s.member(), others);
            });
        }
    }
}
