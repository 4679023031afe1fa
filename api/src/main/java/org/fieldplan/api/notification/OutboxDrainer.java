package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers pending notifications, one per transaction: take the oldest due row with {@code FOR UPDATE SKIP LOCKED}
 * (two instances never send the same row), send it, mark it ({@code sent} by SMTP, {@code logged} by the log
 * sender) and commit, then the next. A crash (or SIGKILL) between the mail server's "250 queued" and that commit
 * leaves only that one row pending: it is sent again after the restart with the same Message-ID
 * ({@link #messageId}), which a receiving server can use to drop the copy. Every other row is either committed as
 * delivered or was never sent. A failed send is retried after {@code retry-delay}, doubled per attempt, and marked
 * failed after {@code max-attempts}, keeping the last error; an administrator can re-queue it
 * ({@link NotificationController}).
 */
@Component
public class OutboxDrainer {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

    /** What one drain did. */
    public record Drained(int sent, int retried, int failed) {
    }

    private enum Outcome { DELIVERED, RETRIED, FAILED }

    private final DSLContext db;
    private final NotificationSender sender;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final MessageProperties messages;

    OutboxDrainer(DSLContext db, NotificationSender sender, NotificationProperties properties, Clock clock, TransactionTemplate tx) {
        this(db, sender, properties, clock, tx, new MessageProperties("http://localhost:8080", null, "FieldPlan",
                java.time.LocalTime.of(8, 0), java.time.LocalTime.of(18, 0)));
    }

    @org.springframework.beans.factory.annotation.Autowired
    OutboxDrainer(DSLContext db, NotificationSender sender, NotificationProperties properties, Clock clock, TransactionTemplate tx,
                  MessageProperties messages) {
        this.messages = messages;
        this.db = db;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.tx = tx;
    }

    public Drained drainOnce() {
        return drainOnce(sender);
    }

    /** Up to a batch of due notifications through the given sender (tests pass a failing one), each in its own transaction. */
    public Drained drainOnce(NotificationSender through) {
        int sent = 0;
        int retried = 0;
        int failed = 0;
        for (int i = 0; i < properties.batchSize(); i++) {
            Outcome outcome = tx.execute(status -> deliverNext(through));
            if (outcome == null) {
                break;
            }
            switch (outcome) {
                case DELIVERED -> sent++;
                case RETRIED -> retried++;
                case FAILED -> failed++;
            }
        }
        return new Drained(sent, retried, failed);
    }

    /** The stable Message-ID of an outbox row: {@code <id.registration-number@domain>}. */
    public static String messageId(long outboxId, @Nullable String registrationNumber, String domain) {
        String number = registrationNumber == null ? "notice" : registrationNumber.replaceAll("[^A-Za-z0-9-]", "");
        return "<" + outboxId + "." + number + "@" + domain + ">";
    }

    /** Inside one transaction: the oldest due row, sent and marked; null when none is due. */
    private @Nullable Outcome deliverNext(NotificationSender through) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // one statement claims the row and reads its request's number (the row lock only: the request is not locked)
        var claimed = db.select(NOTIFICATION_OUTBOX.asterisk(), SERVICE_REQUEST.REGISTRATION_NUMBER)
                .from(NOTIFICATION_OUTBOX)
                .leftJoin(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(NOTIFICATION_OUTBOX.REQUEST_ID))
                .where(NOTIFICATION_OUTBOX.STATUS.eq(NotificationStatus.PENDING.code()))
                .and(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                .orderBy(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, NOTIFICATION_OUTBOX.ID)
                .limit(1)
                .forUpdate().of(NOTIFICATION_OUTBOX).skipLocked()
                .fetchOne();
        if (claimed == null) {
            return null;
        }
        NotificationOutboxRecord row = claimed.into(NOTIFICATION_OUTBOX);
        row.changed(false);
        String number = claimed.get(SERVICE_REQUEST.REGISTRATION_NUMBER);
        int attempts = row.getAttempts() + 1;
        row.setAttempts(attempts);
        Outcome outcome;
        // the log lines about this notification carry its request's registration number (structured logs: a field)
        try (var mdc = number == null ? null : org.slf4j.MDC.putCloseable("registrationNumber", number)) {
            outcome = attempt(row, through, number, attempts, now);
        }
        db.executeUpdate(row); // the fields the attempt changed, by the row's id
        return outcome;
    }

    private Outcome attempt(NotificationOutboxRecord row, NotificationSender through, @Nullable String number, int attempts,
            OffsetDateTime now) {
        Outcome outcome;
        try {
            NotificationStatus delivered = through.send(new OutboxMessage(row.getId(), row.getRequestId(), row.getKind(),
                    row.getRecipientRole(), row.getRecipientUserId(), row.getRecipientAddress(), row.getSubject(),
                    row.getBody(), attempts, messageId(row.getId(), number, properties.messageIdDomainOrDefault()),
                    row.getChannel(), row.getHtmlBody(), row.getCalendar(),
                    row.getReplyToken() == null ? null : messages.replyAddress(row.getReplyToken())));
            if (delivered != NotificationStatus.SENT && delivered != NotificationStatus.LOGGED) {
                throw new IllegalStateException("sender " + through.name() + " answered " + delivered + " instead of sent or logged");
            }
            row.setStatus(delivered.code());
            row.setSentAt(now);
            row.setLastError(null);
            outcome = Outcome.DELIVERED;
        } catch (Exception e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            row.setLastError(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
            if (attempts >= properties.maxAttempts()) {
                row.setStatus(NotificationStatus.FAILED.code());
                outcome = Outcome.FAILED;
                log.warn("notification #{} failed for good after {} attempts via {}: {}", row.getId(), attempts, through.name(), reason);
            } else {
                Duration wait = properties.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
                row.setNextAttemptAt(now.plus(wait));
                outcome = Outcome.RETRIED;
                log.info("notification #{} attempt {} via {} failed, retrying in {}: {}", row.getId(), attempts, through.name(), wait, reason);
            }
        }
        return outcome;
    }

    /**
     * Puts a failed notification back in the queue (due now, attempts counted afresh); false when it is not failed.
     */
    public boolean requeue(long id, String by) {
        Integer changed = tx.execute(status -> db.update(NOTIFICATION_OUTBOX)
                .set(NOTIFICATION_OUTBOX.STATUS, NotificationStatus.PENDING.code())
                .set(NOTIFICATION_OUTBOX.ATTEMPTS, 0)
                .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, OffsetDateTime.now(clock))
                .set(NOTIFICATION_OUTBOX.REQUEUED_AT, OffsetDateTime.now(clock))
                .set(NOTIFICATION_OUTBOX.REQUEUED_BY, by.length() > 100 ? by.substring(0, 100) : by)
                .where(NOTIFICATION_OUTBOX.ID.eq(id).and(NOTIFICATION_OUTBOX.STATUS.eq(NotificationStatus.FAILED.code())))
                .execute());
        return changed != null && changed == 1;
    }
}
