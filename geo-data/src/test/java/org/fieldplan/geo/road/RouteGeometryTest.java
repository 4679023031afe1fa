package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fieldplan.engine.travel.GeoPoint;
import org.junit.jupiter.api.Test;

class RouteGeometryTest {

    private static PointToPointRoute leg(long millis, double metres, double[][] latLons) {
        double[] lats = new double[latLons.length];
        double[] lons = new double[latLons.length];
        for (int i = 0; i < latLons.length; i++) {
            lats[i] = latLons[i][0];
            lons[i] = latLons[i][1];
        }
        return new PointToPointRoute(millis, metres, lats, lons);
    }

    @Test
    void joinsLegsIntoOnePolylineSharingTheJoints() throws Exception {
        // A (35.0, 14.0) -> B (35.0, 14.1) -> C (35.1, 14.1): two legs that meet at B
        List<GeoPoint> stops = List.of(new GeoPoint(35.0, 14.0), new GeoPoint(35.0, 14.1), new GeoPoint(35.1, 14.1));
        RouteGeometry route = RouteGeometry.of(stops, List.of(
                leg(61_400, 9_120.4, new double[][] {{35.0, 14.0}, {35.0, 14.05}, {35.0, 14.1}}),
                leg(90_600, 11_119.6, new double[][] {{35.0, 14.1}, {35.1, 14.1}})));

        assertThat(route.lats()).containsExactly(35.0, 35.0, 35.0, 35.1);
        assertThat(route.lons()).containsExactly(14.0, 14.05, 14.1, 14.1);
        assertThat(route.legs()).containsExactly(
                new RouteGeometry.Leg(0, 1, 61, 9_120, 0, 2),
                new RouteGeometry.Leg(1, 2, 91, 11_120, 2, 3));
        assertThat(route.seconds()).isEqualTo(152);
        assertThat(route.metres()).isEqualTo(20_240);

        JsonNode geoJson = new ObjectMapper().readTree(route.toGeoJson());
        assertThat(geoJson.path("type").asText()).isEqualTo("Feature");
        assertThat(geoJson.path("geometry").path("type").asText()).isEqualTo("LineString");
        assertThat(geoJson.path("geometry").path("coordinates").toString())
                .isEqualTo("[[14.0,35.0],[14.05,35.0],[14.1,35.0],[14.1,35.1]]");
        assertThat(geoJson.path("properties").path("legs").get(1).toString())
                .isEqualTo("{\"from\":1,\"to\":2,\"seconds\":91,\"metres\":11120,\"firstPoint\":2,\"lastPoint\":3}");
    }

    @Test
    void aLegBetweenTheSamePlaceIsEmpty() {
        List<GeoPoint> stops = List.of(new GeoPoint(35.0, 14.0), new GeoPoint(35.0, 14.0));
        RouteGeometry route = RouteGeometry.of(stops, List.of(leg(0, 0, new double[][] {{35.0, 14.0}})));

        assertThat(route.legs()).containsExactly(new RouteGeometry.Leg(0, 1, 0, 0, 0, 0));
        assertThat(route.lats()).hasSize(1);
    }
}
