package org.fieldplan.api.ops;

import org.fieldplan.api.map.RoadMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Health {@code roadNetwork}, part of the readiness group: UP once the road network is open (it is opened in the
 * background as soon as the service is up, so the first window query or planning job does not pay for it), or when
 * no extract is configured (travel is then estimated along straight lines: UP with {@code travel: straight-lines});
 * OUT_OF_SERVICE while it is still loading; DOWN when opening it failed.
 * <p>
 * Tiles: the project does not serve base-map tiles yet. When it does, a {@code tiles} indicator of the same shape (UP
 * once the tile set of the extract's checksum is open) goes next to this one and into
 * {@code management.endpoint.health.group.readiness.include} in application.yml.
 */
@Component("roadNetwork")
class RoadNetworkHealth implements HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(RoadNetworkHealth.class);

    private final RoadMap roadMap;
    private volatile @org.jspecify.annotations.Nullable String failure;

    RoadNetworkHealth(RoadMap roadMap) {
        this.roadMap = roadMap;
    }

    @EventListener(ApplicationReadyEvent.class)
    void openInBackground() {
        if (!roadMap.roads()) {
            return;
        }
        Thread.ofVirtual().name("road-network-open").start(() -> {
            try {
                roadMap.network();
            } catch (RuntimeException e) {
                failure = e.toString();
                LOG.error("the road network could not be opened: {}", e.toString(), e);
            }
        });
    }

    @Override
    public Health health() {
        if (!roadMap.roads()) {
            return Health.up().withDetail("travel", "straight-lines").build();
        }
        String failed = failure;
        if (failed != null) {
            return Health.down().withDetail("error", failed).build();
        }
        return roadMap.loaded() ? Health.up().withDetail("travel", "roads").build()
                : Health.outOfService().withDetail("travel", "roads, still loading").build();
    }
}
