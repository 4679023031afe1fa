package org.fieldplan.api.notification;

import org.fieldplan.api.cluster.ClusterTimer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The deadline watch and the outbox drain as once-per-cluster timers ({@link ClusterTimer}: whichever instance picks
 * the run does it, never two at once) unless {@code fieldplan.notifications.scheduling=false}.
 */
@Configuration
@ConditionalOnProperty(name = "fieldplan.notifications.scheduling", havingValue = "true", matchIfMissing = true)
class NotificationScheduling {

    private static final int MAX_BATCHES_PER_TICK = 100;

    @Bean
    ClusterTimer deadlineWatchTimer(DeadlineWatch deadlines, NotificationProperties properties) {
        return new ClusterTimer("deadline-watch", properties.deadlineCheckInterval(), deadlines::runOnce);
    }

    @Bean
    ClusterTimer outboxDrainTimer(OutboxDrainer drainer, NotificationProperties properties, NotificationMetrics metrics) {
        return new ClusterTimer("outbox-drain", properties.drainInterval(), () -> drain(drainer, properties, metrics));
    }

    static void drain(OutboxDrainer drainer, NotificationProperties properties, NotificationMetrics metrics) {
        // a full batch means more may be waiting: keep going (bounded) rather than wait for the next tick
        for (int batch = 0; batch < MAX_BATCHES_PER_TICK; batch++) {
            OutboxDrainer.Drained drained = drainer.drainOnce();
            metrics.failedAttempts.increment(drained.retried() + drained.failed());
            if (drained.sent() + drained.retried() + drained.failed() < properties.batchSize()) {
                return;
            }
        }
    }
}
