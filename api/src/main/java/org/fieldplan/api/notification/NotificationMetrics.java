package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * The outbox as an operator watches it (Prometheus names, read from the database at each scrape, so the same on every
 * instance): {@code fieldplan_notifications_outbox{status="pending"}} (the backlog) and {@code {status="failed"}}
 * (given up after every attempt; requeue them), and {@code fieldplan_notifications_attempts_failed_total} (failed
 * attempts of this instance's sends, retried or not).
 */
@Component
class NotificationMetrics {

    final io.micrometer.core.instrument.Counter failedAttempts;

    NotificationMetrics(MeterRegistry registry, DSLContext db) {
        for (NotificationStatus status : new NotificationStatus[] {NotificationStatus.PENDING, NotificationStatus.FAILED}) {
            Gauge.builder("fieldplan.notifications.outbox", db,
                            d -> d.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq(status.code())))
                    .tag("status", status.code()).description("notifications in the outbox by status").register(registry);
        }
        this.failedAttempts = io.micrometer.core.instrument.Counter.builder("fieldplan.notifications.attempts.failed")
                .description("send attempts that failed (retried later or given up)").register(registry);
    }
}
