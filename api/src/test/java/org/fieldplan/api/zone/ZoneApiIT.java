package org.fieldplan.api.zone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.TestHttp;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@ApiIntegrationTest
class ZoneApiIT {

    // Valletta's peninsula, drawn clockwise and not closed: the reader closes and reorients it
    static final String VALLETTA_CLOCKWISE_OPEN = """
            {"type": "Polygon", "coordinates": [[[14.500, 35.890], [14.500, 35.905], [14.525, 35.905], [14.525, 35.890]]]}""";
    // a bow-tie: the boundary crosses itself
    static final String BOW_TIE = """
            {"type": "Polygon", "coordinates": [[[14.40, 35.90], [14.45, 35.95], [14.45, 35.90], [14.40, 35.95], [14.40, 35.90]]]}""";

    @Autowired
    TestHttp http;
    @Autowired
    Fixtures fixtures;

    @org.junit.jupiter.api.BeforeEach
    void signInAsAdministrator() {
        http.authorization(fixtures.user(Role.ADMINISTRATOR).basic());
    }
    @Autowired
    DSLContext db;

    private String zone(String name, String city, String area, String extra) {
        return """
                {"name": "%s", "city": "%s", "area": %s %s}""".formatted(name, city, area, extra);
    }

    @Test
    void createsAZoneFromGeoJsonAndStoresItAsAPostgisMultiPolygon() {
        long dispatcher = fixtures.user(Role.DISPATCHER).userId();
        String name = Fixtures.unique("Valletta");

        TestHttp.Response created = http.post("/api/zones", zone(name, "Valletta", VALLETTA_CLOCKWISE_OPEN,
                ", \"dispatcherId\": " + dispatcher));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("zone").path("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/zones/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"0\"");
        assertThat(created.json().path("fixes").toString()).contains("closed").contains("counter-clockwise");
        JsonNode area = created.json().path("zone").path("area");
        assertThat(area.path("type").asString()).isEqualTo("MultiPolygon");
        assertThat(area.path("coordinates").path(0).path(0).size()).as("closed ring of 4 corners").isEqualTo(5);
        assertThat(created.json().path("zone").path("dispatcherId").asLong()).isEqualTo(dispatcher);

        // PostGIS sees it where Valletta is (lon 14.51, lat 35.897) and not in Sliema across the harbour
        assertThat(db.fetchValue("SELECT ST_Contains(area, ST_SetSRID(ST_MakePoint(14.51, 35.897), 4326)) FROM zone WHERE id = " + id))
                .isEqualTo(true);
        assertThat(db.fetchValue("SELECT ST_Contains(area, ST_SetSRID(ST_MakePoint(14.505, 35.912), 4326)) FROM zone WHERE id = " + id))
                .isEqualTo(false);
        assertThat(db.fetchValue("SELECT ST_SRID(area) || ' ' || GeometryType(area) FROM zone WHERE id = " + id))
                .isEqualTo("4326 MULTIPOLYGON");

        TestHttp.Response read = http.get("/api/zones/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().path("name").asString()).isEqualTo(name);
        assertThat(read.json().path("area")).isEqualTo(area);
        assertThat(http.get("/api/zones?city=valletta").json().findValues("name").stream().map(JsonNode::asString))
                .contains(name);
    }

    @Test
    void replacingWithAStaleVersionIs412AndWithTheCurrentOneSucceeds() {
        String name = Fixtures.unique("Sliema");
        long id = http.post("/api/zones", zone(name, "Sliema", VALLETTA_CLOCKWISE_OPEN, "")).json().path("zone").path("id").asLong();

        TestHttp.Response blind = http.put("/api/zones/" + id, zone(name + "-blind", "Sliema", VALLETTA_CLOCKWISE_OPEN, ""));
        assertThat(blind.status()).as("a PUT without If-Match: " + blind).isEqualTo(428);
        assertThat(blind.json().path("type").asString()).isEqualTo("/problems/if-match-required");
        TestHttp.Response first = http.send("PUT", "/api/zones/" + id, zone(name + "-renamed", "Sliema", VALLETTA_CLOCKWISE_OPEN, ""),
                Map.of("If-Match", "\"0\""));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().path("zone").path("version").asInt()).isEqualTo(1);

        TestHttp.Response stale = http.send("PUT", "/api/zones/" + id, zone(name + "-lost", "Sliema", VALLETTA_CLOCKWISE_OPEN, ""),
                Map.of("If-Match", "\"0\""));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(1);
        assertThat(http.get("/api/zones/" + id).json().path("name").asString()).isEqualTo(name + "-renamed");
    }

