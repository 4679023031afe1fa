package org.fieldplan.api.security;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT;
import static org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The one definition of what a caller may see and touch, by zone. Every endpoint and page asks it; nothing else
 * decides "is this in the caller's zones".
 * <ul>
 *   <li><b>administrator</b>: everything, including requests outside every zone and jobs over all zones;</li>
 *   <li><b>dispatcher</b>: the zones whose responsible dispatcher ({@code zone.dispatcher_id}) they are, and
 *       what lies in them: requests whose zone is one of them; technicians with a working interval in one of them
 *       (or in no particular zone, which serves every zone); customers with a request in them or an address inside
 *       one; the working intervals in them (and the unzoned ones of their technicians); routes with a stop in
 *       them; edits proposed on their requests. A dispatcher responsible for <em>no</em> zone sees and plans
 *       nothing;</li>
 *   <li><b>director</b>: everything, like an administrator (every zone, requests outside every zone);</li>
 *   <li><b>head of department</b>: what a dispatcher sees, over the zones of every administrator (dispatcher) of the
 *       department(s) they head ({@code department.head_user_id}, {@code department_member}) and their own zones;
 *       a head whose departments hold no zone sees nothing;</li>
 *   <li><b>technician</b>: their own technician record, route and visits (requests assigned to them);</li>
 *   <li><b>customer</b>: their own customer record and requests.</li>
 * </ul>
 * Answers: an object named by id that lies outside the scope is <b>404</b>, the same answer as an id that does
 * not exist, so ids cannot be probed. Naming a <em>zone</em> that is not the caller's (zones are listed to all
 * staff, so their existence is no secret), asking for all zones without being an administrator, or an action the
 * role may never take is <b>403</b>.
 */
@Component
public class ZoneScope {

    private final DSLContext db;

    public ZoneScope(DSLContext db) {
        this.db = db;
    }

    /** The zones a caller acts in: {@link #everything()} for administrators, else the zone ids (possibly none). */
    public record Zones(boolean everything, Set<Long> ids) {
        public Zones {
            ids = Set.copyOf(ids);
        }

        public boolean covers(long zoneId) {
            return everything || ids.contains(zoneId);
        }

        public boolean coversAll(Collection<Long> zoneIds) {
            return everything || ids.containsAll(zoneIds);
        }

        /** Nothing at all: a dispatcher with no zones, a technician or customer (they have no zones). */
        public boolean none() {
            return !everything && ids.isEmpty();
        }
    }

