package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.data.Offset.offset;

import java.util.List;

import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

class RouteGeometryIT {

    @Test
    void theRoadPolylineFollowsTheStopsAndItsLegsAgreeWithTheMatrix() {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MONACO), System.out::println)) {
            List<GeoPoint> stops = network.randomRoadLocations(5, 7L, 20);

            RouteGeometry route = network.routeGeometry(stops);
            TravelMatrix matrix = network.matrix(stops);

            assertThat(route.legs()).hasSize(4);
            for (RouteGeometry.Leg leg : route.legs()) {
                assertThat(leg.seconds()).as("leg %s", leg).isCloseTo(matrix.seconds(leg.from(), leg.to()), offset(1));
                assertThat(leg.metres()).as("leg %s", leg).isCloseTo(matrix.metres(leg.from(), leg.to()), offset(1));
                // the polyline of a leg is as long as the leg's distance (GraphHopper measures along it)
                double along = 0;
                for (int k = leg.firstPoint(); k < leg.lastPoint(); k++) {
                    along += new GeoPoint(route.lats()[k], route.lons()[k])
                            .haversineMetres(new GeoPoint(route.lats()[k + 1], route.lons()[k + 1]));
                }
                assertThat(along).as("length of leg %s along its points", leg).isCloseTo(leg.metres(), offset(leg.metres() * 0.01 + 2));
            }
            assertThat(route.legs().get(0).firstPoint()).isZero();
            for (int i = 1; i < route.legs().size(); i++) {
                assertThat(route.legs().get(i).firstPoint()).isEqualTo(route.legs().get(i - 1).lastPoint());
            }
            assertThat(route.legs().getLast().lastPoint()).isEqualTo(route.lats().length - 1);
            // the line starts and ends on the roads next to the first and last stop (jitter 20 m, snap limit 300 m)
            GeoPoint start = new GeoPoint(route.lats()[0], route.lons()[0]);
            GeoPoint end = new GeoPoint(route.lats()[route.lats().length - 1], route.lons()[route.lons().length - 1]);
            assertThat(start.haversineMetres(stops.getFirst())).isLessThan(300);
            assertThat(end.haversineMetres(stops.getLast())).isLessThan(300);
            assertThat(route.toGeoJson()).startsWith("{\"type\":\"Feature\",\"geometry\":{\"type\":\"LineString\"");
        }
    }

    @Test
    void aStopInTheSeaIsNamed() {
        try (RoadNetwork network = RoadNetwork.open(Extracts.settings(Extracts.MONACO), System.out::println)) {
            List<GeoPoint> stops = List.of(new GeoPoint(43.7384, 7.4246), new GeoPoint(43.70, 7.45));

            assertThat(catchThrowable(() -> network.routeGeometry(stops)))
                    .isInstanceOfSatisfying(LocationsOffRoadException.class,
                            e -> assertThat(e.locations()).extracting(OffRoadLocation::index).containsExactly(1));
        }
    }
}
