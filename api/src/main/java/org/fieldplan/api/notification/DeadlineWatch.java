package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestWriter;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds service requests past their deadline that are not closed (closed = accepted, refused or cancelled)
 * and records one notification for the customer and one for the responsible dispatcher, once per request:
 * the request is stamped {@code deadline_notified_at} in the same transaction (and a unique index on the
 * outbox backs this). A request is announced once in its life, even if its deadline is moved later.
 * Time comes from the injected {@link Clock}.
 */
@Component
public class DeadlineWatch {

    static final List<String> CLOSED = Arrays.stream(RequestStatus.values()).filter(RequestStatus::isClosed)
            .map(RequestStatus::code).toList();
    private static final int BATCH = 500;

    private final DSLContext db;
    private final NotificationOutbox outbox;
    private final RequestWriter requests;
    private final Clock clock;
    private final TransactionTemplate tx;

    DeadlineWatch(DSLContext db, NotificationOutbox outbox, RequestWriter requests, Clock clock, TransactionTemplate tx) {
        this.db = db;
        this.outbox = outbox;
        this.requests = requests;
        this.clock = clock;
        this.tx = tx;
    }

    /** One pass; returns how many overdue requests were announced. */
    public int runOnce() {
        Integer announced = tx.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Long> overdue = db.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST)
                    .where(SERVICE_REQUEST.DEADLINE.lt(now))
                    .and(SERVICE_REQUEST.STATUS.notIn(CLOSED))
                    .and(SERVICE_REQUEST.DEADLINE_NOTIFIED_AT.isNull())
                    .orderBy(SERVICE_REQUEST.DEADLINE, SERVICE_REQUEST.ID)
                    .limit(BATCH)
                    .forUpdate().skipLocked()
                    .fetch(SERVICE_REQUEST.ID);
            for (long id : overdue) {
                outbox.deadlinePassed(id);
                // the request feature stamps it; not an edit: the version stays, so nobody's If-Match breaks
                requests.markDeadlineNotified(id, now);
            }
            return overdue.size();
        });
        return announced == null ? 0 : announced;
    }
}
