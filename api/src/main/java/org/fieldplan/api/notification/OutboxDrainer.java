package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers pending notifications. Each drain takes up to a batch of due rows with
 * {@code FOR UPDATE SKIP LOCKED} (two instances never send the same row), sends each, and marks it sent; a
 * failed send is retried after {@code retry-delay}, doubled per attempt, and marked failed after
 * {@code max-attempts}, keeping the last error.
 */
@Component
public class OutboxDrainer {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

    /** What one drain did. */
    public record Drained(int sent, int retried, int failed) {
    }

    private final DSLContext db;
    private final NotificationSender sender;
    private final NotificationProperties properties;
    private final Clock clock;
    private final TransactionTemplate tx;

    OutboxDrainer(DSLContext db, NotificationSender sender, NotificationProperties properties, Clock clock, TransactionTemplate tx) {
        this.db = db;
        this.sender = sender;
        this.properties = properties;
        this.clock = clock;
        this.tx = tx;
    }

    public Drained drainOnce() {
        return drainOnce(sender);
    }

    /** One drain through the given sender (tests pass a failing one). */
    public Drained drainOnce(NotificationSender through) {
        Drained result = tx.execute(status -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            int sent = 0;
            int retried = 0;
            int failed = 0;
            for (NotificationOutboxRecord row : db.selectFrom(NOTIFICATION_OUTBOX)
                    .where(NOTIFICATION_OUTBOX.STATUS.eq("pending"))
                    .and(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT.le(now))
                    .orderBy(NOTIFICATION_OUTBOX.ID)
                    .limit(properties.batchSize())
                    .forUpdate().skipLocked()
                    .fetch()) {
                int attempts = row.getAttempts() + 1;
                row.setAttempts(attempts);
                try {
                    through.send(new OutboxMessage(row.getId(), row.getRequestId(), row.getKind(), row.getRecipientRole(),
                            row.getRecipientUserId(), row.getRecipientAddress(), row.getSubject(), row.getBody(), attempts));
                    row.setStatus("sent");
                    row.setSentAt(now);
                    row.setLastError(null);
                    sent++;
                } catch (Exception e) {
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                    row.setLastError(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
                    if (attempts >= properties.maxAttempts()) {
                        row.setStatus("failed");
                        failed++;
                        log.warn("notification #{} failed for good after {} attempts via {}: {}", row.getId(), attempts, through.name(), reason);
                    } else {
                        Duration wait = properties.retryDelay().multipliedBy(1L << Math.min(attempts - 1, 20));
                        row.setNextAttemptAt(now.plus(wait));
                        retried++;
                        log.info("notification #{} attempt {} via {} failed, retrying in {}: {}", row.getId(), attempts, through.name(), wait, reason);
                    }
                }
                row.store();
            }
            return new Drained(sent, retried, failed);
        });
        return result == null ? new Drained(0, 0, 0) : result;
    }
}
