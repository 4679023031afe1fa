package org.fieldplan.api.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_IMPORT;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Localities from Malta's local councils (administrative boundaries, admin_level 8) as the desk and the public form
 * see them, on the real PostGIS and the real Malta extract. Which council holds which point is checked in geo-data's
 * {@code AddressExtractTest} against the raw boundary ways; here: the suggestions read the council, a place inside a
 * council still finds its streets, and an index built by older rules is rebuilt although the extract is the same.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AddressLocalitiesIT {

    @Autowired
    TestHttp http;

    @Autowired
    Fixtures fixtures;

    @Autowired
    DSLContext db;

    @Autowired
    AddressImport imports;

    @Autowired
    RoadMap map;

    Login admin;

    @BeforeAll
    void index() {
        admin = fixtures.user(Role.ADMINISTRATOR);
        assertThat(imports.ensureCurrent()).as("the Malta extract is configured").isTrue();
    }

    @Test
    void aStreetNearACouncilBorderReadsTheCouncilThatHoldsIt() {
        // Triq Għargħur leads out of Naxxar towards Għargħur; the nearest place node named it Għargħur
        List<String> labels = labels(admin, "/api/addresses?limit=50&q=" + enc("triq gharghur"));
        assertThat(labels).contains("Triq Gharghur, Naxxar").doesNotContain("Triq Gharghur, Gharghur");
        JsonNode best = search(admin, "/api/addresses?q=" + enc("triq gharghur naxxar")).get(0);
        assertThat(best.path("label").asString()).isEqualTo("Triq Gharghur, Naxxar");
        assertThat(best.path("locality").asString()).isEqualTo("Naxxar");
    }

    @Test
    void aDoorReadsItsCouncilAndTheOldNameOfTheTownStillFindsIt() {
        // the door of Blanche Street 1 is in Sliema's council, next to Gżira; "tas-sliema" is the council's Maltese name
        for (String q : List.of("blanche street 1 sliema", "Blanche Street 1 Tas-Sliema")) {
            JsonNode best = search(admin, "/api/addresses?q=" + enc(q)).get(0);
            assertThat(best.path("label").asString()).as(q).isEqualTo("Blanche Street 1, Sliema");
            assertThat(best.path("exact").asBoolean()).isTrue();
        }
    }

    @Test
    void suggestionsKeepReadingStreetNumberAndTown() {
        JsonNode best = search(null, "/api/public/addresses?q=" + enc("triq il-kbira 12 mosta")).get(0);
        assertThat(best.path("label").asString()).isEqualTo("Triq il-Kbira 12, Mosta");
        assertThat(best.path("locality").asString()).isEqualTo("Mosta");
    }

    @Test
    void aPlaceInsideACouncilStillFindsItsStreets() {
        // Buġibba and Qawra are parts of St Paul's Bay's council: the suggestion names the council
        for (String q : List.of("triq it-turisti bugibba", "triq it-turisti qawra", "triq it-turisti saint paul's bay")) {
            List<String> labels = labels(null, "/api/public/addresses?q=" + enc(q));
            assertThat(labels).as(q).contains("Triq it-Turisti, Saint Paul's Bay");
        }
    }

    @Test
    void anIndexBuiltByOlderRulesIsRebuiltFromTheSameExtract() {
        Path extract = map.extract();
        assertThat(extract).isNotNull();
        assertThat(imports.importIfChanged(extract).imported()).as("same extract, same rules").isFalse();
        // what a deployment upgraded from the nearest-place index has: the same checksum, no rules (V105's default)
        db.update(ADDRESS_IMPORT).set(ADDRESS_IMPORT.RULES, "").execute();
        db.update(ADDRESS_ENTRY).set(ADDRESS_ENTRY.LOCALITY, "Gharghur")
                .where(ADDRESS_ENTRY.KIND.eq("street"), ADDRESS_ENTRY.STREET.eq("Triq Gharghur")).execute();
        AddressImport.Outcome again = imports.importIfChanged(extract);
        assertThat(again.imported()).as("rebuilt: the rules changed").isTrue();
        assertThat(db.fetchValue(ADDRESS_IMPORT.RULES)).isEqualTo(imports.rules()).contains("admin_level=8");
        assertThat(db.fetchValue(ADDRESS_IMPORT.BOUNDARIES)).isEqualTo(67);
        assertThat(db.selectDistinct(ADDRESS_ENTRY.LOCALITY).from(ADDRESS_ENTRY)
                .where(ADDRESS_ENTRY.KIND.eq("street"), ADDRESS_ENTRY.STREET.eq("Triq Gharghur")).fetch(ADDRESS_ENTRY.LOCALITY))
                .containsExactly("Naxxar");
        assertThat(imports.importIfChanged(extract).imported()).as("and only once").isFalse();
    }

    private JsonNode search(Login who, String path) {
        Response r = http.authorization(who == null ? null : who.basic()).get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().size()).as(path).isPositive();
        return r.json();
    }

    private List<String> labels(Login who, String path) {
        return search(who, path).findValuesAsString("label");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