    @Test
    void badInputNamesEveryFieldWithItsValueAndStoresNothing() {
        long technicianUser = fixtures.user(Role.TECHNICIAN).userId();
        int before = db.fetchCount(db.selectFrom("zone"));

        TestHttp.Response response = http.post("/api/zones", zone("Bow tie", "Mdina", BOW_TIE,
                ", \"dispatcherId\": " + technicianUser + ", \"serviceTypeIds\": [987654]"));

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode errors = response.json().path("errors");
        assertThat(errors.findValues("field").stream().map(JsonNode::asString))
                .contains("dispatcherId", "serviceTypeIds[0]")
                .anySatisfy(field -> assertThat(field).startsWith("area"));
        assertThat(errors.toString()).contains("987654").contains("\"value\":" + technicianUser).contains("dispatcher");
        assertThat(db.fetchCount(db.selectFrom("zone"))).isEqualTo(before);

        TestHttp.Response blank = http.post("/api/zones", """
                {"name": " ", "city": "Mdina"}""");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().path("errors").findValues("field").stream().map(JsonNode::asString))
                .containsExactlyInAnyOrder("name", "area");
        assertThat(blank.json().path("errors").toString()).contains("{\"field\":\"name\",\"value\":\" \"");
    }

    @Test
    void unknownIdsAre404AndAMalformedIdIs400() {
        TestHttp.Response missing = http.get("/api/zones/999999999");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString()).contains("zone").contains("999999999");
        assertThat(http.send("PUT", "/api/zones/999999999", zone("x", "y", VALLETTA_CLOCKWISE_OPEN, ""), Map.of("If-Match", "\"0\""))
                .status()).isEqualTo(404);
        assertThat(http.delete("/api/zones/999999999").status()).isEqualTo(404);

        TestHttp.Response malformed = http.get("/api/zones/valletta");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().path("errors").path(0).path("field").asString()).isEqualTo("id");
        assertThat(malformed.json().path("errors").path(0).path("value").asString()).isEqualTo("valletta");
    }

    @Test
    void importsAGeoJsonCollectionOnceAndExportsIt() {
        String city = Fixtures.unique("Gozo");
        String collection = """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "properties": {"id": "victoria", "name": "Victoria", "city": "%1$s"},
                   "geometry": {"type": "Polygon", "coordinates": [[[14.23, 36.03], [14.26, 36.03], [14.26, 36.05], [14.23, 36.05], [14.23, 36.03]]]}},
                  {"type": "Feature", "properties": {"id": "xaghra", "name": "Xaghra", "city": "%1$s"},
                   "geometry": {"type": "Polygon", "coordinates": [[[14.25, 36.05], [14.28, 36.05], [14.28, 36.07], [14.25, 36.07], [14.25, 36.05]]]}}
                ]}""".formatted(city);

        assertThat(http.post("/api/zones/geojson", collection).status()).isEqualTo(200);
        TestHttp.Response again = http.post("/api/zones/geojson", collection);
        assertThat(again.status()).isEqualTo(200);
        assertThat(http.get("/api/zones?city=" + city).json().size()).as("imported twice, stored once").isEqualTo(2);

        JsonNode exported = http.get("/api/zones/geojson?city=" + city).json();
        assertThat(exported.path("type").asString()).isEqualTo("FeatureCollection");
        assertThat(exported.path("features").findValues("name").stream().map(JsonNode::asString))
                .containsExactly("Victoria", "Xaghra");

        String withUnknownService = collection.replace("\"name\": \"Xaghra\", \"city\": \"" + city + "\"",
                "\"name\": \"Xaghra\", \"city\": \"" + city + "\", \"serviceTypes\": [\"teleportation\"]");
        assertThat(withUnknownService).isNotEqualTo(collection);
        TestHttp.Response bad = http.post("/api/zones/geojson", withUnknownService);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().path("errors").path(0).path("field").asString()).isEqualTo("features[1].properties.serviceTypes[0]");
        assertThat(bad.json().path("errors").path(0).path("value").asString()).isEqualTo("teleportation");
    }

    @Test
    void deletesAZone() {
        long id = http.post("/api/zones", zone(Fixtures.unique("Rabat"), "Rabat", VALLETTA_CLOCKWISE_OPEN, ""))
                .json().path("zone").path("id").asLong();
        assertThat(http.delete("/api/zones/" + id).status()).isEqualTo(204);
        assertThat(http.get("/api/zones/" + id).status()).isEqualTo(404);
    }
}
