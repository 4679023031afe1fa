package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.fieldplan.api.request.RequestStatus;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records notifications in the outbox table. Every method must run inside the transaction that makes the
 * change being announced, so a notification exists exactly when its change was committed; the
 * {@link OutboxDrainer} delivers them afterwards.
 */
@Component
public class NotificationOutbox {

    public static final String STATUS_CHANGED = "status_changed";
    public static final String DEADLINE_PASSED = "deadline_passed";

    private static final DateTimeFormatter DEADLINE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private final DSLContext db;
    private final Clock clock;

    NotificationOutbox(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The customer hears of every status change, including registration ({@code from} null), in their language. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void statusChanged(long requestId, @Nullable RequestStatus from, RequestStatus to) {
        Record r = request(requestId);
        String number = r.get(SERVICE_REQUEST.REGISTRATION_NUMBER);
        String address = r.get(SERVICE_REQUEST.ADDRESS_LINE);
        boolean ru = russian(r);
        String subject;
        String body;
        if (ru) {
            subject = from == null ? "Заявка " + number + " зарегистрирована" : "Заявка " + number + ": " + labelRu(to);
            body = from == null
                    ? "Мы зарегистрировали вашу заявку " + number + " по адресу " + address
                      + ". Называйте этот номер, когда обращаетесь к нам."
                    : "Ваша заявка " + number + " перешла из состояния «" + labelRu(from) + "» в «" + labelRu(to) + "».";
        } else {
            subject = from == null ? "Service request " + number + " registered" : "Service request " + number + ": " + label(to);
            body = from == null
                    ? "We have registered your service request " + number + " for " + address
                      + ". Quote this number when you contact us."
                    : "Your service request " + number + " moved from '" + label(from) + "' to '" + label(to) + "'.";
        }
        insert(requestId, STATUS_CHANGED, "customer", r.get(CUSTOMER.USER_ID), customerAddress(r), subject, body);
    }

    /**
     * The customer (in their language) and the responsible dispatcher (in English and Russian) hear that the deadline
     * passed. Recorded at most once per request and recipient (a unique index backs this); returns how many rows were
     * added.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deadlinePassed(long requestId) {
        Record r = request(requestId);
        String number = r.get(SERVICE_REQUEST.REGISTRATION_NUMBER);
        String deadline = r.get(SERVICE_REQUEST.DEADLINE).format(DEADLINE_FORMAT);
        RequestStatus status = RequestStatus.fromCode(r.get(SERVICE_REQUEST.STATUS));
        boolean workDone = status == RequestStatus.DONE;
        String subject;
        String body;
        if (russian(r)) {
            subject = "Срок заявки " + number + " прошёл";
            body = workDone
                    ? "Заявку " + number + " нужно было выполнить до " + deadline + ". Работа отмечена выполненной и ждёт,"
                      + " когда вы её примете или оспорите."
                    : "Заявку " + number + " нужно было выполнить до " + deadline + ", а она всё ещё в состоянии «"
                      + labelRu(status) + "». Приносим извинения за задержку; диспетчер уже знает.";
        } else {
            subject = "Service request " + number + " is past its deadline";
            body = workDone
                    ? "Your service request " + number + " was due by " + deadline + ". The work is reported done and waits"
                      + " for you to accept it or dispute it."
                    : "Your service request " + number + " was due by " + deadline + " and is still '" + label(status)
                      + "'. We are sorry for the delay; the dispatcher has been told.";
        }
        int added = insert(requestId, DEADLINE_PASSED, "customer", r.get(CUSTOMER.USER_ID), customerAddress(r), subject, body);
        Long dispatcherId = r.get(SERVICE_REQUEST.DISPATCHER_ID);
        String dispatcherEmail = dispatcherId == null ? null
                : db.select(APP_USER.EMAIL).from(APP_USER).where(APP_USER.ID.eq(dispatcherId)).fetchOne(APP_USER.EMAIL);
        String address = r.get(SERVICE_REQUEST.ADDRESS_LINE);
        added += insert(requestId, DEADLINE_PASSED, "dispatcher", dispatcherId, dispatcherEmail,
                "Overdue: service request " + number + " / Просрочена заявка " + number,
                "Service request " + number + " (" + address + ") was due by " + deadline
                        + " and is still '" + label(status) + "'."
                        + (dispatcherId == null ? " It lies outside every zone, so no dispatcher is responsible for it." : "")
                        + "\n\nЗаявку " + number + " (" + address + ") нужно было выполнить до " + deadline
                        + ", а она всё ещё в состоянии «" + labelRu(status) + "»."
                        + (dispatcherId == null ? " Она вне всех зон, поэтому ответственного диспетчера нет." : ""));
        return added;
    }

    private Record request(long requestId) {
        return db.select(SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.ADDRESS_LINE, SERVICE_REQUEST.DEADLINE,
                        SERVICE_REQUEST.STATUS, SERVICE_REQUEST.DISPATCHER_ID, CUSTOMER.USER_ID, CUSTOMER.EMAIL,
                        CUSTOMER.LANGUAGE, APP_USER.EMAIL)
                .from(SERVICE_REQUEST)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .leftJoin(APP_USER).on(APP_USER.ID.eq(CUSTOMER.USER_ID))
                .where(SERVICE_REQUEST.ID.eq(requestId))
                .fetchSingle();
    }

    private static boolean russian(Record r) {
        return "ru".equals(r.get(CUSTOMER.LANGUAGE));
    }

    private static @Nullable String customerAddress(Record r) {
        String email = r.get(CUSTOMER.EMAIL);
        return email != null && !email.isBlank() ? email : r.get(APP_USER.EMAIL);
    }

    private static String label(RequestStatus status) {
        return status.label(Locale.ENGLISH);
    }

    private static String labelRu(RequestStatus status) {
        return status.label(Locale.forLanguageTag("ru"));
    }

    private int insert(long requestId, String kind, String role, @Nullable Long userId, @Nullable String address,
                       String subject, String body) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var insert = db.insertInto(NOTIFICATION_OUTBOX)
                .set(NOTIFICATION_OUTBOX.REQUEST_ID, requestId)
                .set(NOTIFICATION_OUTBOX.KIND, kind)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_ROLE, role)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_USER_ID, userId)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_ADDRESS, address)
                .set(NOTIFICATION_OUTBOX.SUBJECT, subject)
                .set(NOTIFICATION_OUTBOX.BODY, body)
                .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(NOTIFICATION_OUTBOX.CREATED_AT, now);
        if (DEADLINE_PASSED.equals(kind)) {
            // the partial unique index notification_outbox_deadline_once turns a second announcement into a no-op
            return insert.onConflict(NOTIFICATION_OUTBOX.REQUEST_ID, NOTIFICATION_OUTBOX.RECIPIENT_ROLE)
                    .where(NOTIFICATION_OUTBOX.KIND.eq(DEADLINE_PASSED))
                    .doNothing().execute();
        }
        return insert.execute();
    }
}
