package org.fieldplan.api.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Map;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** What the zone editor asks of the API: checking an area before storing it, KML out and in. */
@ApiIntegrationTest
class ZoneEditorApiIT {

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;

    @BeforeEach
    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }

    @Test
    void validateMarksACrossingWhereTheEdgesCrossAndStoresNothing() {
        long zonesBefore = db.fetchCount(org.fieldplan.api.persistence.jooq.Tables.ZONE);
        // a bow tie whose diagonals cross at (14.425, 35.925)
        TestHttp.Response answer = http.post("/api/zones/validate", """
                {"area": {"type": "Polygon", "coordinates": [[[14.40, 35.90], [14.45, 35.95], [14.45, 35.90], [14.40, 35.95], [14.40, 35.90]]]}}""");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("valid").asBoolean()).isFalse();
        JsonNode problem = answer.json().path("problems").path(0);
        assertThat(problem.path("field").asString()).isEqualTo("area.coordinates[0]");
        assertThat(problem.path("reason").asString()).contains("crosses itself");
        assertThat(problem.path("lon").asDouble()).isCloseTo(14.425, offset(1e-9));
        assertThat(problem.path("lat").asDouble()).isCloseTo(35.925, offset(1e-9));

        // a ring of two points has no crossing: the problem is put at its first point
        JsonNode tooShort = http.post("/api/zones/validate", """
                {"area": {"type": "MultiPolygon", "coordinates": [[[[14.50, 35.90], [14.51, 35.91]]]]}}""").json().path("problems").path(0);
        assertThat(tooShort.path("field").asString()).isEqualTo("area.coordinates[0][0]");
        assertThat(tooShort.path("lon").asDouble()).isEqualTo(14.50);
        assertThat(tooShort.path("lat").asDouble()).isEqualTo(35.90);
        assertThat(db.fetchCount(org.fieldplan.api.persistence.jooq.Tables.ZONE)).as("nothing stored").isEqualTo(zonesBefore);
    }

    @Test
    void validateListsTheZonesAnAreaOverlapsWithTheSharedPart() {
        long other = fixtures.squareZone("Overlapped", 20.00, 40.00, 0.10, null);
        long self = fixtures.squareZone("Itself", 20.05, 40.05, 0.10, null);
        TestHttp.Response answer = http.post("/api/zones/validate", """
                {"zoneId": %d, "area": {"type": "Polygon", "coordinates": [[[20.05, 40.05], [20.15, 40.05], [20.15, 40.15], [20.05, 40.15], [20.05, 40.05]]]}}"""
                .formatted(self));
        assertThat(answer.json().path("valid").asBoolean()).as(answer.toString()).isTrue();
        JsonNode overlaps = answer.json().path("overlaps");
        assertThat(overlaps.findValues("zoneId").stream().map(JsonNode::asLong)).contains(other).doesNotContain(self);
        JsonNode shared = null;
        for (JsonNode o : overlaps) {
            if (o.path("zoneId").asLong() == other) {
                shared = o.path("area");
            }
        }
        // the shared part is the square 20.05..20.10 x 40.05..40.10
        double minLon = 180, maxLon = -180;
        for (JsonNode p : shared.path("coordinates").path(0).path(0)) {
            minLon = Math.min(minLon, p.get(0).asDouble());
            maxLon = Math.max(maxLon, p.get(0).asDouble());
        }
        assertThat(minLon).isCloseTo(20.05, offset(1e-9));
        assertThat(maxLon).isCloseTo(20.10, offset(1e-9));
    }

    @Test
    void kmlExportedIsImportedBackAsTheSameZoneWithHoleAndParts() {
        long service = fixtures.serviceType("kml");
        String code = db.fetchValue("SELECT code FROM service_type WHERE id = ?", service).toString();
        String city = Fixtures.unique("Kmltown");
        String name = Fixtures.unique("Ring");
        // a square with a square hole, and a second part beside it
        TestHttp.Response created = http.post("/api/zones", """
                {"name": "%s", "city": "%s", "serviceTypeIds": [%d], "area": {"type": "MultiPolygon", "coordinates": [
                  [[[30.0, 10.0], [30.4, 10.0], [30.4, 10.4], [30.0, 10.4], [30.0, 10.0]], [[30.1, 10.1], [30.1, 10.2], [30.2, 10.2], [30.2, 10.1], [30.1, 10.1]]],
                  [[[31.0, 10.0], [31.1, 10.0], [31.1, 10.1], [31.0, 10.0]]]]}}""".formatted(name, city, service));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode area = created.json().path("zone").path("area");

        TestHttp.Response kml = http.get("/api/zones/kml?city=" + city);
        assertThat(kml.status()).isEqualTo(200);
        assertThat(kml.contentType()).startsWith("application/vnd.google-earth.kml+xml");
        assertThat(kml.body()).contains("<kml xmlns=\"http://www.opengis.net/kml/2.2\">").contains("<MultiGeometry>")
                .contains("<innerBoundaryIs>").contains("<name>" + name + "</name>").contains(code);

        // the same document under another city: a new zone with the same area and service
        String otherCity = Fixtures.unique("Kmlcity");
        String moved = kml.body().replace("<Data name=\"city\"><value>" + city + "</value>", "<Data name=\"city\"><value>" + otherCity + "</value>");
        TestHttp.Response imported = http.send("POST", "/api/zones/kml", moved, Map.of());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        JsonNode zone = imported.json().path(0);
        assertThat(zone.path("city").asString()).isEqualTo(otherCity);
        assertThat(zone.path("name").asString()).isEqualTo(name);
        assertThat(zone.path("area")).isEqualTo(area);
        assertThat(zone.path("serviceTypeIds").path(0).asLong()).isEqualTo(service);
    }

    @Test
    void aKmlOfGoogleMyMapsTakesTheCityFromTheQueryAndBadPlacemarksAreNamed() {
        String city = Fixtures.unique("Mymaps");
        String myMaps = """
                <?xml version="1.0" encoding="UTF-8"?>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Delivery areas</name><Folder><name>Layer 1</name>
                  <Placemark><name>North</name><styleUrl>#poly-000000</styleUrl><Polygon><outerBoundaryIs><LinearRing><tessellate>1</tessellate>
                    <coordinates>
                      14.40,35.90,0 14.45,35.90,0 14.45,35.95,0 14.40,35.95,0 14.40,35.90,0
                    </coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Folder></Document></kml>""";
        TestHttp.Response imported = http.send("POST", "/api/zones/kml?city=" + city, myMaps, Map.of());
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().path(0).path("city").asString()).isEqualTo(city);
        assertThat(imported.json().path(0).path("name").asString()).isEqualTo("North");

        TestHttp.Response bad = http.send("POST", "/api/zones/kml?city=" + city, """
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
                  <Placemark><name>Pin</name><Point><coordinates>14.4,35.9</coordinates></Point></Placemark>
                  <Placemark><name>Bow</name><Polygon><outerBoundaryIs><LinearRing><coordinates>14.40,35.90 14.45,35.95 14.45,35.90 14.40,35.95 14.40,35.90</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Document></kml>""", Map.of());
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.body()).contains("Placemark[0] (Pin)").contains("has no Polygon");

        TestHttp.Response crossing = http.send("POST", "/api/zones/kml?city=" + city, """
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document>
                  <Placemark><name>Bow</name><Polygon><outerBoundaryIs><LinearRing><coordinates>14.40,35.90 14.45,35.95 14.45,35.90 14.40,35.95 14.40,35.90</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
                </Document></kml>""", Map.of());
        assertThat(crossing.status()).isEqualTo(400);
        assertThat(crossing.body()).contains("Placemark[0]").contains("crosses itself");

        TestHttp.Response entity = http.send("POST", "/api/zones/kml", """
                <?xml version="1.0"?><!DOCTYPE kml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&x;</name></Placemark></Document></kml>""", Map.of());
        assertThat(entity.status()).isEqualTo(400);
        assertThat(entity.body()).doesNotContain("root:").contains("DOCTYPE");
    }
}
