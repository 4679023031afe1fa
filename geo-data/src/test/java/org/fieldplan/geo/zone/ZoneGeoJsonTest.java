package org.fieldplan.geo.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

class ZoneGeoJsonTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = ZoneGeoJsonTest.class.getResourceAsStream("/zones/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Geometry wkt(String text) throws ParseException {
        return new WKTReader().read(text);
    }

    private static List<String> problems(String json) {
        try {
            ZoneGeoJson.read(json, "test.geojson");
        } catch (ZoneFormatException e) {
            return e.problems().stream().map(ZoneProblem::toString).toList();
        }
        throw new AssertionError("expected the document to be rejected:\n" + json);
    }

    private static String collection(String... features) {
        return "{\"type\": \"FeatureCollection\", \"features\": [" + String.join(",\n", features) + "]}";
    }

    private static String polygonFeature(String id, String rings) {
        return "{\"type\": \"Feature\", \"properties\": {\"id\": \"" + id + "\"},"
                + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": " + rings + "}}";
    }

    @Test
    void readsPolygonsAndMultiPolygonsWithHolesAndProperties() throws Exception {
        ZoneCollection read = ZoneGeoJson.read(fixture("malta-three-zones.geojson"), "malta-three-zones.geojson");

        assertThat(read.zones()).extracting(ServiceZone::id).containsExactly("valletta", "sliema", "gozo-comino");
        assertThat(read.zones()).extracting(ServiceZone::name)
                .containsExactly("Valletta harbour", "sliema", "Gozo and Comino");
        assertThat(read.zones()).extracting(ServiceZone::city).containsExactly("Valletta", "Sliema", "Gozo");

        assertThat(read.zones().get(0).geometry().equalsTopo(
                wkt("POLYGON ((14.50 35.89, 14.52 35.89, 14.52 35.90, 14.50 35.90, 14.50 35.89))"))).isTrue();
        assertThat(read.zones().get(1).geometry().equalsTopo(
                wkt("POLYGON ((14.49 35.895, 14.51 35.895, 14.51 35.915, 14.49 35.915, 14.49 35.895))"))).isTrue();
        Geometry gozo = read.zones().get(2).geometry();
        assertThat(gozo.getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(gozo.equalsTopo(wkt("MULTIPOLYGON ("
                + "((14.20 36.00, 14.30 36.00, 14.30 36.08, 14.20 36.08, 14.20 36.00),"
                + " (14.24 36.03, 14.24 36.05, 14.26 36.05, 14.26 36.03, 14.24 36.03)),"
                + "((14.33 36.00, 14.35 36.00, 14.34 36.02, 14.33 36.00)))"))).isTrue();
        assertThat(gozo.getSRID()).isEqualTo(4326);
    }

    @Test
    void closesOpenRingsAndNormalisesOrientationAndSaysSo() throws Exception {
        ZoneCollection read = ZoneGeoJson.read(fixture("malta-three-zones.geojson"), "malta-three-zones.geojson");

        assertThat(read.fixes()).map(ZoneProblem::toString).containsExactly(
                "features[1].geometry.coordinates[0]: ring was not closed; closed it by repeating the first point (lon 14.49, lat 35.895)",
                "features[1].geometry.coordinates[0]: outer ring was clockwise; reversed to counter-clockwise (RFC 7946)",
                "features[2].geometry.coordinates[0][1]: hole was counter-clockwise; reversed to clockwise (RFC 7946)");
        for (ServiceZone zone : read.zones()) {
            for (int i = 0; i < zone.geometry().getNumGeometries(); i++) {
                Polygon polygon = (Polygon) zone.geometry().getGeometryN(i);
                assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates())).as(zone.id() + " shell").isTrue();
                for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                    assertThat(Orientation.isCCW(polygon.getInteriorRingN(h).getCoordinates())).as(zone.id() + " hole").isFalse();
                }
            }
        }
    }

    @Test
    void writesWhatItReadsAndReadsWhatItWrites() throws Exception {
        List<ServiceZone> zones = ZoneGeoJson.read(fixture("malta-three-zones.geojson"), "fixture").zones();

        String written = ZoneGeoJson.write(zones);
        ZoneCollection again = ZoneGeoJson.read(written, "written");

        assertThat(again.fixes()).isEmpty();
        assertThat(again.zones()).hasSameSizeAs(zones);
        for (int i = 0; i < zones.size(); i++) {
            ServiceZone a = zones.get(i);
            ServiceZone b = again.zones().get(i);
            assertThat(b.id()).isEqualTo(a.id());
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.city()).isEqualTo(a.city());
            assertThat(b.geometry().equalsExact(a.geometry())).as(a.id()).isTrue();
        }
        assertThat(written).contains("\"type\" : \"MultiPolygon\"").contains("\"city\" : \"Gozo\"");
    }

    @Test
    void writingFixesTheOrientationOfGeometryFromElsewhere() throws Exception {
        // a clockwise square, as a database or another tool might hand it over
        Geometry clockwise = wkt("POLYGON ((0 0, 0 1, 1 1, 1 0, 0 0))");
        String written = ZoneGeoJson.write(List.of(new ServiceZone("z", "Z", null, clockwise)));

        ZoneCollection read = ZoneGeoJson.read(written, "written");
        assertThat(read.fixes()).isEmpty();
        assertThat(written).doesNotContain("city");
        assertThat(read.zones().getFirst().geometry().equalsTopo(clockwise)).isTrue();
    }

    @Test
    void reportsEveryBadFeatureAtOnceByPath() {
        String json = collection(
                // 0: fine
                polygonFeature("ok", "[[[0,0],[1,0],[1,1],[0,0]]]"),
                // 1: a closed ring of 3 points is a line there and back
                polygonFeature("short", "[[[0,0],[1,0],[0,0]]]"),
                // 2: a bow tie: the edges (0 0)-(2 2) and (2 0)-(0 2) cross at (1 1)
                polygonFeature("bowtie", "[[[0,0],[2,2],[2,0],[0,2],[0,0]]]"),
                // 3: no id at all
                "{\"type\": \"Feature\", \"properties\": {\"name\": \"anonymous\"},"
                        + " \"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[0,0],[1,0],[1,1],[0,0]]]}}",
                // 4: the id of feature 0 again
                polygonFeature("ok", "[[[5,5],[6,5],[6,6],[5,5]]]"),
                // 5: a line is not an area
                "{\"type\": \"Feature\", \"properties\": {\"id\": \"line\"},"
                        + " \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[0,0],[1,1]]}}",
                // 6: Tokyo written as [lat, lon]: latitude 139.7 cannot be
                polygonFeature("swapped", "[[[35.68,139.69],[35.68,139.70],[35.69,139.70],[35.68,139.69]]]"),
                // 7: a hole far outside its shell
                polygonFeature("stray-hole", "[[[0,0],[4,0],[4,4],[0,4],[0,0]], [[10,10],[10,11],[11,11],[10,10]]]"),
                // 8: two parts of one zone that overlap
                "{\"type\": \"Feature\", \"properties\": {\"id\": \"overlap\"}, \"geometry\": {\"type\": \"MultiPolygon\","
                        + " \"coordinates\": [[[[0,0],[2,0],[2,2],[0,2],[0,0]]], [[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}}");

        assertThat(problems(json)).containsExactly(
                "features[1].geometry.coordinates[0]: ring has 3 points; a polygon ring needs at least 4 (closed), i.e. 3 corners and the first repeated at the end",
                "features[2].geometry.coordinates[0]: the ring crosses itself at (lon 1, lat 1); move its points so that edges meet only at their ends, or split the zone into a MultiPolygon",
                "features[3].properties.id: is missing; give every zone an id, e.g. \"properties\": {\"id\": \"valletta-north\"}",
                "features[4].properties.id: \"ok\" is already the id of features[0]; zone ids must be unique",
                "features[5].geometry.type: is \"LineString\"; a zone's geometry must be a \"Polygon\" or a \"MultiPolygon\"",
                "features[6].geometry.coordinates[0][0]: is [35.68,139.69]; it looks like [latitude, longitude]: GeoJSON wants longitude first",
                "features[6].geometry.coordinates[0][1]: is [35.68,139.7]; it looks like [latitude, longitude]: GeoJSON wants longitude first",
                "features[6].geometry.coordinates[0][2]: is [35.69,139.7]; it looks like [latitude, longitude]: GeoJSON wants longitude first",
                "features[6].geometry.coordinates[0][3]: is [35.68,139.69]; it looks like [latitude, longitude]: GeoJSON wants longitude first",
                "features[7].geometry.coordinates: hole lies outside shell at (lon 10, lat 10); a hole must lie inside the polygon's first (outer) ring",
                "features[8].geometry.coordinates: self-intersection at (lon 2, lat 1); the parts of this MultiPolygon overlap or touch along an edge; merge overlapping parts into one Polygon or move them apart");
    }

    @Test
    void theExceptionMessageListsEveryProblemAndReadsNothing() {
        String json = collection(polygonFeature("a", "[[[0,0],[1,0],[0,0]]]"), polygonFeature("b", "[[[0,0]]]"));

        assertThatThrownBy(() -> ZoneGeoJson.read(json, "zones.geojson"))
                .isInstanceOf(ZoneFormatException.class)
                .hasMessageStartingWith("The zones in zones.geojson have 2 problems; nothing was read:")
                .hasMessageContaining("features[0].geometry.coordinates[0]: ring has 3 points")
                .hasMessageContaining("features[1].geometry.coordinates[0]: ring has 1 point;");
    }

    @Test
    void aHoleCrossingTheShellIsReportedWithThePlace() {
        // shell 0..4 square; the hole pokes out through the right edge x = 4 at y = 1 and y = 2
        String json = collection(polygonFeature("poke",
                "[[[0,0],[4,0],[4,4],[0,4],[0,0]], [[3,1],[3,2],[5,2],[5,1],[3,1]]]"));

        assertThat(problems(json)).singleElement().asString()
                .startsWith("features[0].geometry.coordinates: self-intersection at (lon 4, lat ")
                .endsWith("; rings may touch only at single points; move the points so that the boundaries do not cross");
    }

    @Test
    void rejectsWhatIsNotAFeatureCollectionAndBrokenJson() {
        assertThat(problems("{\"type\": \"Feature\"}")).containsExactly(
                "type: is \"Feature\"; zones come as a GeoJSON FeatureCollection, one Feature per zone");
        assertThat(problems("[1, 2]")).containsExactly(
                "$: is an array; expected a GeoJSON object {\"type\": \"FeatureCollection\", \"features\": [...]}");
        assertThat(problems("{\"type\": \"FeatureCollection\",\n \"features\": [ {\"type\": }]}")).singleElement().asString()
                .startsWith("$: not valid JSON at line 2, column ");
        assertThat(problems(collection(polygonFeature("out", "[[[0,0],[181,0],[1,1],[0,0]]]")))).containsExactly(
                "features[0].geometry.coordinates[0][1]: is [181,0]; longitude must lie in [-180, 180] and latitude in [-90, 90]");
    }

    @Test
    void anEmptyCollectionIsNoZones() {
        assertThat(ZoneGeoJson.read(collection(), "empty").zones()).isEmpty();
    }

    @Test
    void edgeCasesThatAreFineAndOnesThatAreNot() {
        // a hole touching its shell at one point, (0 2) on the shell's left edge: allowed
        String touchingHole = collection(polygonFeature("touch",
                "[[[0,0],[4,0],[4,4],[0,4],[0,0]], [[0,2],[2,1],[2,3],[0,2]]]"));
        assertThat(ZoneGeoJson.read(touchingHole, "t").zones()).singleElement()
                .satisfies(z -> assertThat(z.geometry().getArea()).isEqualTo(16 - 2));
        // two parts of a MultiPolygon meeting at one corner (2 2): allowed
        String cornerToCorner = "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"id\": 7,"
                + " \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": [[[[0,0],[2,0],[2,2],[0,2],[0,0]]], [[[2,2],[4,2],[4,4],[2,4],[2,2]]]]}}]}";
        assertThat(ZoneGeoJson.read(cornerToCorner, "c").zones()).singleElement()
                .satisfies(z -> assertThat(z.id()).isEqualTo("7"));
        // a ring whose corners lie on one line has no area
        assertThat(problems(collection(polygonFeature("flat", "[[[0,0],[1,0],[2,0],[0,0]]]")))).containsExactly(
                "features[0].geometry.coordinates[0]: ring encloses no area: its 4 points lie on one line;"
                        + " a zone needs at least 3 corners that are not in a row");
        // a ring that visits the same corner twice with nothing between is still a triangle
        assertThat(ZoneGeoJson.read(collection(polygonFeature("dup", "[[[0,0],[1,0],[1,0],[1,1],[0,0]]]")), "d").zones())
                .singleElement().satisfies(z -> assertThat(z.geometry().getArea()).isEqualTo(0.5));
    }
}
