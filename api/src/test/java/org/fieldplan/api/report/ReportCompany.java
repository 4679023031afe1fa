package org.fieldplan.api.report;

import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT;
import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;

/**
 * A small company with a month of history for the report tests, written straight into the tables as a past month
 * would be: zone A (administrator "a", in department 1 headed by "head") and zone B (administrator "b", department 2
 * headed by "ohead"), a director, two technicians, requests every day of March of {@code year} with their status
 * history, routes and visits, ratings and prices. Six kinds of request by index: forgotten (never touched), quoted,
 * done in time (rated 5 with a comment), done late (rated 2), cancelled, refused.
 */
final class ReportCompany {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    private static final AtomicLong SEQUENCE = new AtomicLong(700_000 + (ProcessHandle.current().pid() % 1000) * 1000);
    private static final AtomicInteger REGION = new AtomicInteger();

    final int year;
    final LocalDate first;
    final LocalDate last;
    final Login director;
    final Login head;
    final Login otherHead;
    final Login adminA;
    final Login adminB;
    final long zoneA;
    final long zoneB;
    final long departmentA;
    final long technician1;
    final long technician2;
    final long service;
    final List<Long> requestsA = new ArrayList<>();
    final List<Long> requestsB = new ArrayList<>();
    /** The two-person visit (issue 12) in zone A: its technician's own stop, the other technician as member #2 on their route. */
    final long teamRequest;
    /** The technician who went along as member #2. */
    final long teamMember;

