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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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

    /** At most this many cached counts and folded queries (all are dropped when full: a cheap bound, rarely hit). */
    private static final int CACHE_LIMIT = 10_000;

    /** At most this many rows under the filters: read them all and sort them (see {@link #pageIds}). */
    static final int SPARSE_ROWS = 5_000;

    /** At most this many rows under a date range: read them all and sort them (see {@link #sparse}). */
    static final int SPARSE_RANGE_ROWS = 20_000;

    /** How long counts under the overdue or forgotten filter are kept (they depend on the clock, see countsPerStatus). */
    static final java.time.Duration CLOCK_BOUND_COUNTS = java.time.Duration.ofSeconds(10);

    private final DSLContext db;
    private final DeskProperties properties;
    private final Map<CountsKey, Counted> counted = new ConcurrentHashMap<>();
    private final Map<String, String> folded = new ConcurrentHashMap<>();
    private final TransactionTemplate snapshot;
    private final Clock clock;
    private final ZoneScope scope;

    DeskRequests(DSLContext db, DeskProperties properties, Clock clock, ZoneScope scope,
            PlatformTransactionManager transactions) {
        this.db = db;
        // isolation and read-only are set by the transaction's first statement (see list), not through JDBC: the
        // driver asks the server for the session's isolation and sets it, then sets it back, a round trip each
        this.snapshot = new TransactionTemplate(transactions);
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

    /**
     * One page and the counts. The data version is read first, on its own; then the counts and the page in one snapshot
     * (a read-only repeatable-read transaction), so the total and the items agree and kept counts are only trusted as
     * {@link #count} says.
     */
    public Page list(DeskQuery query, CurrentUser user) {
        return list(query, user, Plan.CHOSEN);
    }

    /** How a page's ids are read (see {@link #pageIds}); tests compare the two plans, the service chooses. */
    enum Plan { CHOSEN, WALK_THE_ORDER, READ_ALL_AND_SORT, MATCHES_FIRST }

    Page list(DeskQuery query, CurrentUser user, Plan plan) {
        ZoneScope.Zones zones = scope.zones(user); // once per call: every condition below names them
        checkZone(query, user, zones);
        long version = db.fetchValue(DSL.field("(SELECT last_value FROM desk_data_version)", Long.class));
        return snapshot.execute(tx -> {
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            return list(query, user, zones, version, plan);
        });
    }

    private Page list(DeskQuery query, CurrentUser user, ZoneScope.Zones zones, long version, Plan plan) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Condition text = query.q() == null ? null : textCondition(query.q());
        Condition base = filters(query, user, zones, now, text);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RequestStatus s : RequestStatus.values()) {
            counts.put(s.code(), 0L);
        }
        CountsKey key = countsKey(query, user);
        Map<String, Long> kept = kept(key, query, version, now);
        // a text search, counts not kept: its few matching search rows read once give the counts and the page's ids
        boolean matchesFirst = text != null && (plan == Plan.MATCHES_FIRST || (plan == Plan.CHOSEN && kept == null));
        List<Match> matches = matchesFirst ? fewMatches(query, user, zones, text) : null;
        List<Long> few = null;
        if (matches != null) {
            few = countMatches(matches, query, counts);
        } else {
            (kept != null ? kept : count(key, query, user, zones, base, text, version, now))
                    .forEach((status, n) -> counts.put(status, n));
        }
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (query.statuses().isEmpty() || query.statuses().contains(RequestStatus.fromCode(e.getKey()))) {
                total += e.getValue();
            }
        }
        List<Item> items = new ArrayList<>();
        if ((long) query.page() * query.size() < total) {
            // the page's ids first, sorted on service_request alone (its indexes), then the 50 rows with their names
            var page = few != null ? pageAmong(query, user, zones, now, few)
                    : pageIds(query, user, zones, now, base, text, total, plan);
            select(now).where(SERVICE_REQUEST.ID.in(page)).orderBy(order(query)).forEach(r -> items.add(item(r, now)));
        }
        return new Page(total, query.page(), query.size(), counts, items);
    }

    /**
     * The ids of one page, in order. The total (the counts) is known first, and it decides the plan: when the filters
     * leave at most {@value #SPARSE_ROWS} rows, they are all read through the index that suits the filters best and
     * sorted (the order is written so that no index can serve it: {@link #orderByValue}); a text search with no other
     * filter than zone and status then reads its matching search rows first, with those filters, as an array of ids. Otherwise the rows are dense enough to
     * walk an index in the list's order until the page is full. Without this, the planner (which guesses a text
     * search's matches at about 1,000 and takes two date ranges on different columns as independent) walked the whole
     * creation-time index for a phone number's 30 requests (440 ms, 300,000 buffer reads) or for a week of deadlines
     * among requests created since February (76,000 rows read for 285).
     */
    private org.jooq.Select<org.jooq.Record1<Long>> pageIds(DeskQuery query, CurrentUser user, ZoneScope.Zones zones,
            OffsetDateTime now, Condition base, @Nullable Condition text, long total, Plan plan) {
        long offset = (long) query.page() * query.size();
        boolean readAll = switch (plan) {
            case CHOSEN, MATCHES_FIRST -> sparse(query, total, offset);
            case WALK_THE_ORDER -> false;
            case READ_ALL_AND_SORT -> true;
        };
        if (!readAll) {
            return DSL.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST).where(base.and(statusCondition(query)))
                    .orderBy(order(query)).limit(query.size()).offset(offset);
        }
        Condition where = base;
        if (text != null && onlyZone(query)) {
            // the search rows carry status and zone: the array holds only the rows of the page's list
            Condition matching = text;
            if (!query.statuses().isEmpty()) {
                matching = matching.and(REQUEST_SEARCH.STATUS.in(query.statuses().stream().map(RequestStatus::code).toList()));
            }
            if (user.is(Role.DISPATCHER) && !zones.everything()) {
                matching = matching.and(zones.ids().isEmpty() ? DSL.falseCondition() : REQUEST_SEARCH.ZONE_ID.in(zones.ids()));
            }
            if (query.zoneId() != null) {
                matching = matching.and(REQUEST_SEARCH.ZONE_ID.eq(query.zoneId()));
            }
            if (query.outsideZones()) {
                matching = matching.and(REQUEST_SEARCH.ZONE_ID.isNull());
            }
            where = filters(query, user, zones, now, null).and(DSL.condition("{0} = ANY(ARRAY({1}))", SERVICE_REQUEST.ID,
                    DSL.select(REQUEST_SEARCH.REQUEST_ID).from(REQUEST_SEARCH).where(matching)));
        }
        return DSL.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST).where(where.and(statusCondition(query)))
                .orderBy(orderByValue(query)).limit(query.size()).offset(offset);
    }

    /**
     * Whether reading every row the filters leave and sorting them costs less than walking the list's order: walking
     * reads about (offset + size) times all requests over the total rows before the page is full when the filters
     * and the order are unrelated, but every row of the other end when they are related (a range of deadlines sorted
     * by creation); reading them all costs the total. At most {@value #SPARSE_ROWS} rows are always read; with a date
     * range, up to {@value #SPARSE_RANGE_ROWS}.
     */
    private boolean sparse(DeskQuery q, long total, long offset) {
        if (total <= SPARSE_ROWS) {
            return true;
        }
        boolean range = q.deadlineFrom() != null || q.deadlineTo() != null || q.createdFrom() != null || q.createdTo() != null;
        if (range && total <= SPARSE_RANGE_ROWS) {
            return true;
        }
        return (double) total * total <= (double) (offset + q.size()) * requestRows();
    }

    /** About how many requests there are (PostgreSQL's estimate, read at most once a minute). */
    private long requestRows() {
        long[] known = rows;
        long now = System.nanoTime();
        if (known[1] != 0 && now - known[1] < 60_000_000_000L) {
            return known[0];
        }
        Long n = db.fetchValue(DSL.field("(SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE oid = "
                + "to_regclass('service_request'))", Long.class));
        rows = new long[] {n == null ? 0 : n, now};
        return rows[0];
    }

    private volatile long[] rows = {0, 0};

    /** Who asks (their zone scope) and every filter but the status, the sort and the page. */
    private record CountsKey(Role role, long userId, @Nullable Long zoneId, boolean outsideZones,
            @Nullable Long technicianId, Set<String> sources,
            @Nullable OffsetDateTime deadlineFrom, @Nullable OffsetDateTime deadlineTo,
            @Nullable OffsetDateTime createdFrom, @Nullable OffsetDateTime createdTo, @Nullable String q, boolean overdue,
            boolean forgotten) {}

    private record Counted(long dataVersion, Map<String, Long> counts, OffsetDateTime at) {}

    private static CountsKey countsKey(DeskQuery q, CurrentUser user) {
        return new CountsKey(user.role(), user.userId(), q.zoneId(), q.outsideZones(), q.technicianId(), q.sources(),
                q.deadlineFrom(), q.deadlineTo(), q.createdFrom(), q.createdTo(), q.q(), q.overdue(), q.forgotten());
    }

    /** The counts kept for this caller and these filters, when they may still be trusted (see {@link #count}); or null. */
    private @Nullable Map<String, Long> kept(CountsKey key, DeskQuery q, long version, OffsetDateTime now) {
        Counted hit = counted.get(key);
        boolean clockBound = q.overdue() || q.forgotten();
        if (hit != null && hit.dataVersion() == version && (!clockBound
                || (!now.isBefore(hit.at()) && now.isBefore(hit.at().plus(CLOCK_BOUND_COUNTS))))) {
            return hit.counts();
        }
        return null;
    }

    /**
     * A text search with no other filter than zone and status: the ids and statuses of its matching search rows (in the
     * caller's zones, the named zone or outside every zone; every status), when there are at most {@value #FEW_MATCHES};
     * null when there are more. Phone digits and registration numbers match a few dozen requests: one trigram search
     * then serves both the counts and the page, where the counts and the page's array searched twice.
     */
    private @Nullable List<Match> fewMatches(DeskQuery q, CurrentUser user, ZoneScope.Zones zones, Condition text) {
        if (!onlyZone(q) || !(user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER))) {
            return null;
        }
        Condition c = text.and(matchesZones(q, user, zones));
        List<Match> rows = db.select(REQUEST_SEARCH.REQUEST_ID, REQUEST_SEARCH.STATUS).from(REQUEST_SEARCH).where(c)
                .limit(FEW_MATCHES + 1).fetch(r -> new Match(r.value1(), r.value2()));
        return rows.size() > FEW_MATCHES ? null : rows;
    }

    /** A search row matching the text: its request and status. */
    private record Match(long requestId, @Nullable String status) {}

    /** At most this many matches of a text search are read at once for counts and page (see {@link #fewMatches}). */
    static final int FEW_MATCHES = 1_000;

    /**
     * Counts the matches per status into {@code counts} (as the grouped count of the same rows would); returns the ids
     * whose status the query's status filter keeps.
     */
    private static List<Long> countMatches(List<Match> matches, DeskQuery q, Map<String, Long> counts) {
        List<Long> ids = new ArrayList<>();
        for (Match m : matches) {
            counts.merge(m.status(), 1L, Long::sum);
            if (q.statuses().isEmpty() || q.statuses().stream().anyMatch(s -> s.code().equals(m.status()))) {
                ids.add(m.requestId());
            }
        }
        return ids;
    }

    /** The page's ids among the matches' ids, under the caller's scope, sorted as the list asks (read all, sort). */
    private org.jooq.Select<org.jooq.Record1<Long>> pageAmong(DeskQuery query, CurrentUser user, ZoneScope.Zones zones,
            OffsetDateTime now, List<Long> ids) {
        return DSL.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST)
                .where(filters(query, user, zones, now, null).and(statusCondition(query))
                        .and(SERVICE_REQUEST.ID.eq(DSL.any(ids.toArray(Long[]::new)))))
                .orderBy(orderByValue(query)).limit(query.size()).offset((long) query.page() * query.size());
    }

    /** The search rows of the caller's zones (dispatchers), of the named zone, or outside every zone. */
    private static Condition matchesZones(DeskQuery q, CurrentUser user, ZoneScope.Zones zones) {
        Condition c = DSL.trueCondition();
        if (user.is(Role.DISPATCHER) && !zones.everything()) {
            c = zones.ids().isEmpty() ? DSL.falseCondition() : REQUEST_SEARCH.ZONE_ID.in(zones.ids());
        }
        if (q.zoneId() != null) {
            c = c.and(REQUEST_SEARCH.ZONE_ID.eq(q.zoneId()));
        }
        if (q.outsideZones()) {
            c = c.and(REQUEST_SEARCH.ZONE_ID.isNull());
        }
        return c;
    }

    /**
     * The counts per status under every filter but the status, as counted for the same caller and filters before when
     * nothing they read changed since. {@code desk_data_version} (V100) moves with every statement that writes
     * requests, their search rows (customers' names and phones too) or zones; {@code version} was read before this
     * snapshot was taken. Counts are kept only when the snapshot saw no writing transaction in flight: then every write
     * the version had counted was committed and is in the counts, and any later write moves the version (transactions
     * of other databases on the same server, still running, do not count; one that ended in between does). A desk user
     * clicking status chips, sorting or paging through one filter counts once. Overdue and forgotten depend on the
     * clock as well (forgotten on comments too, which move the version since V102): their counts are kept for at most
     * {@link #CLOCK_BOUND_COUNTS} of the service's clock, so they may miss a request that crossed its deadline or the
     * forgotten-after mark in those seconds (never a write). The desk's "needs attention" chips were otherwise counted
     * on every call, reading thousands of index entries each time.
     */
    private Map<String, Long> count(CountsKey key, DeskQuery q, CurrentUser user, ZoneScope.Zones zones, Condition base,
            @Nullable Condition text, long version, OffsetDateTime now) {
        // no transaction in flight at the snapshot but those of other databases (still running, so not ours)
        boolean quiet = Boolean.TRUE.equals(db.fetchValue(DSL.field("NOT EXISTS (SELECT FROM pg_snapshot_xip("
                + "pg_current_snapshot()) x WHERE NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.backend_xid = x::xid "
                + "AND a.datname <> current_database()))", Boolean.class)));
        Map<String, Long> counts = Map.copyOf(countsPerStatus(q, user, zones, base, text));
        if (quiet) {
            if (counted.size() >= CACHE_LIMIT) {
                counted.clear();
            }
            counted.put(key, new Counted(version, counts, now));
        }
        return counts;
    }

    /**
     * The counts per status under every filter but the status. Without other filters than the zone they are read from
     * {@code request_status_count} (kept by triggers: six rows per zone instead of a year of requests); with a text
     * search and nothing else, from the search rows alone (they carry status and zone); otherwise counted.
     */
    private Map<String, Long> countsPerStatus(DeskQuery q, CurrentUser user, ZoneScope.Zones zones, Condition base,
            @Nullable Condition text) {
        Map<String, Long> out = new LinkedHashMap<>();
        boolean staff = user.is(Role.ADMINISTRATOR) || user.is(Role.DISPATCHER);
        boolean onlyZone = onlyZone(q);
        if (staff && onlyZone && q.q() == null) {
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

    /** No filter but the zone, the status and the text. */
    private static boolean onlyZone(DeskQuery q) {
        return q.technicianId() == null && q.sources().isEmpty() && !q.overdue() && !q.forgotten()
                && q.deadlineFrom() == null && q.deadlineTo() == null && q.createdFrom() == null && q.createdTo() == null;
    }

    /** Every row of the filtered list in order, at most {@code fieldplan.desk.csv-max-rows}; returns how many. */
    @Transactional(readOnly = true)
    public int each(DeskQuery query, CurrentUser user, Consumer<Item> row) {
        ZoneScope.Zones zones = scope.zones(user);
        checkZone(query, user, zones);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int[] n = {0};
        Condition text = query.q() == null ? null : textCondition(query.q());
        try (var cursor = select(now).where(filters(query, user, zones, now, text).and(statusCondition(query)))
                .orderBy(order(query)).limit(properties.csvMaxRows()).fetchSize(1000).fetchLazy()) {
            for (Record r : cursor) {
                row.accept(item(r, now));
                n[0]++;
            }
        }
        return n[0];
    }

    /** Naming a zone that is not the caller's is 403 (zones are no secret among staff), as everywhere. */
    private void checkZone(DeskQuery query, CurrentUser user, ZoneScope.Zones zones) {
        if (query.zoneId() != null && !zones.covers(query.zoneId())) {
            scope.requireZone(user, query.zoneId()); // says which zones are theirs
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

    private Condition filters(DeskQuery q, CurrentUser user, ZoneScope.Zones zones, OffsetDateTime now,
            @Nullable Condition text) {
        Condition c = visible(user, zones);
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

    /**
     * {@link ZoneScope#requests} with a dispatcher's zones named by id: the same rows, but the planner then knows how
     * many (a sub-select of the dispatcher's zones it guessed at, and chose plans that read every row of the zones).
     */
    private Condition visible(CurrentUser user, ZoneScope.Zones own) {
        if (user.is(Role.DISPATCHER) && !own.everything()) { // a director sees everything (ZoneScope): no list of zones
            Set<Long> zones = own.ids();
            return zones.isEmpty() ? DSL.falseCondition() : SERVICE_REQUEST.ZONE_ID.in(zones);
        }
        return ZoneScope.requests(user);
    }

    /** Every word of the query (folded like the stored text; a phone's digits alone) occurs in the request's text. */
    private Condition textCondition(String query) {
        String text = folded.get(query);
        if (text == null) { // fold_text is immutable: the same query folds the same way, so it is asked once
            String f = db.select(DSL.field("fold_text({0})", String.class, DSL.val(query))).fetchOne(0, String.class);
            text = f == null ? "" : f;
            if (folded.size() >= CACHE_LIMIT) {
                folded.clear();
            }
            folded.put(query, text);
        }
        Condition c = DSL.trueCondition();
        for (String w : text.strip().split("\\s+")) {
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

    /**
     * {@link #order} on values computed from the columns (the same order: adding zero, appending an empty text), which
     * no index provides: the planner then chooses the index for the filters and sorts what they leave.
     */
    private static List<SortField<?>> orderByValue(DeskQuery q) {
        List<SortField<?>> out = new ArrayList<>();
        for (DeskQuery.SortKey k : q.sort()) {
            switch (k.field()) {
                case CREATED -> out.add(sorted(time(SERVICE_REQUEST.CREATED_AT), k.descending()));
                case DEADLINE -> out.add(sorted(time(SERVICE_REQUEST.DEADLINE), k.descending()));
                case UPDATED -> out.add(sorted(time(SERVICE_REQUEST.UPDATED_AT), k.descending()));
                case STATUS -> out.add(sorted(DSL.field("({0} || '')", String.class, SERVICE_REQUEST.STATUS), k.descending()));
                case PRIORITY -> out.add(sorted(number(SERVICE_REQUEST.PRIORITY), k.descending()));
                case NUMBER -> {
                    out.add(sorted(number(SERVICE_REQUEST.REGISTRATION_YEAR), k.descending()));
                    out.add(sorted(number(SERVICE_REQUEST.REGISTRATION_SEQUENCE), k.descending()));
                }
            }
        }
        boolean lastDescending = !q.sort().isEmpty() && q.sort().getLast().descending();
        out.add(sorted(number(SERVICE_REQUEST.ID), lastDescending));
        return out;
    }

    private static Field<OffsetDateTime> time(Field<OffsetDateTime> column) {
        return DSL.field("({0} + interval '0 s')", OffsetDateTime.class, column);
    }

    private static <T extends Number> Field<T> number(Field<T> column) {
        return DSL.field("({0} + 0)", column.getType(), column);
    }

    private static <T> SortField<T> sorted(Field<T> f, boolean descending) {
        return descending ? f.desc() : f.asc();
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
