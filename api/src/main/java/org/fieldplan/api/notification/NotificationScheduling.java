package org.fieldplan.api.notification;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Runs the deadline watch and the outbox drain on timers unless {@code fieldplan.notifications.scheduling=false}. */
@Configuration
@EnableScheduling
@ConditionalOnProperty(name = "fieldplan.notifications.scheduling", havingValue = "true", matchIfMissing = true)
class NotificationScheduling {

    private static final int MAX_BATCHES_PER_TICK = 100;

    private final DeadlineWatch deadlines;
    private final OutboxDrainer drainer;
    private final NotificationProperties properties;
    private final MailInbox inbox;
    private final InboxProperties inboxProperties;
    private final int drainThreads;

    NotificationScheduling(DeadlineWatch deadlines, OutboxDrainer drainer, NotificationProperties properties, MailInbox inbox,
                           InboxProperties inboxProperties,
                           @org.springframework.beans.factory.annotation.Value("${fieldplan.notifications.drain-threads:1}") int drainThreads) {
        this.drainThreads = Math.max(1, Math.min(16, drainThreads));
        this.inbox = inbox;
        this.inboxProperties = inboxProperties;
        this.deadlines = deadlines;
        this.drainer = drainer;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${fieldplan.notifications.deadline-check-interval:PT5M}", initialDelayString = "PT20S")
    void checkDeadlines() {
        deadlines.runOnce();
    }

    /** Replies and new requests by e-mail (IMAP), when {@code fieldplan.notifications.inbox.enabled}. */
    @Scheduled(fixedDelayString = "${fieldplan.notifications.inbox.interval:PT1M}", initialDelayString = "PT15S")
    void readMail() {
        if (!inboxProperties.enabled()) {
            return;
        }
        try {
            inbox.readOnce();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(NotificationScheduling.class).warn("reading the mailbox failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${fieldplan.notifications.drain-interval:PT30S}",
            initialDelayString = "${fieldplan.notifications.drain-initial-delay:PT10S}")
    void drain() {
        if (drainThreads <= 1) {
            drainLoop();
            return;
        }
        // several workers take rows side by side (FOR UPDATE SKIP LOCKED keeps them apart); each still one row per transaction
        try (var workers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < drainThreads; i++) {
                workers.submit(this::drainLoop);
            }
        }
    }

    private void drainLoop() {
        // a full batch means more may be waiting: keep going (bounded) rather than wait for the next tick
        for (int batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
            OutboxDrainer.Drained drained = drainer.drainOnce();
            if (drained.sent() + drained.retried() + drained.failed() < properties.batchSize()) {
                return;
            }
        }
    }
}
