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

    private final DeadlineWatch deadlines;
    private final OutboxDrainer drainer;

    NotificationScheduling(DeadlineWatch deadlines, OutboxDrainer drainer) {
        this.deadlines = deadlines;
        this.drainer = drainer;
    }

    @Scheduled(fixedDelayString = "${fieldplan.notifications.deadline-check-interval:PT5M}", initialDelayString = "PT20S")
    void checkDeadlines() {
        deadlines.runOnce();
    }

    @Scheduled(fixedDelayString = "${fieldplan.notifications.drain-interval:PT30S}", initialDelayString = "PT10S")
    void drain() {
        drainer.drainOnce();
    }
}
