package org.fieldplan.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterPropertiesTest {

    static ClusterProperties with(Duration heartbeat, int missed, Duration polling) {
        return new ClusterProperties(null, heartbeat, missed, polling, true, Duration.ofMinutes(10), Duration.ofHours(1),
                Duration.ofDays(7));
    }

    @Test
    void theDefaultsTakeAJobOverWithinFifteenSeconds() {
        // dead after 2 s x 5 missed beats, found by a check every 2 x 2 s, claimed within one 1-s poll
        assertThat(with(Duration.ofSeconds(2), 5, Duration.ofSeconds(1)).takeOverBound()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theBoundGrowsWithTheHeartbeatAndTheMissedBeats() {
        assertThat(with(Duration.ofSeconds(5), 6, Duration.ofSeconds(10)).takeOverBound()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void anInstanceNameGivenIsKeptElseOneIsMadeUp() {
        assertThat(new InstanceName(new ClusterProperties(" a ", Duration.ofSeconds(2), 5, Duration.ofSeconds(1), true,
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(7))).value()).isEqualTo("a");
        String made = new InstanceName(with(Duration.ofSeconds(2), 5, Duration.ofSeconds(1))).value();
        assertThat(made).matches(".+-[0-9a-f]{8}");
        assertThat(new InstanceName(with(Duration.ofSeconds(2), 5, Duration.ofSeconds(1))).value()).isNotEqualTo(made);
    }
}
