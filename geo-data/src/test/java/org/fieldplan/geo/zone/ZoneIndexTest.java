package org.fieldplan.geo.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;

class ZoneIndexTest {

    private static List<ServiceZone> maltaZones() throws IOException {
        try (InputStream in = ZoneIndexTest.class.getResourceAsStream("/zones/malta-three-zones.geojson")) {
            assertThat(in).isNotNull();
            return ZoneGeoJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "fixture").zones();
        }
    }

    private static List<String> idsAt(ZoneIndex index, double lat, double lon) {
        return index.zonesAt(lat, lon).stream().map(ServiceZone::id).toList();
    }

    @Test
    void findsEveryZoneContainingAPointIncludingOverlaps() throws IOException {
        ZoneIndex index = new ZoneIndex(maltaZones());

        // valletta: lon 14.50..14.52, lat 35.89..35.90; sliema: lon 14.49..14.51, lat 35.895..35.915
        assertThat(idsAt(index, 35.892, 14.515)).containsExactly("valletta");
        assertThat(idsAt(index, 35.910, 14.495)).containsExactly("sliema");
        assertThat(idsAt(index, 35.897, 14.505)).containsExactly("valletta", "sliema");
        assertThat(idsAt(index, 35.880, 14.505)).isEmpty();
    }

    @Test
    void aPointInAHoleIsOutsideAndAPointOnTheBoundaryIsInside() throws IOException {
        ZoneIndex index = new ZoneIndex(maltaZones());

        // Gozo: lon 14.20..14.30, lat 36.00..36.08 with a hole lon 14.24..14.26, lat 36.03..36.05; Comino a triangle
        assertThat(idsAt(index, 36.01, 14.21)).containsExactly("gozo-comino");
        assertThat(idsAt(index, 36.04, 14.25)).isEmpty();
        assertThat(idsAt(index, 36.005, 14.34)).containsExactly("gozo-comino");
        assertThat(idsAt(index, 36.00, 14.25)).containsExactly("gozo-comino");
        assertThat(idsAt(index, 35.90, 14.51)).containsExactly("valletta", "sliema");
    }

    @Test
    void agreesWithPlainGeometryTestsOnThousandsOfRandomPoints() throws IOException {
        List<ServiceZone> zones = maltaZones();
        ZoneIndex index = new ZoneIndex(zones);
        GeometryFactory factory = new GeometryFactory();
        long seed = 20261122L;
        Random random = new Random(seed);
        int hits = 0;
        for (int k = 0; k < 5_000; k++) {
            double lat = 35.88 + random.nextDouble() * 0.21;
            double lon = 14.18 + random.nextDouble() * 0.36;
            Point point = factory.createPoint(new Coordinate(lon, lat));
            List<Integer> expected = new ArrayList<>();
            for (int z = 0; z < zones.size(); z++) {
                if (zones.get(z).geometry().covers(point)) {
                    expected.add(z);
                }
            }
            int[] actual = index.zoneIndicesAt(lat, lon);
            assertThat(actual).as("seed %d, point %d (lat %s, lon %s)", seed, k, lat, lon)
                    .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
            hits += actual.length;
        }
        assertThat(hits).as("some random points must fall into zones, or the test proves nothing").isGreaterThan(100);
    }

    @Test
    void resolvesManyPointsAtOnceAndGivesTheEngineItsZoneReferences() throws IOException {
        ZoneIndex index = new ZoneIndex(maltaZones());
        List<org.fieldplan.engine.travel.GeoPoint> points = List.of(
                new org.fieldplan.engine.travel.GeoPoint(35.897, 14.505),
                new org.fieldplan.engine.travel.GeoPoint(35.5, 14.0),
                new org.fieldplan.engine.travel.GeoPoint(36.01, 14.21));

        assertThat(index.zoneIndicesAt(points)).isDeepEqualTo(new int[][] {{0, 1}, {}, {2}});
        assertThat(index.zonesAt(points.get(2)).getFirst().toZone())
                .isEqualTo(new org.fieldplan.engine.domain.Zone("gozo-comino", "Gozo and Comino"));
    }

    @Test
    void noZonesContainNothing() {
        assertThat(new ZoneIndex(List.of()).zonesAt(35.9, 14.5)).isEmpty();
    }
}
