package org.fieldplan.api.desk;

import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The week calendar beside the one-day board: for seven days from a given one, every active technician the caller
 * sees (the zone scope's technicians) with the visits on their routes each day, in the order of the route, limited to
 * the requests the caller sees. Times in the company's time zone.
 */
@Service
public class DeskWeek {

    public static final int DAYS = 7;
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm");

    private final org.jooq.DSLContext db;
    private final Clock clock;

    DeskWeek(org.jooq.DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Visit(long requestId, String number, String status, String start, String end, String addressLine) {}

    /** One technician: {@code days} has seven lists of visits, one per day from {@code from}. */
    public record Row(long technicianId, String name, int visits, List<List<Visit>> days) {}

    public record Week(LocalDate from, List<LocalDate> days, List<Row> rows) {}

    @Transactional(readOnly = true)
    public Week week(LocalDate from, CurrentUser user) {
        ZoneId zone = clock.getZone();
        List<LocalDate> days = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            days.add(from.plusDays(i));
        }
        Map<Long, List<List<Visit>>> cells = new LinkedHashMap<>();
        Map<Long, String> names = new LinkedHashMap<>();
        db.select(TECHNICIAN.ID, TECHNICIAN.NAME).from(TECHNICIAN)
                .where(TECHNICIAN.ACTIVE.isTrue(), ZoneScope.technicians(user)).orderBy(TECHNICIAN.NAME, TECHNICIAN.ID)
                .forEach(r -> {
                    names.put(r.value1(), r.value2());
                    List<List<Visit>> week = new ArrayList<>();
                    for (int i = 0; i < DAYS; i++) {
                        week.add(new ArrayList<>());
                    }
                    cells.put(r.value1(), week);
                });
        if (!cells.isEmpty()) {
            db.select(ROUTE.TECHNICIAN_ID, ROUTE.DAY, SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER,
                            SERVICE_REQUEST.STATUS, ROUTE_STOP.START_AT, ROUTE_STOP.END_AT, SERVICE_REQUEST.ADDRESS_LINE)
                    .from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                    .join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID))
                    .where(ROUTE.DAY.between(from, from.plusDays(DAYS - 1)), ROUTE.TECHNICIAN_ID.in(cells.keySet()),
                            ZoneScope.requests(user))
                    .orderBy(ROUTE.DAY, ROUTE.TECHNICIAN_ID, ROUTE_STOP.POSITION)
                    .forEach(r -> cells.get(r.value1()).get((int) (r.value2().toEpochDay() - from.toEpochDay()))
                            .add(new Visit(r.value3(), r.value4(), r.value5(), hm(r.value6(), zone), hm(r.value7(), zone),
                                    r.value8())));
        }
        List<Row> rows = new ArrayList<>();
        cells.forEach((id, week) -> rows.add(new Row(id, names.get(id), week.stream().mapToInt(List::size).sum(), week)));
        return new Week(from, days, rows);
    }

    private static String hm(OffsetDateTime t, ZoneId zone) {
        return t.atZoneSameInstant(zone).format(HM);
    }
}
