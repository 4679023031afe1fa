package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.fieldplan.api.request.RequestStatus;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Reads what a notification about one service request says: the request, its customer, services, technician, stop. */
@Component
class NotificationFacts {

    /** One service line. */
    record Line(String name, int quantity, BigDecimal unitPrice, boolean priceIsFrom) {
    }

    /** The request as its messages describe it. */
    record Facts(long id, String number, String address, RequestStatus status, OffsetDateTime deadline, int version,
                 @Nullable OffsetDateTime windowStart, @Nullable OffsetDateTime windowEnd, @Nullable Long dispatcherId,
                 @Nullable Long zoneId, String source, OffsetDateTime createdAt, @Nullable String technicianName,
                 long customerId, String customerName, @Nullable Long customerUserId, @Nullable String customerEmail,
                 @Nullable String customerPhone, String language, String preferredChannel, boolean optedOut,
                 @Nullable String telegramChatId, List<Line> lines) {

        BigDecimal total() {
            return lines.stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        boolean totalIsFrom() {
            return lines.stream().anyMatch(Line::priceIsFrom);
        }
    }

    /** A planned stop of a route. */
    record Stop(long routeId, int position, long requestId, OffsetDateTime arrivalAt, OffsetDateTime startAt,
                OffsetDateTime endAt, int travelSeconds) {
    }

    private final DSLContext db;

    NotificationFacts(DSLContext db) {
        this.db = db;
    }

    Facts of(long requestId) {
        Record r = db.select(SERVICE_REQUEST.ID, SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.ADDRESS_LINE,
                        SERVICE_REQUEST.STATUS, SERVICE_REQUEST.DEADLINE, SERVICE_REQUEST.VERSION,
                        SERVICE_REQUEST.PREFERRED_START, SERVICE_REQUEST.PREFERRED_END, SERVICE_REQUEST.WINDOW_START,
                        SERVICE_REQUEST.WINDOW_END, SERVICE_REQUEST.DISPATCHER_ID,
                        SERVICE_REQUEST.ZONE_ID, SERVICE_REQUEST.SOURCE, SERVICE_REQUEST.CREATED_AT, TECHNICIAN.NAME,
                        CUSTOMER.ID, CUSTOMER.NAME, CUSTOMER.USER_ID, CUSTOMER.EMAIL, CUSTOMER.PHONE, CUSTOMER.LANGUAGE,
                        CUSTOMER.PREFERRED_CHANNEL, CUSTOMER.NOTIFICATIONS_OPTED_OUT, CUSTOMER.TELEGRAM_CHAT_ID, APP_USER.EMAIL)
                .from(SERVICE_REQUEST)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(CUSTOMER.USER_ID))
                .leftJoin(TECHNICIAN).on(TECHNICIAN.ID.eq(SERVICE_REQUEST.TECHNICIAN_ID))
                .where(SERVICE_REQUEST.ID.eq(requestId))
                .fetchSingle();
        List<Line> lines = db.select(SERVICE_TYPE.NAME, SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_REQUEST_ITEM.UNIT_PRICE,
                        SERVICE_REQUEST_ITEM.PRICE_IS_FROM)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .fetch(x -> new Line(x.value1(), x.value2(), x.value3(), x.value4()));
        String email = r.get(CUSTOMER.EMAIL);
        if (email == null || email.isBlank()) {
            email = r.get(APP_USER.EMAIL);
        }
        return new Facts(requestId, r.get(SERVICE_REQUEST.REGISTRATION_NUMBER), r.get(SERVICE_REQUEST.ADDRESS_LINE),
                RequestStatus.fromCode(r.get(SERVICE_REQUEST.STATUS)), r.get(SERVICE_REQUEST.DEADLINE),
                r.get(SERVICE_REQUEST.VERSION),
                // the promised window (a booking, a schedule), else the one the customer asked for
                r.get(SERVICE_REQUEST.WINDOW_START) != null ? r.get(SERVICE_REQUEST.WINDOW_START) : r.get(SERVICE_REQUEST.PREFERRED_START),
                r.get(SERVICE_REQUEST.WINDOW_START) != null ? r.get(SERVICE_REQUEST.WINDOW_END) : r.get(SERVICE_REQUEST.PREFERRED_END),
                r.get(SERVICE_REQUEST.DISPATCHER_ID), r.get(SERVICE_REQUEST.ZONE_ID), r.get(SERVICE_REQUEST.SOURCE),
                r.get(SERVICE_REQUEST.CREATED_AT), r.get(TECHNICIAN.NAME), r.get(CUSTOMER.ID), r.get(CUSTOMER.NAME),
                r.get(CUSTOMER.USER_ID), email, r.get(CUSTOMER.PHONE), r.get(CUSTOMER.LANGUAGE),
                r.get(CUSTOMER.PREFERRED_CHANNEL), r.get(CUSTOMER.NOTIFICATIONS_OPTED_OUT), r.get(CUSTOMER.TELEGRAM_CHAT_ID),
                lines);
    }

    /** The request's stop on a route, if it has one. */
    @Nullable Stop stopOf(long requestId) {
        return db.selectFrom(ROUTE_STOP).where(ROUTE_STOP.REQUEST_ID.eq(requestId)).fetchOptional()
                .map(s -> new Stop(s.getRouteId(), s.getPosition(), s.getRequestId(), s.getArrivalAt(), s.getStartAt(),
                        s.getEndAt(), s.getTravelSeconds()))
                .orElse(null);
    }

    /** The next stop after {@code stop} on its route whose request still waits for the technician (scheduled). */
    @Nullable Stop nextWaiting(Stop stop) {
        return db.select(ROUTE_STOP.asterisk()).from(ROUTE_STOP)
                .join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(ROUTE_STOP.REQUEST_ID))
                .where(ROUTE_STOP.ROUTE_ID.eq(stop.routeId()).and(ROUTE_STOP.POSITION.gt(stop.position())))
                .orderBy(ROUTE_STOP.POSITION).limit(1)
                .fetchOptional()
                .filter(s -> RequestStatus.SCHEDULED.code().equals(
                        db.select(SERVICE_REQUEST.STATUS).from(SERVICE_REQUEST)
                                .where(SERVICE_REQUEST.ID.eq(s.get(ROUTE_STOP.REQUEST_ID))).fetchOne(SERVICE_REQUEST.STATUS)))
                .map(s -> new Stop(s.get(ROUTE_STOP.ROUTE_ID), s.get(ROUTE_STOP.POSITION), s.get(ROUTE_STOP.REQUEST_ID),
                        s.get(ROUTE_STOP.ARRIVAL_AT), s.get(ROUTE_STOP.START_AT), s.get(ROUTE_STOP.END_AT),
                        s.get(ROUTE_STOP.TRAVEL_SECONDS)))
                .orElse(null);
    }

    /** A staff user's e-mail address, or null. */
    @Nullable String userEmail(long userId) {
        return db.select(APP_USER.EMAIL).from(APP_USER).where(APP_USER.ID.eq(userId)).fetchOne(APP_USER.EMAIL);
    }

    /** Staff users (administrators, dispatchers) named by {@code @username} in a text. */
    List<Long> mentionedStaff(List<String> usernames) {
        if (usernames.isEmpty()) {
            return List.of();
        }
        return db.selectDistinct(APP_USER.ID).from(APP_USER)
                .join(org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE)
                .on(org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE.USER_ID.eq(APP_USER.ID))
                .where(APP_USER.USERNAME.in(usernames))
                .and(org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE.ROLE_CODE.in("administrator", "dispatcher"))
                .fetch(APP_USER.ID);
    }
}
