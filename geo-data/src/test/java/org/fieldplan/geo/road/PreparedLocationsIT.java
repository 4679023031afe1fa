package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * Travel between a new point and a prepared set equals the full matrix over the set plus that point, on Malta:
 * random new points, a point equal to a prepared one, and points a few metres from prepared ones (the same road edge).
 */
class PreparedLocationsIT {

    @Test
    void travelToAndFromANewPointEqualsTheFullMatrix() {
        long seed = Long.getLong("fieldplan.test.seed", 20_261_123L);
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MALTA), System.out::println)) {
            List<GeoPoint> prepared = network.randomRoadLocations(200, seed, 30);
            PreparedLocations locations = network.prepare(prepared);
            assertThat(locations.size()).isEqualTo(200);

            Random random = new Random(seed);
            List<GeoPoint> probes = new ArrayList<>(network.randomRoadLocations(12, seed + 1, 30));
            probes.add(prepared.get(random.nextInt(prepared.size())));
            for (int k = 0; k < 6; k++) {
                GeoPoint near = prepared.get(random.nextInt(prepared.size()));
                probes.add(new GeoPoint(near.lat() + 0.00004 * (k % 3 - 1), near.lon() + 0.00003 * (k % 2 == 0 ? 1 : -1)));
            }
            int compared = 0;
            for (GeoPoint probe : probes) {
                List<GeoPoint> all = new ArrayList<>(prepared);
                all.add(probe);
                TravelMatrix full = network.matrix(all);
                int n = prepared.size();
                PreparedLocations.Travel travel = locations.travel(probe);
                for (int i = 0; i < n; i++) {
                    String pair = String.format("seed %d: probe %s and prepared %d %s", seed, probe, i, prepared.get(i));
                    assertThat(travel.toSeconds()[i]).as(pair + " to, seconds").isCloseTo(full.seconds(n, i), Offset.offset(1));
                    assertThat(travel.toMetres()[i]).as(pair + " to, metres").isCloseTo(full.metres(n, i), Offset.offset(1));
                    assertThat(travel.fromSeconds()[i]).as(pair + " from, seconds").isCloseTo(full.seconds(i, n), Offset.offset(1));
                    assertThat(travel.fromMetres()[i]).as(pair + " from, metres").isCloseTo(full.metres(i, n), Offset.offset(1));
                    if (full.reachable(n, i)) {
                        compared++;
                    }
                }
            }
            assertThat(compared).as("most pairs must be routable, or the comparison proves little")
                    .isGreaterThan(probes.size() * 200 / 2);
        }
    }
}
