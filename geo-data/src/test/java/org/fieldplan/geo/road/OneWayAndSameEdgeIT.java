package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import com.graphhopper.util.EdgeIteratorState;
import com.graphhopper.util.FetchMode;
import com.graphhopper.util.PointList;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * Locations that snap onto the same edge: the matrix must use the partial weights of both parts of
 * the split edge and respect one-way streets, exactly like GraphHopper's own routes.
 */
class OneWayAndSameEdgeIT {

    @Test
    void twoLocationsOnOneOneWayStreet() {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MALTA), System.out::println)) {
            EdgeIteratorState oneWay = network.findEdge(true, 150);
            List<GeoPoint> points = pointsAlong(oneWay);   // 0 at a quarter, 1 at three quarters of the way

            TravelMatrix matrix = network.matrix(points);

            // with the flow: a short hop along the street; against it: around the block
            assertThat(matrix.metres(0, 1)).isCloseTo((int) Math.round(oneWay.getDistance() / 2), offset(3));
            assertThat(matrix.metres(1, 0)).isGreaterThan(matrix.metres(0, 1));
            assertAgreesWithGraphHopper(network, points, matrix);
        }
    }

    @Test
    void twoLocationsOnOneTwoWayStreet() {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MALTA), System.out::println)) {
            EdgeIteratorState twoWay = network.findEdge(false, 150);
            List<GeoPoint> points = pointsAlong(twoWay);

            TravelMatrix matrix = network.matrix(points);

            assertThat(matrix.metres(0, 1)).isCloseTo((int) Math.round(twoWay.getDistance() / 2), offset(3));
            assertThat(matrix.metres(1, 0)).isEqualTo(matrix.metres(0, 1));
            assertAgreesWithGraphHopper(network, points, matrix);
        }
    }

    /** Points a quarter and three quarters along the edge's geometry (from its base node towards its adjacent node). */
    private static List<GeoPoint> pointsAlong(EdgeIteratorState edge) {
        PointList geometry = edge.fetchWayGeometry(FetchMode.ALL);
        return List.of(along(geometry, edge.getDistance() * 0.25), along(geometry, edge.getDistance() * 0.75));
    }

    private static GeoPoint along(PointList geometry, double metres) {
        double left = metres;
        for (int i = 0; i + 1 < geometry.size(); i++) {
            GeoPoint a = new GeoPoint(geometry.getLat(i), geometry.getLon(i));
            GeoPoint b = new GeoPoint(geometry.getLat(i + 1), geometry.getLon(i + 1));
            double segment = a.haversineMetres(b);
            if (left <= segment) {
                double f = left / segment;
                return new GeoPoint(a.lat() + f * (b.lat() - a.lat()), a.lon() + f * (b.lon() - a.lon()));
            }
            left -= segment;
        }
        return new GeoPoint(geometry.getLat(geometry.size() - 1), geometry.getLon(geometry.size() - 1));
    }

    private static void assertAgreesWithGraphHopper(RoadNetwork network, List<GeoPoint> points, TravelMatrix matrix) {
        for (int i = 0; i < points.size(); i++) {
            for (int j = 0; j < points.size(); j++) {
                if (i == j) {
                    continue;
                }
                PointToPointRoute route = network.route(points.get(i), points.get(j), false);
                assertThat(route).as("%d -> %d", i, j).isNotNull();
                assertThat(matrix.seconds(i, j)).as("%d -> %d seconds", i, j).isCloseTo(route.seconds(), offset(1));
                assertThat(matrix.metres(i, j)).as("%d -> %d metres", i, j).isCloseTo(route.roundedMetres(), offset(1));
            }
        }
    }
}