    ReportCompany(DSLContext db, Fixtures fixtures, int year) {
        this.year = year;
        this.first = LocalDate.of(year, 3, 1);
        this.last = LocalDate.of(year, 3, 31);
        director = fixtures.user(Role.DIRECTOR);
        head = fixtures.user(Role.HEAD_OF_DEPARTMENT);
        otherHead = fixtures.user(Role.HEAD_OF_DEPARTMENT);
        adminA = fixtures.user(Role.DISPATCHER);
        adminB = fixtures.user(Role.DISPATCHER);
        double lon0 = -170.0 + 3 * REGION.getAndIncrement() + (year % 10) * 10; // open Pacific, south: no other test draws here
        zoneA = fixtures.squareZone("report-a", lon0, -30.0, 1.0, adminA.userId());
        zoneB = fixtures.squareZone("report-b", lon0 + 1.5, -30.0, 1.0, adminB.userId());
        departmentA = department(db, Fixtures.unique("Department A"), head.userId(), adminA.userId());
        department(db, Fixtures.unique("Department B"), otherHead.userId(), adminB.userId());
        technician1 = fixtures.technician().technicianId();
        technician2 = fixtures.technician().technicianId();
        service = fixtures.serviceType("report");
        long customer = fixtures.customerWithoutLogin();
        Map<String, Long> routes = new HashMap<>();
        String[] sources = {"phone", "site", "email"};
        int k = 0;
        for (LocalDate day = first; !day.isAfter(last.minusDays(3)); day = day.plusDays(1)) {
            for (int i = 0; i < 4; i++, k++) {
                boolean inA = (k % 3) != 2;
                long zone = inA ? zoneA : zoneB;
                OffsetDateTime created = day.atTime(8, 0).atZone(MALTA).toOffsetDateTime().plusMinutes((k % 5) * 37L + i * 90L);
                int kind = k % 6;
                long tech = k % 2 == 0 ? technician1 : technician2;
                OffsetDateTime deadline = kind == 3 ? created.plusDays(1) : created.plusDays(3);
                long seq = SEQUENCE.incrementAndGet();
                String status = switch (kind) {
                    case 0 -> "new";
                    case 1 -> "quoted";
                    case 2, 3 -> "done";
                    case 4 -> "cancelled";
                    default -> "refused";
                };
                var insert = db.insertInto(SERVICE_REQUEST)
                        .set(SERVICE_REQUEST.REGISTRATION_NUMBER, year + "-" + seq)
                        .set(SERVICE_REQUEST.REGISTRATION_YEAR, year).set(SERVICE_REQUEST.REGISTRATION_SEQUENCE, seq)
                        .set(SERVICE_REQUEST.CUSTOMER_ID, customer).set(SERVICE_REQUEST.ADDRESS_LINE, "Report street " + k)
                        .set(SERVICE_REQUEST.LOCATION, Geo.point(-29.5, inA ? lon0 + 0.5 : lon0 + 2.0))
                        .set(SERVICE_REQUEST.ZONE_ID, zone).set(SERVICE_REQUEST.DISPATCHER_ID, inA ? adminA.userId() : adminB.userId())
                        .set(SERVICE_REQUEST.OUTSIDE_SERVICE_AREA, false).set(SERVICE_REQUEST.SOURCE, sources[k % 3])
                        .set(SERVICE_REQUEST.DEADLINE, deadline).set(SERVICE_REQUEST.STATUS, status)
                        .set(SERVICE_REQUEST.TECHNICIAN_ID, kind == 2 || kind == 3 ? tech : null)
                        .set(SERVICE_REQUEST.CREATED_AT, created).set(SERVICE_REQUEST.UPDATED_AT, created)
                        .set(SERVICE_REQUEST.PRICE_TOTAL, new BigDecimal(40 + k % 7 * 10));
                if (kind == 2 || kind == 3) {
                    insert = insert.set(SERVICE_REQUEST.RATING, (short) (kind == 2 ? 5 : 2))
                            .set(SERVICE_REQUEST.RATING_TEXT, kind == 2 ? "Quick and tidy " + k : null)
                            .set(SERVICE_REQUEST.RATED_AT, created.plusDays(2));
                }
                long id = insert.returningResult(SERVICE_REQUEST.ID).fetchSingle().value1();
                (inA ? requestsA : requestsB).add(id);
                db.insertInto(SERVICE_REQUEST_ITEM).set(SERVICE_REQUEST_ITEM.REQUEST_ID, id).set(SERVICE_REQUEST_ITEM.LINE, 1)
                        .set(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID, service).set(SERVICE_REQUEST_ITEM.QUANTITY, 1)
                        .set(SERVICE_REQUEST_ITEM.UNIT_PRICE, new BigDecimal(40)).set(SERVICE_REQUEST_ITEM.PRICE_IS_FROM, false)
                        .set(SERVICE_REQUEST_ITEM.LINE_TOTAL, new BigDecimal(40 + k % 7 * 10)).execute();
                history(db, id, null, "new", created);
                switch (kind) {
                    case 1 -> history(db, id, "new", "quoted", created.plusMinutes(30));
                    case 2, 3 -> {
                        history(db, id, "new", "quoted", created.plusMinutes(20 + k % 4 * 10));
                        history(db, id, "quoted", "agreed", created.plusHours(2));
                        history(db, id, "agreed", "scheduled", created.plusHours(5 + k % 3));
                        OffsetDateTime start = day.plusDays(kind == 2 ? 1 : 2).atTime(10, 0).atZone(MALTA).toOffsetDateTime();
                        history(db, id, "scheduled", "in_progress", start.plusMinutes(5));
                        history(db, id, "in_progress", "done", start.plusMinutes(40));
                        long route = routes.computeIfAbsent(tech + "/" + start.toLocalDate(), key -> db.insertInto(ROUTE)
                                .set(ROUTE.TECHNICIAN_ID, tech).set(ROUTE.DAY, start.atZoneSameInstant(MALTA).toLocalDate())
                                .set(ROUTE.STATUS, org.fieldplan.api.planning.route.RouteStatus.PUBLISHED)
                                .set(ROUTE.STARTS_AT, start.minusHours(2)).set(ROUTE.ENDS_AT, start.plusHours(6))
                                .set(ROUTE.TRAVEL_SECONDS, 3600).set(ROUTE.DISTANCE_METRES, 30000).set(ROUTE.UPDATED_AT, start)
                                .returningResult(ROUTE.ID).fetchSingle().value1());
                        int position = db.fetchCount(ROUTE_STOP, ROUTE_STOP.ROUTE_ID.eq(route));
                        db.insertInto(ROUTE_STOP).set(ROUTE_STOP.ROUTE_ID, route).set(ROUTE_STOP.POSITION, position)
                                .set(ROUTE_STOP.REQUEST_ID, id).set(ROUTE_STOP.ARRIVAL_AT, start.plusMinutes(position * 60L))
                                .set(ROUTE_STOP.START_AT, start.plusMinutes(position * 60L)).set(ROUTE_STOP.END_AT, start.plusMinutes(position * 60L + 45))
                                .set(ROUTE_STOP.TRAVEL_SECONDS, 600).set(ROUTE_STOP.DISTANCE_METRES, 5000)
                                .set(ROUTE_STOP.STARTED_AT, start.plusMinutes(5)).set(ROUTE_STOP.FINISHED_AT, start.plusMinutes(40))
                                .set(ROUTE_STOP.LABOUR_MINUTES, 30 + k % 4 * 5).execute();
                    }
                    case 4 -> history(db, id, "new", "cancelled", created.plusHours(3));
                    case 5 -> {
                        history(db, id, "new", "quoted", created.plusMinutes(10));
                        history(db, id, "quoted", "refused", created.plusDays(1));
                    }
                    default -> { } // forgotten: nothing but the intake
                }
            }
        }
        // one done visit in zone A was a team of two: the other technician went along as member #2 (route_stop_member)
        var lead = db.select(ROUTE_STOP.REQUEST_ID, ROUTE_STOP.START_AT, ROUTE_STOP.END_AT, ROUTE.DAY, ROUTE.STARTS_AT, ROUTE.ENDS_AT,
                        ROUTE.TECHNICIAN_ID)
                .from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE_STOP.REQUEST_ID.in(requestsA)).orderBy(ROUTE_STOP.REQUEST_ID).limit(1).fetchSingle();
        teamRequest = lead.value1();
        teamMember = lead.value7() == technician1 ? technician2 : technician1;
        long memberRoute = routes.computeIfAbsent(teamMember + "/" + lead.value4(), key -> db.insertInto(ROUTE)
                .set(ROUTE.TECHNICIAN_ID, teamMember).set(ROUTE.DAY, lead.value4())
                .set(ROUTE.STATUS, org.fieldplan.api.planning.route.RouteStatus.PUBLISHED)
                .set(ROUTE.STARTS_AT, lead.value5()).set(ROUTE.ENDS_AT, lead.value6())
                .set(ROUTE.TRAVEL_SECONDS, 1800).set(ROUTE.DISTANCE_METRES, 20000).set(ROUTE.UPDATED_AT, lead.value5())
                .returningResult(ROUTE.ID).fetchSingle().value1());
        int memberPosition = db.fetchCount(ROUTE_STOP, ROUTE_STOP.ROUTE_ID.eq(memberRoute));
        db.insertInto(ROUTE_STOP_MEMBER).set(ROUTE_STOP_MEMBER.ROUTE_ID, memberRoute).set(ROUTE_STOP_MEMBER.REQUEST_ID, teamRequest)
                .set(ROUTE_STOP_MEMBER.MEMBER, 2).set(ROUTE_STOP_MEMBER.POSITION, memberPosition + 100)
                .set(ROUTE_STOP_MEMBER.ARRIVAL_AT, lead.value2()).set(ROUTE_STOP_MEMBER.START_AT, lead.value2())
                .set(ROUTE_STOP_MEMBER.END_AT, lead.value3()).set(ROUTE_STOP_MEMBER.TRAVEL_SECONDS, 300)
                .set(ROUTE_STOP_MEMBER.DISTANCE_METRES, 2000).execute();
        // written straight into the tables, as a restore or a load would: the reports' milestones are derived from it
        List<Long> all = new java.util.ArrayList<>(requestsA);
        all.addAll(requestsB);
        org.fieldplan.api.request.RequestMilestones.rebuild(db, all);
    }

    /**
     * A request written straight into the tables of {@code zone} (no item, no route): its intake at {@code created}, a
     * first action at {@code action} (a quote), and a move to done at {@code done} when given; then its milestones.
     */
    static long request(DSLContext db, long zone, long dispatcher, long customer, OffsetDateTime created, OffsetDateTime deadline,
                        OffsetDateTime action, OffsetDateTime done) {
        long seq = SEQUENCE.incrementAndGet();
        int year = created.getYear();
        long id = db.insertInto(SERVICE_REQUEST)
                .set(SERVICE_REQUEST.REGISTRATION_NUMBER, year + "-" + seq)
                .set(SERVICE_REQUEST.REGISTRATION_YEAR, year).set(SERVICE_REQUEST.REGISTRATION_SEQUENCE, seq)
                .set(SERVICE_REQUEST.CUSTOMER_ID, customer).set(SERVICE_REQUEST.ADDRESS_LINE, "Now street " + seq)
                .set(SERVICE_REQUEST.LOCATION, Geo.point(-59.8, 110.2))
                .set(SERVICE_REQUEST.ZONE_ID, zone).set(SERVICE_REQUEST.DISPATCHER_ID, dispatcher)
                .set(SERVICE_REQUEST.OUTSIDE_SERVICE_AREA, false).set(SERVICE_REQUEST.SOURCE, "phone")
                .set(SERVICE_REQUEST.DEADLINE, deadline).set(SERVICE_REQUEST.STATUS, done != null ? "done" : action != null ? "quoted" : "new")
                .set(SERVICE_REQUEST.CREATED_AT, created).set(SERVICE_REQUEST.UPDATED_AT, created)
                .set(SERVICE_REQUEST.PRICE_TOTAL, new BigDecimal(50))
                .returningResult(SERVICE_REQUEST.ID).fetchSingle().value1();
        history(db, id, null, "new", created);
        if (action != null) {
            history(db, id, "new", "quoted", action);
        }
        if (done != null) {
            history(db, id, "quoted", "done", done);
        }
        org.fieldplan.api.request.RequestMilestones.rebuild(db, List.of(id));
        return id;
    }

    private static long department(DSLContext db, String name, long head, long member) {
        long id = db.insertInto(DEPARTMENT).set(DEPARTMENT.NAME, name).set(DEPARTMENT.HEAD_USER_ID, head)
                .set(DEPARTMENT.CREATED_AT, OffsetDateTime.now()).returningResult(DEPARTMENT.ID).fetchSingle().value1();
        db.insertInto(DEPARTMENT_MEMBER).set(DEPARTMENT_MEMBER.DEPARTMENT_ID, id).set(DEPARTMENT_MEMBER.USER_ID, member).execute();
        return id;
    }

    private static void history(DSLContext db, long request, String from, String to, OffsetDateTime at) {
        db.insertInto(SERVICE_REQUEST_HISTORY).set(SERVICE_REQUEST_HISTORY.REQUEST_ID, request).set(SERVICE_REQUEST_HISTORY.FROM_STATUS, from)
                .set(SERVICE_REQUEST_HISTORY.TO_STATUS, to).set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, "report test")
                .set(SERVICE_REQUEST_HISTORY.CHANGED_AT, at).execute();
    }
}
