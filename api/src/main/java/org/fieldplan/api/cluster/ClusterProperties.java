package org.fieldplan.api.cluster;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code fieldplan.cluster.*}: how the instances of one database share work (docs/cluster.md).
 *
 * @param instanceName     this instance's name in job rows and the scheduler tables; by default host name + a random
 *                         suffix (unique per start)
 * @param heartbeat        how often an instance beats into the executions (planning jobs, timers) it runs
 * @param missedHeartbeats an execution whose instance missed this many beats is dead and is taken over by another
 *                         instance: a planning job of a crashed instance resumes elsewhere after at most
 *                         heartbeat x (missedHeartbeats + 2) + pollingInterval
 * @param pollingInterval  how often an instance with a free solver slot looks for queued jobs and due timers
 * @param timers           run the once-per-cluster timers here (off in the tests, which call the work themselves)
 * @param cleanupInterval  how often expired holds and old idempotency keys are deleted
 * @param holdRetention    an unbooked hold is deleted this long after it expired
 * @param idempotencyRetention an idempotency key (and the answer stored with it) is kept this long
 */
@ConfigurationProperties("fieldplan.cluster")
@Validated
public record ClusterProperties(
        @Nullable String instanceName,
        @DefaultValue("PT2S") Duration heartbeat,
        @DefaultValue("5") @Min(4) int missedHeartbeats,
        @DefaultValue("PT1S") Duration pollingInterval,
        @DefaultValue("true") boolean timers,
        @DefaultValue("PT10M") Duration cleanupInterval,
        @DefaultValue("PT1H") Duration holdRetention,
        @DefaultValue("P7D") Duration idempotencyRetention) {

    /** How long after its instance's last beat an execution is found dead and handed to another instance, at most. */
    public Duration takeOverBound() {
        return heartbeat.multipliedBy(missedHeartbeats + 2L).plus(pollingInterval);
    }
}
