package org.fieldplan.api.booking;

import static org.fieldplan.api.booking.BookingChecks.failIfAny;
import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_HOLD;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.Hold;
import org.fieldplan.api.booking.BookingMessages.HoldInput;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.limits.LimitProperties;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.web.TooManyRequestsException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.GroupWindowSearch;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Holds: a chosen window kept for one customer while they type their details (checked under the day's lock). */
@Component
class BookingHolds {

    static final int CLIENT_LOCK_SPACE = 0x0B00C2; // advisory lock namespace: holds of one client address

    private final DSLContext db;
    private final BookingHorizon horizon;
    private final BookingWindows windows;
    private final BookingDayLock dayLock;
    private final BookingProperties settings;
    private final LimitProperties limits;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ZoneId timeZone;

    BookingHolds(DSLContext db, BookingHorizon horizon, BookingWindows windows, BookingDayLock dayLock,
            BookingProperties settings, LimitProperties limits, TransactionTemplate transaction, Clock clock,
            FieldPlanProperties fieldPlan) {
        this.limits = limits;
        this.db = db;
        this.horizon = horizon;
        this.windows = windows;
        this.dayLock = dayLock;
        this.settings = settings;
        this.transaction = transaction;
        this.clock = clock;
        this.timeZone = fieldPlan.timeZone();
    }

    /** How many live holds (unexpired, not booked) {@code client} has now. */
    int liveHolds(String client) {
        return db.fetchCount(BOOKING_HOLD, BOOKING_HOLD.CLIENT_ADDRESS.eq(client), BOOKING_HOLD.REQUEST_ID.isNull(),
                BOOKING_HOLD.EXPIRES_AT.gt(OffsetDateTime.now(clock)), BOOKING_HOLD.TEAM_OF.isNull());
    }

    Hold hold(HoldInput in, @Nullable String lang, String client) {
        List<FieldProblem> problems = new ArrayList<>();
        BookingChecks.point(problems, in.lat(), in.lon());
        String addressLine = BookingChecks.addressLine(problems, in.addressLine());
        State s = horizon.recent(Duration.ofSeconds(5));
        ServiceType type = BookingChecks.serviceType(problems, s, in.service());
        int qty = BookingChecks.quantity(problems, in.quantity());
        ServiceType visit = BookingChecks.visit(type, qty, s, BookingChecks.moreServices(problems, s, in.moreServices()));
        LocalDate day = BookingChecks.day(problems, s.from, s.to, in.date());
        failIfAny(problems);
        List<ZoneShape> zones = BookingChecks.zonesOrFail(s, in.lat(), in.lon());
        DailyWindow window = windows.window(type, zones, in.start());
        GeoPoint point = new GeoPoint(in.lat(), in.lon());
        UUID id = UUID.randomUUID();
        OffsetDateTime expires = OffsetDateTime.now(clock).plus(settings.hold());
        WindowAnswer answer = transaction.execute(tx -> {
            // one client at a time, so that racing holds of one address cannot pass the cap together
            db.fetch("SELECT pg_advisory_xact_lock(?, ?)", CLIENT_LOCK_SPACE, client.hashCode());
            if (liveHolds(client) >= limits.liveHoldsPerClient()) {
                OffsetDateTime firstExpiry = db.select(org.jooq.impl.DSL.min(BOOKING_HOLD.EXPIRES_AT)).from(BOOKING_HOLD)
                        .where(BOOKING_HOLD.CLIENT_ADDRESS.eq(client), BOOKING_HOLD.REQUEST_ID.isNull(),
                                BOOKING_HOLD.EXPIRES_AT.gt(OffsetDateTime.now(clock)))
                        .fetchOne(0, OffsetDateTime.class);
                long wait = firstExpiry == null ? 1
                        : Math.max(1, Duration.between(OffsetDateTime.now(clock), firstExpiry).toSeconds() + 1);
                throw new TooManyRequestsException("too-many-holds", "Too many held windows", new BookingTexts(lang)
                        .tooManyHolds(limits.liveHoldsPerClient(), wait), wait,
                        java.util.Map.of("liveHolds", limits.liveHoldsPerClient()));
            }
            dayLock.lock(day);
            State fresh = horizon.current();
            if (type.teamSize() > 1) {
                return holdTeam(fresh, id, point, addressLine, type, qty, zones, day, window, expires, client);
            }
            WindowAnswer a = windows.check(fresh, point, visit, 1, zones, day, window);
            if (!a.available()) {
                return a;
            }
            long technician = fresh.loaded.shiftKeyByShiftId().get(a.insertion().shiftId()).technicianId();
            db.insertInto(BOOKING_HOLD)
                    .set(BOOKING_HOLD.ID, id)
                    .set(BOOKING_HOLD.DAY, day)
                    .set(BOOKING_HOLD.WINDOW_START, at(day, window.start()))
                    .set(BOOKING_HOLD.WINDOW_END, at(day, window.end()))
                    .set(BOOKING_HOLD.TECHNICIAN_ID, technician)
                    .set(BOOKING_HOLD.POSITION, a.insertion().position())
                    .set(BOOKING_HOLD.LOCATION, Geo.point(point.lat(), point.lon()))
                    .set(BOOKING_HOLD.ADDRESS_LINE, addressLine)
                    .set(BOOKING_HOLD.SERVICE_TYPE_ID, type.id())
                    .set(BOOKING_HOLD.QUANTITY, qty)
                    .set(BOOKING_HOLD.DURATION_SECONDS, visit.durationSeconds())
                    .set(BOOKING_HOLD.EXPIRES_AT, expires)
                    .set(BOOKING_HOLD.CREATED_AT, OffsetDateTime.now(clock))
                    .set(BOOKING_HOLD.CLIENT_ADDRESS, client)
                    .execute();
            return a;
        });
        if (answer.available()) {
            horizon.changed();
            horizon.awaitOwnChanges(); // the customer sees their hold in their next query; nobody else waits for it
        }
        if (!answer.available()) {
            throw windows.taken(point, visit, 1, zones, day, window, new BookingTexts(lang));
        }
        return new Hold(id, expires, settings.hold().toSeconds(), day, window.start().toString(), window.end().toString());
    }

    /**
     * Holds a window for a team (under the day's lock, in the caller's transaction): one row per person, each on the
     * technician the search chose at the team's common start; the first row has the hold's id, the others point to it
     * ({@code team_of}). Every person is held or none (the answer is unavailable).
     */
    private WindowAnswer holdTeam(State fresh, UUID id, GeoPoint point, String addressLine, ServiceType type, int qty,
            List<ZoneShape> zones, LocalDate day, DailyWindow window, OffsetDateTime expires, String client) {
        GroupWindowSearch.GroupWindowAnswer team = windows.checkTeam(fresh, point, type, qty, zones, day, window);
        if (!team.available()) {
            return GroupWindows.answer(team, 0);
        }
        OffsetDateTime teamStart = fresh.loaded.instant(team.groupStart()).atZone(timeZone).toOffsetDateTime();
        for (int k = 0; k < team.insertions().size(); k++) {
            var insertion = team.insertions().get(k);
            long technician = fresh.loaded.shiftKeyByShiftId().get(insertion.shiftId()).technicianId();
            db.insertInto(BOOKING_HOLD)
                    .set(BOOKING_HOLD.ID, k == 0 ? id : UUID.randomUUID())
                    .set(BOOKING_HOLD.TEAM_OF, k == 0 ? null : id)
                    .set(BOOKING_HOLD.TEAM_START, teamStart)
                    .set(BOOKING_HOLD.DAY, day)
                    .set(BOOKING_HOLD.WINDOW_START, at(day, window.start()))
                    .set(BOOKING_HOLD.WINDOW_END, at(day, window.end()))
                    .set(BOOKING_HOLD.TECHNICIAN_ID, technician)
                    .set(BOOKING_HOLD.POSITION, insertion.position())
                    .set(BOOKING_HOLD.LOCATION, Geo.point(point.lat(), point.lon()))
                    .set(BOOKING_HOLD.ADDRESS_LINE, addressLine)
                    .set(BOOKING_HOLD.SERVICE_TYPE_ID, type.id())
                    .set(BOOKING_HOLD.QUANTITY, qty)
                    .set(BOOKING_HOLD.DURATION_SECONDS, type.durationSeconds() * qty)
                    .set(BOOKING_HOLD.EXPIRES_AT, expires)
                    .set(BOOKING_HOLD.CREATED_AT, OffsetDateTime.now(clock))
                    .set(BOOKING_HOLD.CLIENT_ADDRESS, client)
                    .execute();
        }
        return GroupWindows.answer(team, 1);
    }

    void release(UUID holdId) {
        // a team's other rows go with the first (team_of ... ON DELETE CASCADE)
        if (db.deleteFrom(BOOKING_HOLD).where(BOOKING_HOLD.ID.eq(holdId), BOOKING_HOLD.REQUEST_ID.isNull()).execute() == 0) {
            throw new NotFoundException("hold", holdId);
        }
        horizon.changed();
        horizon.awaitOwnChanges();
    }

    /**
     * Deletes the holds that ran out before {@code expiredBefore} and were never booked (a booked hold stays with its
     * request); returns how many. Expired holds never count anywhere (every reader compares {@code expires_at}), so
     * this only keeps the table small.
     */
    int deleteExpired(OffsetDateTime expiredBefore) {
        int deleted = db.deleteFrom(BOOKING_HOLD)
                .where(BOOKING_HOLD.EXPIRES_AT.lt(expiredBefore), BOOKING_HOLD.REQUEST_ID.isNull()).execute();
        if (deleted > 0) {
            horizon.changed();
        }
        return deleted;
    }

    /** Holds that have not run out and are not booked, now. */
    long live() {
        return db.fetchCount(BOOKING_HOLD, BOOKING_HOLD.EXPIRES_AT.gt(OffsetDateTime.now(clock)), BOOKING_HOLD.REQUEST_ID.isNull());
    }

    private OffsetDateTime at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(timeZone).toOffsetDateTime();
    }
}
