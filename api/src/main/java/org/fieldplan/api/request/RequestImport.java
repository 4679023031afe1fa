package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_NUMBER_COUNTER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.security.CurrentUser;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests from before FieldPlan (a previous system, a spreadsheet, a benchmark's year of history), stored as they
 * were: their own creation time, status, technician and deadline, routed to zones by the same rule as intake
 * ({@link ZoneChoice}, the zones' shapes read once), numbered in their year's sequence (a block of numbers drawn from
 * the year's counter under its row lock), one history entry each ("Imported"), and no notifications (a deadline that
 * passed before the import counts as announced). Many rows per statement: 100,000 requests take seconds, not minutes.
 */
@Service
public class RequestImport {

    private static final int CHUNK = 1000;

    private final DSLContext db;
    private final Clock clock;

    RequestImport(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** One past request. */
    public record Historical(long customerId, String addressLine, double lat, double lon, long serviceTypeId,
            int quantity, RequestSource source, int priority, RequestStatus status, @Nullable Long technicianId,
            OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime deadline,
            @Nullable OffsetDateTime windowStart, @Nullable OffsetDateTime windowEnd, @Nullable String description) {}

    private record ZoneShape(long id, String name, PreparedGeometry area, double squareMetres, @Nullable Long dispatcher) {}

    /** Stores every row in one transaction; returns how many. */
    @Transactional
    public int importAll(List<Historical> rows, CurrentUser actor) {
        if (rows.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        PreparedGeometryFactory prepare = new PreparedGeometryFactory();
        Field<Double> area = DSL.field("ST_Area({0}::geography)", Double.class, ZONE.AREA);
        List<ZoneShape> zones = db.select(ZONE.ID, ZONE.NAME, ZONE.AREA, area, ZONE.DISPATCHER_ID).from(ZONE)
                .where(ZONE.ACTIVE.isTrue())
                .fetch(r -> new ZoneShape(r.value1(), r.value2(), prepare.create((Geometry) r.value3()), r.value4(), r.value5()));
        Map<Long, BigDecimal> prices = new HashMap<>();
        Map<Long, Boolean> from = new HashMap<>();
        db.select(SERVICE_TYPE.ID, SERVICE_TYPE.BASE_PRICE, SERVICE_TYPE.PRICE_IS_FROM).from(SERVICE_TYPE).forEach(r -> {
            prices.put(r.value1(), r.value2());
            from.put(r.value1(), r.value3());
        });

        // a block of registration numbers per year, drawn under the counter's row lock
        Map<Integer, Integer> perYear = new TreeMap<>();
        for (Historical h : rows) {
            perYear.merge(year(h), 1, Integer::sum);
        }
        Map<Integer, long[]> next = new HashMap<>();
        perYear.forEach((year, count) -> {
            long last = db.insertInto(REQUEST_NUMBER_COUNTER)
                    .set(REQUEST_NUMBER_COUNTER.YEAR, year)
                    .set(REQUEST_NUMBER_COUNTER.LAST_VALUE, (long) count)
                    .onConflict(REQUEST_NUMBER_COUNTER.YEAR).doUpdate()
                    .set(REQUEST_NUMBER_COUNTER.LAST_VALUE, REQUEST_NUMBER_COUNTER.LAST_VALUE.plus(count))
                    .returningResult(REQUEST_NUMBER_COUNTER.LAST_VALUE).fetchSingle().value1();
            next.put(year, new long[] {last - count + 1});
        });
        List<Long> ids = db.select(DSL.field("nextval(pg_get_serial_sequence('service_request', 'id'))", Long.class))
                .from(DSL.table("generate_series(1, {0})", DSL.val(rows.size()))).fetch(0, Long.class);

        List<Field<?>> requestFields = Arrays.asList(SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER,
                SERVICE_REQUEST.REGISTRATION_YEAR, SERVICE_REQUEST.REGISTRATION_SEQUENCE, SERVICE_REQUEST.CUSTOMER_ID,
                SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.LOCATION, SERVICE_REQUEST.ZONE_ID,
                SERVICE_REQUEST.DISPATCHER_ID, SERVICE_REQUEST.OUTSIDE_SERVICE_AREA, SERVICE_REQUEST.SOURCE,
                SERVICE_REQUEST.PRIORITY, SERVICE_REQUEST.DEADLINE, SERVICE_REQUEST.PREFERRED_START,
                SERVICE_REQUEST.PREFERRED_END, SERVICE_REQUEST.STATUS, SERVICE_REQUEST.TECHNICIAN_ID,
                SERVICE_REQUEST.DESCRIPTION, SERVICE_REQUEST.DEADLINE_NOTIFIED_AT, SERVICE_REQUEST.CREATED_AT,
                SERVICE_REQUEST.CREATED_BY, SERVICE_REQUEST.UPDATED_AT);
        for (int start = 0; start < rows.size(); start += CHUNK) {
            int end = Math.min(rows.size(), start + CHUNK);
            var requests = db.insertInto(SERVICE_REQUEST, requestFields);
            var items = db.insertInto(SERVICE_REQUEST_ITEM, SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_REQUEST_ITEM.LINE,
                    SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID, SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_REQUEST_ITEM.UNIT_PRICE,
                    SERVICE_REQUEST_ITEM.PRICE_IS_FROM);
            var history = db.insertInto(SERVICE_REQUEST_HISTORY, SERVICE_REQUEST_HISTORY.REQUEST_ID,
                    SERVICE_REQUEST_HISTORY.FROM_STATUS, SERVICE_REQUEST_HISTORY.TO_STATUS,
                    SERVICE_REQUEST_HISTORY.CHANGED_BY, SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME,
                    SERVICE_REQUEST_HISTORY.CHANGED_AT, SERVICE_REQUEST_HISTORY.NOTE);
            for (int i = start; i < end; i++) {
                Historical h = rows.get(i);
                long id = ids.get(i);
                int year = year(h);
                long sequence = next.get(year)[0]++;
                Point point = Geo.point(h.lat(), h.lon());
                Optional<ZoneShape> zone = zones.stream().filter(z -> z.area().covers(point))
                        .min((a, b) -> ZoneChoice.RULE.compare(candidate(a), candidate(b)));
                boolean announced = h.deadline().isBefore(now) && !h.status().isClosed();
                requests = requests.values(Arrays.asList(id, new RegistrationNumber(year, sequence).toString(), year,
                        sequence, h.customerId(), h.addressLine(), point, zone.map(ZoneShape::id).orElse(null),
                        zone.map(ZoneShape::dispatcher).orElse(null), zone.isEmpty(), h.source().code(),
                        (short) h.priority(), h.deadline(), h.windowStart(), h.windowEnd(), h.status().code(),
                        h.technicianId(), h.description(), announced ? h.deadline() : null, h.createdAt(),
                        actor.recordedUserId(), h.updatedAt()));
                items = items.values(id, 1, h.serviceTypeId(), h.quantity(),
                        prices.getOrDefault(h.serviceTypeId(), BigDecimal.ZERO), from.getOrDefault(h.serviceTypeId(), false));
                history = history.values(id, null, h.status().code(), actor.recordedUserId(), actor.username(),
                        h.createdAt(), "Imported (source: " + h.source().code() + ", status " + h.status().code() + ")"
                                + zone.map(z -> "; zone '" + z.name() + "' (id " + z.id() + ")").orElse("; outside every zone")
                                + ".");
            }
            requests.execute();
            items.execute();
            history.execute();
            RequestMilestones.refresh(db, ids.subList(start, end)); // the reports' milestones, from these history rows on
        }
        return rows.size();
    }

    private static ZoneChoice.Candidate candidate(ZoneShape z) {
        return new ZoneChoice.Candidate(z.id(), z.name(), z.squareMetres(), z.dispatcher());
    }

    private int year(Historical h) {
        return h.createdAt().atZoneSameInstant(clock.getZone()).getYear();
    }
}
