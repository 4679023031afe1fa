package org.fieldplan.api.booking;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.fieldplan.api.cluster.ClusterProperties;
import org.fieldplan.api.cluster.ClusterTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Once across the cluster every {@code fieldplan.cluster.cleanup-interval}: unbooked holds that ran out more than
 * {@code hold-retention} ago and idempotency keys older than {@code idempotency-retention} are deleted. A retry of a
 * booking with a key older than that is treated as a new booking, so the retention must be longer than any client
 * retries (7 days by default).
 */
@Configuration
class BookingHousekeeping {

    private static final Logger LOG = LoggerFactory.getLogger(BookingHousekeeping.class);

    @Bean
    ClusterTimer bookingCleanupTimer(BookingHolds holds, IdempotencyKeys keys, ClusterProperties cluster, Clock clock) {
        return new ClusterTimer("booking-cleanup", cluster.cleanupInterval(), () -> cleanUp(holds, keys, cluster, clock));
    }

    static void cleanUp(BookingHolds holds, IdempotencyKeys keys, ClusterProperties cluster, Clock clock) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int expired = holds.deleteExpired(now.minus(cluster.holdRetention()));
        int old = keys.deleteOlderThan(now.minus(cluster.idempotencyRetention()));
        if (expired + old > 0) {
            LOG.info("booking clean-up: {} expired holds, {} old idempotency keys deleted", expired, old);
        }
    }
}
