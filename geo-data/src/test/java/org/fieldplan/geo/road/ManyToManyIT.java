package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The many-to-many matrix against GraphHopper's own point-to-point routes on real extracts: every
 * entry within 1 s and 1 m of the route GraphHopper computes between the same two points.
 */
class ManyToManyIT {

    @ParameterizedTest
    @ValueSource(strings = {Extracts.ANDORRA, Extracts.MONACO, Extracts.MALTA})
    void matrixEqualsPointToPointRoutes(String extract) {
        long seed = Long.getLong("fieldplan.test.seed", 20_261_122L);
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(extract), System.out::println)) {
            List<GeoPoint> points = new ArrayList<>(network.randomRoadLocations(45, seed, 40));
            Random random = new Random(seed);
            // the same location twice, and two locations on the same road a few metres apart
            points.add(points.get(random.nextInt(points.size())));
            GeoPoint near = points.get(random.nextInt(points.size()));
            points.add(new GeoPoint(near.lat() + 0.00005, near.lon() + 0.00003));

            TravelMatrix matrix = network.matrix(points);

            assertThat(matrix.size()).isEqualTo(points.size());
            int reachable = 0;
            for (int i = 0; i < points.size(); i++) {
                for (int j = 0; j < points.size(); j++) {
                    String pair = String.format("%s seed %d: %d %s -> %d %s", extract, seed, i, points.get(i), j, points.get(j));
                    if (i == j) {
                        assertThat(matrix.seconds(i, j)).as(pair).isZero();
                        continue;
                    }
                    PointToPointRoute route = network.route(points.get(i), points.get(j), false);
                    if (route == null) {
                        assertThat(matrix.reachable(i, j)).as(pair + " is unreachable for GraphHopper").isFalse();
                        assertThat(matrix.metres(i, j)).as(pair).isEqualTo(TravelMatrix.UNREACHABLE);
                        continue;
                    }
                    reachable++;
                    assertThat(matrix.seconds(i, j)).as(pair + " seconds").isCloseTo(route.seconds(), org.assertj.core.data.Offset.offset(1));
                    assertThat(matrix.metres(i, j)).as(pair + " metres").isCloseTo(route.roundedMetres(), org.assertj.core.data.Offset.offset(1));
                }
            }
            assertThat(reachable).as("seed %d: most pairs must be routable, or the comparison proves little", seed)
                    .isGreaterThan(points.size() * points.size() / 2);
        }
    }

    @Test
    void locationsFarFromRoadsAreReportedAllAtOnce() {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MALTA), System.out::println)) {
            List<GeoPoint> points = List.of(
                    new GeoPoint(35.8989, 14.5146),   // Valletta, on a street
                    new GeoPoint(35.80, 14.20),       // the sea west of Malta, ~15 km from land
                    new GeoPoint(35.9122, 14.5041),   // Sliema
                    new GeoPoint(36.20, 14.60));      // the sea north of Gozo

            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> network.matrix(points)))
                    .isInstanceOfSatisfying(LocationsOffRoadException.class, e -> {
                        assertThat(e.locations()).extracting(OffRoadLocation::index).containsExactly(1, 3);
                        assertThat(e.locations()).allSatisfy(l -> assertThat(l.distanceMetres()).isGreaterThan(300));
                        assertThat(e.getMessage())
                                .startsWith("2 locations lie farther than the snap limit (300 m) from any road of malta-2018-08-27.osm.pbf")
                                .contains("location 1 (lat 35.8, lon 14.2): the nearest road is ")
                                .contains("location 3 (lat 36.2, lon 14.6): the nearest road is ");
                    });
            assertThat(network.offRoad(points)).extracting(OffRoadLocation::index).containsExactly(1, 3);
            assertThat(network.offRoad(points.subList(2, 3))).isEmpty();
        }
    }

    @Test
    void concurrentMatricesOnOneNetworkEqualTheSameMatricesOneAfterTheOther() throws Exception {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MONACO), System.out::println)) {
            List<GeoPoint> first = network.randomRoadLocations(120, 1, 30);
            List<GeoPoint> second = network.randomRoadLocations(90, 2, 30);
            TravelMatrix firstAlone = network.matrix(first);
            TravelMatrix secondAlone = network.matrix(second);

            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<TravelMatrix>> results = new ArrayList<>();
                for (int k = 0; k < 8; k++) {
                    List<GeoPoint> points = k % 2 == 0 ? first : second;
                    results.add(pool.submit(() -> network.matrix(points)));
                }
                for (int k = 0; k < results.size(); k++) {
                    assertThat(results.get(k).get()).as("concurrent matrix %d", k).isEqualTo(k % 2 == 0 ? firstAlone : secondAlone);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