    /** The zones the caller is responsible for. */
    public Zones zones(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> new Zones(true, Set.of());
            case HEAD_OF_DEPARTMENT, DISPATCHER -> new Zones(false, new TreeSet<>(db.select(ZONE.ID).from(ZONE)
                    .where(ZONE.DISPATCHER_ID.in(responsibleUsers(user))).fetch(ZONE.ID)));
            case TECHNICIAN, CUSTOMER -> new Zones(false, Set.of());
        };
    }

    // ---- conditions for list queries ------------------------------------------------------------------------

    /**
     * The users whose zones the caller sees: a dispatcher themselves; a head of department themselves and every
     * member of the departments they head. (Directors and administrators see every zone and never ask.)
     */
    private static org.jooq.Select<? extends org.jooq.Record1<Long>> responsibleUsers(CurrentUser user) {
        if (user.role() == Role.HEAD_OF_DEPARTMENT) {
            return DSL.select(DSL.val(user.userId())).unionAll(DSL.select(DEPARTMENT_MEMBER.USER_ID).from(DEPARTMENT_MEMBER)
                    .join(DEPARTMENT).on(DEPARTMENT.ID.eq(DEPARTMENT_MEMBER.DEPARTMENT_ID))
                    .where(DEPARTMENT.HEAD_USER_ID.eq(user.userId())));
        }
        return DSL.select(DSL.val(user.userId()));
    }

    /** The ids of the zones in the caller's scope, as a sub-select (dispatchers and heads of department). */
    public static org.jooq.Select<? extends org.jooq.Record1<Long>> zoneIds(CurrentUser user) {
        return DSL.select(ZONE.ID).from(ZONE).where(ZONE.DISPATCHER_ID.in(responsibleUsers(user)));
    }

    /** Rows whose zone id is one of the caller's (dispatcher, head of department). */
    private static Condition ownZoneIds(CurrentUser user, org.jooq.Field<Long> zoneId) {
        return zoneId.in(zoneIds(user));
    }

    /** Whether the caller sees every zone and what lies outside them (administrator, director). */
    public static boolean seesEverything(CurrentUser user) {
        return user.role() == Role.ADMINISTRATOR || user.role() == Role.DIRECTOR;
    }

    /** Rows of {@code zone} the caller may report on and plan: all for administrators and directors. */
    public static Condition zoneRows(CurrentUser user) {
        return seesEverything(user) ? DSL.trueCondition() : user.is(Role.DISPATCHER) ? ownZoneIds(user, ZONE.ID) : DSL.falseCondition();
    }

    /** Rows of {@code service_request} the caller may see. */
    public static Condition requests(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> DSL.trueCondition();
            case HEAD_OF_DEPARTMENT, DISPATCHER -> ownZoneIds(user, SERVICE_REQUEST.ZONE_ID);
            case TECHNICIAN -> user.technicianId() == null ? DSL.falseCondition() : SERVICE_REQUEST.TECHNICIAN_ID.eq(user.technicianId());
            case CUSTOMER -> user.customerId() == null ? DSL.falseCondition() : SERVICE_REQUEST.CUSTOMER_ID.eq(user.customerId());
        };
    }

    /** Rows of {@code technician} the caller may see. */
    public static Condition technicians(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> DSL.trueCondition();
            case HEAD_OF_DEPARTMENT, DISPATCHER -> DSL.exists(DSL.selectOne().from(ZONE).where(ZONE.DISPATCHER_ID.in(responsibleUsers(user))))
                    .and(DSL.exists(DSL.selectOne().from(SCHEDULE_INTERVAL).where(
                            SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(TECHNICIAN.ID).or(SCHEDULE_INTERVAL.TEAM_ID.eq(TECHNICIAN.TEAM_ID)),
                            SCHEDULE_INTERVAL.ZONE_ID.isNull().or(ownZoneIds(user, SCHEDULE_INTERVAL.ZONE_ID)))));
            case TECHNICIAN -> user.technicianId() == null ? DSL.falseCondition() : TECHNICIAN.ID.eq(user.technicianId());
            case CUSTOMER -> DSL.falseCondition();
        };
    }

    /** Rows of {@code customer} the caller may see. */
    public static Condition customers(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> DSL.trueCondition();
            case HEAD_OF_DEPARTMENT, DISPATCHER -> DSL.exists(DSL.selectOne().from(SERVICE_REQUEST)
                            .where(SERVICE_REQUEST.CUSTOMER_ID.eq(CUSTOMER.ID), ownZoneIds(user, SERVICE_REQUEST.ZONE_ID)))
                    .or(DSL.exists(DSL.selectOne().from(CUSTOMER_ADDRESS).join(ZONE)
                            .on(DSL.condition("ST_Intersects({0}, {1})", ZONE.AREA, CUSTOMER_ADDRESS.LOCATION))
                            .where(CUSTOMER_ADDRESS.CUSTOMER_ID.eq(CUSTOMER.ID), ZONE.DISPATCHER_ID.in(responsibleUsers(user)))));
            case TECHNICIAN -> DSL.falseCondition();
            case CUSTOMER -> user.customerId() == null ? DSL.falseCondition() : CUSTOMER.ID.eq(user.customerId());
        };
    }

    /** Rows of {@code schedule_interval} the caller may see: those in their zones and the unzoned ones of their technicians. */
    public static Condition schedules(CurrentUser user) {
        return switch (user.role()) {
            case ADMINISTRATOR, DIRECTOR -> DSL.trueCondition();
            case HEAD_OF_DEPARTMENT, DISPATCHER -> ownZoneIds(user, SCHEDULE_INTERVAL.ZONE_ID).or(SCHEDULE_INTERVAL.ZONE_ID.isNull().and(
                    SCHEDULE_INTERVAL.TECHNICIAN_ID.in(DSL.select(TECHNICIAN.ID).from(TECHNICIAN).where(technicians(user)))
                            .or(SCHEDULE_INTERVAL.TEAM_ID.in(DSL.select(TECHNICIAN.TEAM_ID).from(TECHNICIAN).where(technicians(user))))));
            case TECHNICIAN -> user.technicianId() == null ? DSL.falseCondition()
                    : SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(user.technicianId())
                            .or(SCHEDULE_INTERVAL.TEAM_ID.in(DSL.select(TECHNICIAN.TEAM_ID).from(TECHNICIAN).where(TECHNICIAN.ID.eq(user.technicianId()))));
            case CUSTOMER -> DSL.falseCondition();
        };
    }

    // ---- checks for single objects (404 when outside the scope) -------------------------------------------------

    public void requireRequest(CurrentUser user, long requestId) {
        if (!db.fetchExists(SERVICE_REQUEST, SERVICE_REQUEST.ID.eq(requestId).and(requests(user)))) {
            throw new NotFoundException("request", requestId);
        }
    }

    public boolean mayTouchRequest(CurrentUser user, long requestId) {
        return db.fetchExists(SERVICE_REQUEST, SERVICE_REQUEST.ID.eq(requestId).and(requests(user)));
    }

    public void requireTechnician(CurrentUser user, long technicianId) {
        if (!db.fetchExists(TECHNICIAN, TECHNICIAN.ID.eq(technicianId).and(technicians(user)))) {
            throw new NotFoundException("technician", technicianId);
        }
    }

    public void requireCustomer(CurrentUser user, long customerId) {
        if (!db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId).and(customers(user)))) {
            throw new NotFoundException("customer", customerId);
        }
    }

    public void requireSchedule(CurrentUser user, long intervalId) {
        if (!db.fetchExists(SCHEDULE_INTERVAL, SCHEDULE_INTERVAL.ID.eq(intervalId).and(schedules(user)))) {
            throw new NotFoundException("working interval", intervalId);
        }
    }

    // ---- zones named by the caller (403 when not theirs) ------------------------------------------------------------

    /** 403 unless the caller may act in {@code zoneId}. */
    public void requireZone(CurrentUser user, long zoneId) {
        Zones zones = zones(user);
        if (!zones.covers(zoneId)) {
            throw notYours(user, zones, Set.of(zoneId));
        }
    }

    /**
     * The zones a caller may plan when asking for {@code requested} (empty = every zone they may): an administrator
     * gets what they asked (empty stays "all zones"); a dispatcher gets their own zones or the requested subset of
     * them. 403 for a zone not theirs, and for a dispatcher with no zones.
     */
    public Set<Long> planningZones(CurrentUser user, Collection<Long> requested) {
        Zones zones = zones(user);
        if (zones.everything()) {
            return new LinkedHashSet<>(requested);
        }
        if (zones.none()) {
            throw notYours(user, zones, requested);
        }
        if (requested.isEmpty()) {
            return new LinkedHashSet<>(zones.ids());
        }
        if (!zones.coversAll(requested)) {
            throw notYours(user, zones, requested);
        }
        return new LinkedHashSet<>(requested);
    }

    /**
     * Whether the caller may read and act on something that covers {@code zoneIds} (a planning job): all of them must
     * be theirs; an empty set (all zones) belongs to administrators only.
     */
    public boolean coversAll(CurrentUser user, Collection<Long> zoneIds) {
        Zones zones = zones(user);
        if (zones.everything()) {
            return true;
        }
        return !zoneIds.isEmpty() && zones.coversAll(zoneIds);
    }

    private static ApiException notYours(CurrentUser user, Zones zones, Collection<Long> asked) {
        Set<Long> outside = new TreeSet<>(asked);
        outside.removeAll(zones.ids());
        String detail;
        if (!user.is(Role.DISPATCHER)) {
            detail = "A " + user.role().code() + " does not plan zones; ask a dispatcher or an administrator.";
        } else if (zones.none()) {
            detail = "You (" + user.username() + ") " + (user.role() == Role.HEAD_OF_DEPARTMENT
                    ? "head no department whose administrators are responsible for a zone" : "are responsible for no zone")
                    + ", so you can neither see nor plan any; "
                    + "ask an administrator to make you a zone's dispatcher.";
        } else if (outside.isEmpty()) {
            detail = "Planning every zone at once is for administrators; name your zones " + zones.ids() + " instead.";
        } else {
            detail = "Zone(s) " + outside + " are not yours; you are responsible for " + zones.ids() + ".";
        }
        return new ApiException(HttpStatus.FORBIDDEN, "outside-your-zones", "Outside your zones", detail,
                Map.of("zoneIds", outside, "yourZoneIds", new TreeSet<>(zones.ids())));
    }
}
