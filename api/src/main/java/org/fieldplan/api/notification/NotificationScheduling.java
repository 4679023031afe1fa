package org.fieldplan.api.notification;

import org.fieldplan.api.cluster.ClusterTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deadline watch, the outbox drain and the mailbox reader as once-per-cluster timers ({@link ClusterTimer}:
 * whichever instance picks the run does it, never two at once) unless {@code fieldplan.notifications.scheduling=false}.
 * The drain timer only wakes this instance's drain workers ({@link OutboxWakeUp}, also woken by every commit that queues
 * a message; {@code fieldplan.notifications.drain-threads} of them); each still sends one message per transaction, and
 * {@code FOR UPDATE SKIP LOCKED} keeps them apart.
 */
@Configuration
@ConditionalOnProperty(name = "fieldplan.notifications.scheduling", havingValue = "true", matchIfMissing = true)
class NotificationScheduling {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationScheduling.class);
    private static final int MAX_BATCHES_PER_TICK = 100;

    @Bean
    ClusterTimer deadlineWatchTimer(DeadlineWatch deadlines, NotificationProperties properties) {
        return new ClusterTimer("deadline-watch", properties.deadlineCheckInterval(), deadlines::runOnce);
    }

    /** Wakes this instance's drain workers ({@link OutboxWakeUp}): for retries now due and rows of other instances. */
    @Bean
    ClusterTimer outboxDrainTimer(OutboxWakeUp wakeUp, NotificationProperties properties) {
        return new ClusterTimer("outbox-drain", properties.drainInterval(), wakeUp::nudge);
    }

    /** Replies and new requests by e-mail (IMAP), when {@code fieldplan.notifications.inbox.enabled}. */
    @Bean
    ClusterTimer mailInboxTimer(MailInbox inbox, InboxProperties inboxProperties) {
        return new ClusterTimer("mail-inbox", inboxProperties.interval(), () -> {
            if (!inboxProperties.enabled()) {
                return;
            }
            try {
                inbox.readOnce();
            } catch (Exception e) {
                LOG.warn("reading the mailbox failed: {}", e.toString());
            }
        });
    }

    /** Drains until a batch comes back short (the queue is empty) or a bound is reached; true when more may wait. */
    static boolean drain(OutboxDrainer drainer, NotificationProperties properties, NotificationMetrics metrics) {
        for (int batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
            OutboxDrainer.Drained drained = drainer.drainOnce();
            metrics.failedAttempts.increment(drained.retried() + drained.failed());
            if (drained.sent() + drained.retried() + drained.failed() < properties.batchSize()) {
                return false;
            }
        }
        return true;
    }
}
