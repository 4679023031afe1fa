package org.fieldplan.api.desk;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_SEARCH;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_STATUS_COUNT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_COMMENT;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.ZoneScope;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The desk's request list: the caller's zone scope ({@link ZoneScope#requests}) and the filters as one condition,
 * counts per status under every filter but the status, one page sorted on the server. The text search reads
 * {@code request_search} (number, customer name, e-mail, phone digits, address; folded like the query) through its
 * trigram index. Overdue: past the deadline and not closed (as the deadline watch has it). Forgotten: still new and
 * untouched (no write, no comment) for {@code fieldplan.desk.forgotten-after}.
 */
@Service
public class DeskRequests {

    private static final List<String> CLOSED = Arrays.stream(RequestStatus.values()).filter(RequestStatus::isClosed)
            .map(RequestStatus::code).toList();

    private final DSLContext db;
    private final DeskProperties properties;
    private final Clock clock;
    private final ZoneScope scope;

    DeskRequests(DSLContext db, DeskProperties properties, Clock clock, ZoneScope scope) {
        this.db = db;
        this.properties = properties;
        this.clock = clock;
        this.scope = scope;
    }

    public record Item(long id, String number, String status, String customerName, @Nullable String phone,
            String addressLine, @Nullable Long zoneId, @Nullable String zoneName, @Nullable Long technicianId,
            @Nullable String technicianName, String source, int priority, OffsetDateTime deadline, boolean overdue,
            boolean forgotten, OffsetDateTime createdAt, OffsetDateTime updatedAt, @Nullable OffsetDateTime windowStart,
            @Nullable OffsetDateTime windowEnd, int version) {}

    public record Page(long total, int page, int size, Map<String, Long> counts, List<Item> items) {}

    @Transactional(readOnly = true)
    public Page list(DeskQuery query, CurrentUser user) {
        checkZone(query, user);
        OffsetDateTime now = OffsetDateTime.now(clock);
        Condition text = query.q() == null ? null : textCondition(query.q());
        Condition base = filters(query, user, now, text);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RequestStatus s : RequestStatus.values()) {
            counts.put(s.code(), 0L);
        }
        countsPerStatus(query, user, base, text).forEach((status, n) -> counts.put(status, n));
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (query.statuses().isEmpty() || query.statuses().contains(RequestStatus.fromCode(e.getKey()))) {
                total += e.getValue();
            }
        }
        List<Item> items = new ArrayList<>();
        if ((long) query.page() * query.size() < total) {
            select(now).where(base.and(statusCondition(query))).orderBy(order(query))
                    .limit(query.size()).offset((long) query.page() * query.size())
                    .forEach(r -> items.add(item(r, now)));
        }
        return new Page(total, query.page(), query.size(), counts, items);
    }

    /**
     * The counts per status under every filter but the status. Without other filters than the zone they are read from
     * {@code request_status_count} (kept by triggers: six rows per zone instead of a year of requests); with a text
     * search and nothing else, from the search rows alone (they carry status and zone); otherwise counted.
     */
    private Map<String, Long> countsPerStatus(DeskQuery q, CurrentUser user, Condition base, @Nullable Condition text) {
        Map<String, Long> out = new LinkedHashMap<>();
        boolean staff = user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER);
        boolean onlyZone = q.technicianId() == null && q.sources().isEmpty() && !q.overdue() && !q.forgotten()
                && q.deadlineFrom() == null && q.deadlineTo() == null && q.createdFrom() == null && q.createdTo() == null;
        if (staff && onlyZone && q.q() == null) {
            ZoneScope.Zones zones = scope.zones(user);
            Field<Long> key = REQUEST_STATUS_COUNT.ZONE_KEY;
            Condition c = zones.everything() ? DSL.trueCondition() : key.in(zones.ids());
            if (q.zoneId() != null) {
                c = c.and(key.eq(q.zoneId()));
            }
            if (q.outsideZones()) {
                c = c.and(key.eq(0L));
            }
            db.select(REQUEST_STATUS_COUNT.STATUS, DSL.sum(REQUEST_STATUS_COUNT.N)).from(REQUEST_STATUS_COUNT).where(c)
                    .groupBy(REQUEST_STATUS_COUNT.STATUS)
                    .forEach(r -> out.put(r.value1(), r.value2() == null ? 0L : r.value2().longValue()));
            return out;
        }
        if (staff && onlyZone) {
            ZoneScope.Zones zones = scope.zones(user);
            Field<Long> zone = REQUEST_SEARCH.ZONE_ID;
            Condition c = (zones.everything() ? DSL.trueCondition() : zone.in(zones.ids())).and(text == null ? DSL.trueCondition() : text);
            if (q.zoneId() != null) {
                c = c.and(zone.eq(q.zoneId()));
            }
            if (q.outsideZones()) {
                c = c.and(zone.isNull());
            }
            db.select(REQUEST_SEARCH.STATUS, DSL.count()).from(REQUEST_SEARCH).where(c).groupBy(REQUEST_SEARCH.STATUS)
                    .forEach(r -> out.put(r.value1(), r.value2().longValue()));
            return out;
        }
        db.select(SERVICE_REQUEST.STATUS, DSL.count()).from(SERVICE_REQUEST).where(base)
                .groupBy(SERVICE_REQUEST.STATUS)
                .forEach(r -> out.put(r.value1(), r.value2().longValue()));
        return out;
    }

    /** Every row of the filtered list in order, at most {@code fieldplan.desk.csv-max-rows}; returns how many. */
    @Transactional(readOnly = true)
    public int each(DeskQuery query, CurrentUser user, Consumer<Item> row) {
        checkZone(query, user);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int[] n = {0};
        Condition text = query.q() == null ? null : textCondition(query.q());
        try (var cursor = select(now).where(filters(query, user, now, text).and(statusCondition(query)))
                .orderBy(order(query)).limit(properties.csvMaxRows()).fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                row.accept(item(r, now));
                n[0]++;
            }
        }
        return n[0];
    }

    /** Naming a zone that is not the caller's is 403 (zones are no secret among staff), as everywhere. */
    private void checkZone(DeskQuery query, CurrentUser user) {
        if (query.zoneId() != null) {
            scope.requireZone(user, query.zoneId());
        }
    }

    private org.jooq.SelectOnConditionStep<Record> select(OffsetDateTime now) {
        return db.select(List.<org.jooq.SelectFieldOrAsterisk>of(SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.STATUS,
                        CUSTOMER.NAME, CUSTOMER.PHONE, SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.ZONE_ID, ZONE.NAME,
                        SERVICE_REQUEST.TECHNICIAN_ID, TECHNICIAN.NAME, SERVICE_REQUEST.SOURCE, SERVICE_REQUEST.PRIORITY,
                        SERVICE_REQUEST.DEADLINE, SERVICE_REQUEST.CREATED_AT, SERVICE_REQUEST.UPDATED_AT,
                        SERVICE_REQUEST.PREFERRED_START, SERVICE_REQUEST.PREFERRED_END, SERVICE_REQUEST.VERSION,
                        forgotten(now).as("forgotten")))
                .from(SERVICE_REQUEST)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .leftJoin(ZONE).on(ZONE.ID.eq(SERVICE_REQUEST.ZONE_ID))
                .leftJoin(TECHNICIAN).on(TECHNICIAN.ID.eq(SERVICE_REQUEST.TECHNICIAN_ID));
    }

    private Item item(Record r, OffsetDateTime now) {
        String status = r.get(SERVICE_REQUEST.STATUS);
        OffsetDateTime deadline = r.get(SERVICE_REQUEST.DEADLINE);
        return new Item(r.get(SERVICE_REQUEST.ID), r.get(SERVICE_REQUEST.REGISTRATION_NUMBER), status,
                r.get(CUSTOMER.NAME), r.get(CUSTOMER.PHONE), r.get(SERVICE_REQUEST.ADDRESS_LINE),
                r.get(SERVICE_REQUEST.ZONE_ID), r.get(ZONE.NAME), r.get(SERVICE_REQUEST.TECHNICIAN_ID),
                r.get(TECHNICIAN.NAME), r.get(SERVICE_REQUEST.SOURCE), r.get(SERVICE_REQUEST.PRIORITY),
                deadline, deadline.isBefore(now) && !CLOSED.contains(status),
                Boolean.TRUE.equals(r.get("forgotten", Boolean.class)), r.get(SERVICE_REQUEST.CREATED_AT),
                r.get(SERVICE_REQUEST.UPDATED_AT), r.get(SERVICE_REQUEST.PREFERRED_START),
                r.get(SERVICE_REQUEST.PREFERRED_END), r.get(SERVICE_REQUEST.VERSION));
    }

    private Condition forgottenCondition(OffsetDateTime now) {
        OffsetDateTime cutoff = now.minus(properties.forgottenAfter());
        return SERVICE_REQUEST.STATUS.eq(RequestStatus.NEW.code())
                .and(SERVICE_REQUEST.UPDATED_AT.le(cutoff))
                .and(DSL.notExists(DSL.selectOne().from(SERVICE_REQUEST_COMMENT).where(
                        SERVICE_REQUEST_COMMENT.REQUEST_ID.eq(SERVICE_REQUEST.ID),
                        SERVICE_REQUEST_COMMENT.CREATED_AT.gt(cutoff))));
    }

    private Field<Boolean> forgotten(OffsetDateTime now) {
        return DSL.field(forgottenCondition(now));
    }

    private Condition filters(DeskQuery q, CurrentUser user, OffsetDateTime now, @Nullable Condition text) {
        Condition c = ZoneScope.requests(user);
        if (q.zoneId() != null) {
            c = c.and(SERVICE_REQUEST.ZONE_ID.eq(q.zoneId()));
        }
        if (q.outsideZones()) {
            c = c.and(SERVICE_REQUEST.ZONE_ID.isNull());
        }
        if (q.technicianId() != null) {
            c = c.and(SERVICE_REQUEST.TECHNICIAN_ID.eq(q.technicianId()));
        }
        if (!q.sources().isEmpty()) {
            c = c.and(SERVICE_REQUEST.SOURCE.in(q.sources()));
        }
        if (q.overdue()) {
            c = c.and(SERVICE_REQUEST.DEADLINE.lt(now)).and(SERVICE_REQUEST.STATUS.notIn(CLOSED));
        }
        if (q.forgotten()) {
            c = c.and(forgottenCondition(now));
        }
        if (q.deadlineFrom() != null) {
            c = c.and(SERVICE_REQUEST.DEADLINE.ge(q.deadlineFrom()));
        }
        if (q.deadlineTo() != null) {
            c = c.and(SERVICE_REQUEST.DEADLINE.lt(q.deadlineTo()));
        }
        if (q.createdFrom() != null) {
            c = c.and(SERVICE_REQUEST.CREATED_AT.ge(q.createdFrom()));
        }
        if (q.createdTo() != null) {
            c = c.and(SERVICE_REQUEST.CREATED_AT.lt(q.createdTo()));
        }
        if (text != null) {
            c = c.and(SERVICE_REQUEST.ID.in(DSL.select(REQUEST_SEARCH.REQUEST_ID).from(REQUEST_SEARCH).where(text)));
        }
        return c;
    }

    /** Every word of the query (folded like the stored text; a phone's digits alone) occurs in the request's text. */
    private Condition textCondition(String query) {
        String folded = db.select(DSL.field("fold_text({0})", String.class, DSL.val(query))).fetchOne(0, String.class);
        Condition c = DSL.trueCondition();
        for (String w : (folded == null ? "" : folded).strip().split("\\s+")) {
            if (w.isEmpty() || w.codePoints().noneMatch(Character::isLetterOrDigit)) {
                continue;
            }
            String word = w.replaceAll("^\\+", "");
            if (word.chars().allMatch(ch -> Character.isDigit(ch) || ch == '+')) {
                word = word.replace("+", "");
            }
            c = c.and(REQUEST_SEARCH.SEARCH_TEXT.like("%" + word.replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%", '\\'));
        }
        return c;
    }

    private static Condition statusCondition(DeskQuery q) {
        return q.statuses().isEmpty() ? DSL.trueCondition()
                : SERVICE_REQUEST.STATUS.in(q.statuses().stream().map(RequestStatus::code).toList());
    }

    private static List<SortField<?>> order(DeskQuery q) {
        List<SortField<?>> out = new ArrayList<>();
        for (DeskQuery.SortKey k : q.sort()) {
            switch (k.field()) {
                case CREATED -> out.add(k.descending() ? SERVICE_REQUEST.CREATED_AT.desc() : SERVICE_REQUEST.CREATED_AT.asc());
                case DEADLINE -> out.add(k.descending() ? SERVICE_REQUEST.DEADLINE.desc() : SERVICE_REQUEST.DEADLINE.asc());
                case UPDATED -> out.add(k.descending() ? SERVICE_REQUEST.UPDATED_AT.desc() : SERVICE_REQUEST.UPDATED_AT.asc());
                case STATUS -> out.add(k.descending() ? SERVICE_REQUEST.STATUS.desc() : SERVICE_REQUEST.STATUS.asc());
                case PRIORITY -> out.add(k.descending() ? SERVICE_REQUEST.PRIORITY.desc() : SERVICE_REQUEST.PRIORITY.asc());
                case NUMBER -> {
                    out.add(k.descending() ? SERVICE_REQUEST.REGISTRATION_YEAR.desc() : SERVICE_REQUEST.REGISTRATION_YEAR.asc());
                    out.add(k.descending() ? SERVICE_REQUEST.REGISTRATION_SEQUENCE.desc() : SERVICE_REQUEST.REGISTRATION_SEQUENCE.asc());
                }
            }
        }
        boolean lastDescending = !q.sort().isEmpty() && q.sort().getLast().descending();
        out.add(lastDescending ? SERVICE_REQUEST.ID.desc() : SERVICE_REQUEST.ID.asc());
        return out;
    }
}
