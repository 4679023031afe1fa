package org.fieldplan.api.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.ADDRESS_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import java.text.Normalizer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.address.AddressImport;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.NewServiceRequest.AddressInput;
import org.fieldplan.api.request.NewServiceRequest.ServiceLine;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The desk's back end over HTTP on the real PostGIS: the address index built from the Malta extract, and the request
 * list in the zone scope (a dispatcher of another zone sees none of these rows; one with no zone sees nothing).
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeskApiIT {

    @Autowired
    TestHttp http;

    @Autowired
    Fixtures fixtures;

    @Autowired
    DSLContext db;

    @Autowired
    AddressImport imports;

    @Autowired
    RequestIntake intake;

    Login admin;
    Login dispatcherA;
    Login dispatcherB;
    Login dispatcherWithoutZones;
    long zoneA;
    long zoneB;
    long serviceType;
    String surname;
    List<Long> inA = new ArrayList<>();
    long inB;
    long outside;

    /** Two zones in an empty stretch of ocean (no other test's zone is there), a customer with a Cyrillic name. */
    @BeforeAll
    void company() {
        admin = fixtures.user(Role.ADMINISTRATOR);
        dispatcherA = fixtures.user(Role.DISPATCHER);
        dispatcherB = fixtures.user(Role.DISPATCHER);
        dispatcherWithoutZones = fixtures.user(Role.DISPATCHER);
        zoneA = fixtures.squareZone("desk-a", -30.0, -20.0, 1.0, dispatcherA.userId());
        zoneB = fixtures.squareZone("desk-b", -28.0, -20.0, 1.0, dispatcherB.userId());
        serviceType = fixtures.serviceType("desk");
        surname = "Ёлкин" + Fixtures.unique("").replace("-", "");
        long customer = db.insertInto(CUSTOMER).set(CUSTOMER.NAME, surname + " Пётр")
                .set(CUSTOMER.PHONE, "+356 2123-4567").set(CUSTOMER.EMAIL, "petr@desk.test")
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
        for (int i = 0; i < 3; i++) {
            inA.add(register(customer, -19.5, -29.5 + i * 0.1, "Triq il-Merkanti " + (i + 1)));
        }
        inB = register(customer, -19.5, -27.5, "Sqaq San Pawl 4");
        outside = register(customer, -25.0, -29.5, "Far away 1");
    }

    private long register(long customer, double lat, double lon, String line) {
        OffsetDateTime deadline = OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).withNano(0);
        return intake.intake(new NewServiceRequest(customer, null, new AddressInput(line, lat, lon),
                List.of(new ServiceLine(serviceType, null, 1)), "phone", 3, deadline, null, "desk test"),
                CurrentUser.system("desk-test")).id();
    }

    private TestHttp as(Login who) {
        return http.authorization(who.basic());
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(i.path("id").asLong()));
        return out;
    }

    // ---- the request list ---------------------------------------------------------------------------------------

    @Test
    void eachDispatcherSeesOnlyTheRequestsOfTheirZonesAndOneWithoutZonesNothing() {
        Response a = as(dispatcherA).get("/api/desk/requests?size=200");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(ids(a.json())).containsExactlyInAnyOrderElementsOf(inA);
        assertThat(a.json().path("total").asLong()).isEqualTo(3);
        assertThat(a.json().path("counts").path("new").asLong()).isEqualTo(3);
        assertThat(a.json().path("counts").path("done").asLong()).isZero();
        JsonNode first = a.json().path("items").get(0);
        assertThat(first.path("zoneId").asLong()).isEqualTo(zoneA);
        assertThat(first.path("customerName").asString()).startsWith(surname);
        assertThat(first.path("phone").asString()).isEqualTo("+356 2123-4567");
        assertThat(first.path("number").asString()).matches("\\d{4}-\\d{6}");
        assertThat(first.path("forgotten").asBoolean()).isFalse();
        assertThat(first.path("overdue").asBoolean()).isFalse();

        Response b = as(dispatcherB).get("/api/desk/requests?size=200&q=" + surname);
        assertThat(ids(b.json())).containsExactly(inB);
        assertThat(ids(b.json())).doesNotContainAnyElementsOf(inA);

        Response none = as(dispatcherWithoutZones).get("/api/desk/requests");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().path("total").asLong()).isZero();
        assertThat(none.json().path("items").size()).isZero();

        Response all = as(admin).get("/api/desk/requests?size=200&q=" + surname);
        assertThat(ids(all.json())).containsExactlyInAnyOrder(inA.get(0), inA.get(1), inA.get(2), inB, outside);
        assertThat(ids(as(admin).get("/api/desk/requests?zoneId=none&q=" + surname).json())).containsExactly(outside);
    }

    @Test
    void countsPerStatusFollowEveryChangeAndAgreeWithCountingTheRows() {
        Login dispatcherC = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("desk-c", -26.0, -20.0, 1.0, dispatcherC.userId());
        long customer = fixtures.customerWithoutLogin();
        long first = register(customer, -19.5, -25.5, "Triq il-Fosos 1");
        register(customer, -19.5, -25.4, "Triq il-Fosos 2");
        JsonNode before = as(dispatcherC).get("/api/desk/requests").json().path("counts");
        assertThat(before.path("new").asLong()).isEqualTo(2);
        Response read = as(dispatcherC).get("/api/requests/" + first);
        Response moved = as(dispatcherC).send("POST", "/api/requests/" + first + "/status",
                "{\"status\": \"quoted\", \"note\": \"desk test\"}", java.util.Map.of("If-Match", read.header("ETag")));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        JsonNode after = as(dispatcherC).get("/api/desk/requests").json();
        assertThat(after.path("counts").path("new").asLong()).isEqualTo(1);
        assertThat(after.path("counts").path("quoted").asLong()).isEqualTo(1);
        assertThat(after.path("total").asLong()).isEqualTo(2);
        // the administrator's counts (from the kept counters) are what counting every row gives
        JsonNode all = as(admin).get("/api/desk/requests?size=1").json().path("counts");
        db.select(DSL.field("status", String.class), DSL.count()).from("service_request").groupBy(DSL.field("status"))
                .forEach(r -> assertThat(all.path(r.value1()).asLong()).as(r.value1()).isEqualTo(r.value2().longValue()));
        // with a text search the counts come from the search rows: the same numbers
        JsonNode searched = as(dispatcherC).get("/api/desk/requests?q=fosos").json().path("counts");
        assertThat(searched.path("new").asLong()).isEqualTo(1);
        assertThat(searched.path("quoted").asLong()).isEqualTo(1);
        assertThat(as(dispatcherC).get("/api/desk/requests?q=fosos&source=phone").json().path("counts").path("quoted")
                .asLong()).isEqualTo(1);
    }

    /**
     * The counts are kept per caller and filter between calls (V100's data version): a second request, a status move
     * and a customer's new name (which reaches the search rows through their trigger) are all in the next answer.
     */
    @Test
    void keptCountsFollowNewRequestsStatusMovesAndACustomersNewName() {
        Login dispatcherE = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("desk-e", -22.0, -20.0, 1.0, dispatcherE.userId());
        String name = "Kept" + Fixtures.unique("").replace("-", "");
        long customer = db.insertInto(CUSTOMER).set(CUSTOMER.NAME, name + " Vella").set(CUSTOMER.PHONE, "+356 2999 0000")
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
        long first = register(customer, -19.5, -21.5, "Triq il-Kbira 1");
        String byName = "/api/desk/requests?q=" + name;
        assertThat(as(dispatcherE).get(byName).json().path("counts").path("new").asLong()).isEqualTo(1);
        assertThat(as(dispatcherE).get(byName + "&status=quoted").json().path("counts").path("new").asLong())
                .as("the same counts under a status filter").isEqualTo(1);
        register(customer, -19.5, -21.4, "Triq il-Kbira 2");
        JsonNode two = as(dispatcherE).get(byName).json();
        assertThat(two.path("counts").path("new").asLong()).isEqualTo(2);
        assertThat(two.path("total").asLong()).isEqualTo(2);
        Response read = as(dispatcherE).get("/api/requests/" + first);
        Response moved = as(dispatcherE).send("POST", "/api/requests/" + first + "/status",
                "{\"status\": \"quoted\", \"note\": \"desk test\"}", java.util.Map.of("If-Match", read.header("ETag")));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        JsonNode afterMove = as(dispatcherE).get(byName + "&status=new").json();
        assertThat(afterMove.path("counts").path("new").asLong()).isEqualTo(1);
        assertThat(afterMove.path("counts").path("quoted").asLong()).isEqualTo(1);
        assertThat(afterMove.path("total").asLong()).isEqualTo(1);
        db.update(CUSTOMER).set(CUSTOMER.NAME, "Renamed" + name.substring(4) + " Vella").where(CUSTOMER.ID.eq(customer)).execute();
        JsonNode old = as(dispatcherE).get(byName).json();
        assertThat(old.path("total").asLong()).as(old.toString()).isZero();
        assertThat(old.path("counts").path("quoted").asLong()).isZero();
        assertThat(as(dispatcherE).get("/api/desk/requests?q=Renamed" + name.substring(4)).json().path("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void aNewRequestNobodyTouchedForFourHoursIsForgottenUntilSomeoneComments() {
        Login dispatcherD = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("desk-d", -24.0, -20.0, 1.0, dispatcherD.userId());
        long customer = fixtures.customerWithoutLogin();
        long old = register(customer, -19.5, -23.5, "Triq il-Forn 1");
        long fresh = register(customer, -19.5, -23.4, "Triq il-Forn 2");
        // the test ages the first request by five hours (a fixture, as if registered this morning)
        db.execute("UPDATE service_request SET updated_at = updated_at - interval '5 hours' WHERE id = " + old);
        JsonNode page = as(dispatcherD).get("/api/desk/requests?sort=created").json();
        assertThat(page.path("items").get(0).path("forgotten").asBoolean()).isTrue();
        assertThat(page.path("items").get(1).path("forgotten").asBoolean()).isFalse();
        JsonNode forgotten = as(dispatcherD).get("/api/desk/requests?forgotten=true").json();
        assertThat(ids(forgotten)).containsExactly(old);
        assertThat(forgotten.path("counts").path("new").asLong()).isEqualTo(1);
        Response comment = as(dispatcherD).post("/api/requests/" + old + "/comments",
                "{\"visibility\": \"private\", \"body\": \"Called back, no answer\"}");
        assertThat(comment.status()).as(comment.toString()).isEqualTo(201);
        // the counts under "forgotten" are kept for a few seconds of the clock, but a comment is a write: counted again
        JsonNode answered = as(dispatcherD).get("/api/desk/requests?forgotten=true").json();
        assertThat(ids(answered)).isEmpty();
        assertThat(answered.path("total").asLong()).as(answered.toString()).isZero();
        assertThat(answered.path("counts").path("new").asLong()).isZero();
        assertThat(ids(as(dispatcherD).get("/api/desk/requests").json())).contains(old, fresh);
    }

    @Test
    void namingAZoneThatIsNotYoursIs403() {
        Response r = as(dispatcherB).get("/api/desk/requests?zoneId=" + zoneA);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.json().path("type").asString()).endsWith("/problems/outside-your-zones");
        assertThat(as(dispatcherA).get("/api/desk/requests.csv?zoneId=" + zoneB).status()).isEqualTo(403);
    }

    @Test
    void textSearchFindsByCyrillicNameWithoutAccentsPhoneDigitsNumberAndAddress() {
        String plain = surname.toLowerCase(Locale.ROOT).replace('ё', 'е');
        assertThat(ids(as(admin).get("/api/desk/requests?size=200&q=" + plain + "%20петр").json())).hasSize(5);
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?q=" + surname + "%2021234567").json())).hasSize(3);
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?q=" + surname + "%20MERKANTI").json())).hasSize(3);
        assertThat(ids(as(admin).get("/api/desk/requests?q=" + surname + "%20far%20away").json())).containsExactly(outside);
        String number = as(admin).get("/api/requests/" + inB).json().path("registrationNumber").asString();
        assertThat(ids(as(admin).get("/api/desk/requests?q=" + number).json())).containsExactly(inB);
        assertThat(ids(as(admin).get("/api/desk/requests?q=" + surname + "%20nosuchword").json())).isEmpty();
    }

    @Test
    void filtersSortAndPage() {
        Response page = as(dispatcherA).get("/api/desk/requests?sort=created,-deadline&size=2&page=1");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().path("total").asLong()).isEqualTo(3);
        assertThat(page.json().path("page").asInt()).isEqualTo(1);
        assertThat(ids(page.json())).containsExactly(inA.get(2));
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?sort=-created").json()))
                .containsExactly(inA.get(2), inA.get(1), inA.get(0));
        JsonNode quoted = as(dispatcherA).get("/api/desk/requests?status=quoted,agreed").json();
        assertThat(quoted.path("total").asLong()).isZero();
        assertThat(quoted.path("counts").path("new").asLong()).as("counts ignore the status filter").isEqualTo(3);
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?status=new&source=phone&overdue=false").json())).hasSize(3);
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?source=partner").json())).isEmpty();
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?overdue=true").json())).isEmpty();
        // the desk reads dates in the company's zone (the service's clock): "today" there, not in UTC, or the test
        // fails in the hour after midnight in Malta
        String today = LocalDate.now(clock).toString();
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?createdFrom=2000-01-01&createdTo=" + today
                + "&deadlineFrom=" + today).json())).hasSize(3);
        assertThat(ids(as(dispatcherA).get("/api/desk/requests?deadlineTo=2001-01-01").json())).isEmpty();
    }

    @Autowired
    DeskRequests requests;

    @Autowired
    Clock clock;

    /**
     * A page is read either by walking an index in the list's order or by reading every row the filters leave and
     * sorting them (DeskRequests.pageIds chooses by the total); both give the same rows in the same order, for every
     * sort key in both directions, with and without a text search and a status filter, for a dispatcher and the
     * administrator (with a text search: this test's requests), on several pages.
     */
    @Test
    void bothWaysOfReadingAPageGiveTheSameRowsInTheSameOrder() {
        CurrentUser a = new CurrentUser(dispatcherA.userId(), dispatcherA.username(), Role.DISPATCHER, null, null);
        CurrentUser adm = new CurrentUser(admin.userId(), admin.username(), Role.ADMINISTRATOR, null, null);
        String[] sorts = {"created", "-created", "deadline,-number", "number", "-number", "status,-created", "-priority,deadline",
                "updated", "-updated"};
        String[] filters = {null, surname, surname + " merkanti", "21234567"};
        for (CurrentUser who : List.of(a, adm)) {
            for (String sort : sorts) {
                for (String q : filters) {
                    if (q == null && who == adm) {
                        continue; // every request of the test database: other tests' background work may move them
                    }
                    for (String status : new String[] {null, "new,quoted"}) {
                        for (int page = 0; page < 3; page++) {
                            DeskQuery query = DeskQuery.parse(new DeskQuery.Raw(status == null ? null : List.of(status),
                                    null, null, null, null, null, null, null, null, null, q, sort, Integer.toString(page), "2"),
                                    ZoneOffset.UTC, true);
                            var walked = requests.list(query, who, DeskRequests.Plan.WALK_THE_ORDER);
                            var sorted = requests.list(query, who, DeskRequests.Plan.READ_ALL_AND_SORT);
                            String what = who.username() + " sort=" + sort + " q=" + q + " status=" + status + " page=" + page;
                            assertThat(sorted.items().stream().map(DeskRequests.Item::id).toList()).as(what)
                                    .isEqualTo(walked.items().stream().map(DeskRequests.Item::id).toList());
                            assertThat(sorted.total()).as(what).isEqualTo(walked.total());
                            assertThat(sorted.counts()).as(what).isEqualTo(walked.counts());
                            // a text search's few matches read once for counts and page (what the service chooses
                            // when the counts are not kept), against counting and paging on their own
                            var matchesFirst = requests.list(query, who, DeskRequests.Plan.MATCHES_FIRST);
                            assertThat(matchesFirst.items().stream().map(DeskRequests.Item::id).toList()).as(what)
                                    .isEqualTo(walked.items().stream().map(DeskRequests.Item::id).toList());
                            assertThat(matchesFirst.total()).as(what).isEqualTo(walked.total());
                            assertThat(matchesFirst.counts()).as(what).isEqualTo(walked.counts());
                            if (q != null && page == 0 && sort.equals("created")) {
                                assertThat(walked.items()).as(what + ": the search finds its rows").isNotEmpty();
                            }
                        }
                    }
                }
            }
        }
        // a text search with a zone (pushed into the search rows) or with a source (read through the requests)
        for (CurrentUser who : List.of(a, adm)) {
            for (String sort : sorts) {
                for (String[] zoneAndSource : new String[][] {{Long.toString(zoneA), null}, {"none", null}, {null, "phone"},
                        {Long.toString(zoneA), "phone"}}) {
                    DeskQuery query = DeskQuery.parse(new DeskQuery.Raw(null, zoneAndSource[0], null,
                            zoneAndSource[1] == null ? null : List.of(zoneAndSource[1]), null, null, null, null, null, null,
                            surname, sort, "0", "2"), ZoneOffset.UTC, true);
                    if (who == a && "none".equals(zoneAndSource[0])) {
                        continue; // outside every zone: not a dispatcher's
                    }
                    String what = who.username() + " sort=" + sort + " zone=" + zoneAndSource[0] + " source=" + zoneAndSource[1];
                    assertThat(requests.list(query, who, DeskRequests.Plan.READ_ALL_AND_SORT).items().stream()
                            .map(DeskRequests.Item::id).toList()).as(what).isEqualTo(requests.list(query, who,
                                    DeskRequests.Plan.WALK_THE_ORDER).items().stream().map(DeskRequests.Item::id).toList())
                            .isNotEmpty();
                    var walked = requests.list(query, who, DeskRequests.Plan.WALK_THE_ORDER);
                    var matchesFirst = requests.list(query, who, DeskRequests.Plan.MATCHES_FIRST);
                    assertThat(matchesFirst.items().stream().map(DeskRequests.Item::id).toList()).as(what)
                            .isEqualTo(walked.items().stream().map(DeskRequests.Item::id).toList());
                    assertThat(matchesFirst.counts()).as(what).isEqualTo(walked.counts());
                }
            }
        }
        // the text search reads its rows as an array of ids: the order of the three in zone A, oldest first
        DeskQuery oldestFirst = DeskQuery.parse(new DeskQuery.Raw(null, null, null, null, null, null, null, null, null,
                null, surname + " merkanti", "created", null, null), ZoneOffset.UTC, true);
        assertThat(requests.list(oldestFirst, a, DeskRequests.Plan.READ_ALL_AND_SORT).items().stream()
                .map(DeskRequests.Item::id).toList()).containsExactlyElementsOf(inA);
    }

    @Test
    void badFilterValuesAre400NamingTheFieldAndValue() {
        for (String[] bad : new String[][] {{"status", "lost"}, {"zoneId", "abc"}, {"technicianId", "-4"},
                {"source", "pigeon"}, {"overdue", "maybe"}, {"deadlineFrom", "yesterday"}, {"createdTo", "99999-01-01"},
                {"sort", "colour"}, {"page", "-1"}, {"size", "201"}, {"q", "--"}}) {
            Response r = as(admin).get("/api/desk/requests?" + bad[0] + "=" + bad[1]);
            assertThat(r.status()).as(String.join("=", bad) + ": " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo(bad[0]);
        }
        Response two = as(admin).get("/api/desk/requests?status=lost&size=0");
        assertThat(two.json().path("errors").size()).as("every bad field at once").isEqualTo(2);
        assertThat(two.json().path("errors").get(0).path("value").asString()).isEqualTo("lost");
    }

    @Test
    void csvHasABomAHeaderAndTheSameRows() {
        Response csv = as(dispatcherA).get("/api/desk/requests.csv?sort=created");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("\uFEFFid,number,status,customer,phone,address,");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[1]).startsWith(inA.get(0) + ",").contains(surname, "+356 2123-4567", "new", "phone");
        assertThat(as(dispatcherWithoutZones).get("/api/desk/requests.csv").body().split("\r\n")).hasSize(1);
    }

    // ---- intake sources and templates ------------------------------------------------------------------------------

    private String requestJson(long customer, String source, String extra) {
        return """
                {"customerId": %d, "address": {"line": "Nowhere 1", "lat": -25.0, "lon": -29.0},
                 "services": [{"serviceTypeId": %d}], "source": "%s", "deadline": "%s"%s}
                """.formatted(customer, serviceType, source,
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).withNano(0), extra);
    }

    @Test
    void aSourceRefusesARequestWithoutItsRequiredFieldNamingIt() {
        long noEmail = fixtures.customerWithoutLogin();
        Response r = as(admin).post("/api/requests", requestJson(noEmail, "email", ""));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo("customer.email");
        Response partner = as(admin).post("/api/requests", requestJson(noEmail, "partner", ""));
        assertThat(partner.json().path("errors").get(0).path("field").asString()).isEqualTo("description");
        Response ok = as(admin).post("/api/requests", requestJson(noEmail, "partner", ", \"description\": \"PO-17\""));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }

    @Test
    void aWalkInSourceWithItsResponsiblePersonAndRequiredFieldsIsData() {
        JsonNode sources = as(dispatcherA).get("/api/intake-sources").json();
        assertThat(sources.findValuesAsString("code")).containsExactly("phone", "email", "site", "messenger", "partner", "walk_in", "contract");
        JsonNode walkIn = sources.get(5);
        assertThat(walkIn.path("name").path("ru").asString()).isEqualTo("Личный визит");
        Response changed = as(admin).send("PUT", "/api/intake-sources/walk_in",
                "{\"responsibleUserId\": " + dispatcherWithoutZones.userId() + ", \"requiredFields\": [\"preferredWindow\"]}",
                java.util.Map.of("If-Match", "\"" + walkIn.path("version").asInt() + "\""));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("responsibleName").asString()).isEqualTo("Test " + dispatcherWithoutZones.username());
        assertThat(as(dispatcherA).send("PUT", "/api/intake-sources/walk_in", "{}", java.util.Map.of("If-Match", "\"1\""))
                .status()).as("administrators only").isEqualTo(403);
        Response bad = as(admin).send("PUT", "/api/intake-sources/walk_in", "{\"requiredFields\": [\"shoeSize\"]}",
                java.util.Map.of("If-Match", "\"1\""));
        assertThat(bad.json().path("errors").get(0).path("field").asString()).isEqualTo("requiredFields[0]");
        try {
            long customer = fixtures.customerWithoutLogin();
            Response missing = as(admin).post("/api/requests", requestJson(customer, "walk-in", ""));
            assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("preferredWindow");
            OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0);
            Response taken = as(admin).post("/api/requests", requestJson(customer, "walk-in",
                    ", \"preferredWindow\": {\"start\": \"" + start + "\", \"end\": \"" + start.plusHours(2) + "\"}"));
            assertThat(taken.status()).as(taken.toString()).isEqualTo(201);
            assertThat(taken.json().path("source").asString()).isEqualTo("walk_in");
            assertThat(taken.json().path("dispatcherId").asLong()).as("outside every zone: the source's responsible person")
                    .isEqualTo(dispatcherWithoutZones.userId());
        } finally {
            as(admin).send("PUT", "/api/intake-sources/walk_in", "{\"requiredFields\": []}", java.util.Map.of("If-Match", "\"1\""));
        }
    }

    @Test
    void templatesCarryServicesCommentAndADeadlineRule() {
        String name = Fixtures.unique("Annual meter check");
        Response created = as(dispatcherA).post("/api/request-templates", """
                {"name": "%s", "services": [{"serviceTypeId": %d, "quantity": 3}], "comment": "Bring seals",
                 "deadlineRule": {"days": 5, "time": "17:00"}, "priority": 4, "source": "phone"}
                """.formatted(name, serviceType));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode t = created.json();
        assertThat(t.path("services").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(t.path("deadlineRule").path("time").asString()).isEqualTo("17:00");
        OffsetDateTime deadline = OffsetDateTime.parse(t.path("deadline").asString());
        assertThat(deadline).isAfter(OffsetDateTime.now().plusDays(4)).isBefore(OffsetDateTime.now().plusDays(7));
        assertThat(as(admin).get("/api/request-templates").json().findValuesAsString("name")).contains(name);
        Response twice = as(dispatcherA).post("/api/request-templates", """
                {"name": "%s", "services": [{"serviceTypeId": %d}], "deadlineRule": {"days": 1}}""".formatted(name, serviceType));
        assertThat(twice.status()).isEqualTo(409);
        Response bad = as(dispatcherA).post("/api/request-templates", """
                {"name": "", "services": [{"serviceTypeCode": "no-such"}], "deadlineRule": {"days": 999, "time": "25:00"}}""");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().findValuesAsString("field")).containsExactly("name", "services[0].serviceTypeCode",
                "deadlineRule.days", "deadlineRule.time");
    }

    /**
     * Issue 13: a template is changed as a whole with If-Match (428 without, 412 on a stale version, 400 naming the
     * field, 409 on another template's name) and deleted with its lines; nothing links a request to a template.
     */
    @Test
    void aTemplateIsEditedWithItsVersionAndDeleted() {
        String name = Fixtures.unique("Seal change");
        String other = Fixtures.unique("Other template");
        Response created = as(dispatcherA).post("/api/request-templates", """
                {"name": "%s", "services": [{"serviceTypeId": %d, "quantity": 2}], "comment": "Old comment",
                 "deadlineRule": {"days": 2, "time": "12:00"}, "priority": 2, "source": "phone"}
                """.formatted(name, serviceType));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        int version = created.json().path("version").asInt();
        assertThat(as(dispatcherA).post("/api/request-templates", """
                {"name": "%s", "services": [{"serviceTypeId": %d}], "deadlineRule": {"days": 1}}""".formatted(other, serviceType))
                .status()).isEqualTo(201);
        String change = """
                {"name": "%s", "services": [{"serviceTypeId": %d, "quantity": 5}], "comment": "New comment",
                 "deadlineRule": {"days": 4, "time": "16:30"}, "priority": 5, "source": "email"}""".formatted(name, serviceType);
        String path = "/api/request-templates/" + id;

        assertThat(as(dispatcherA).put(path, change).status()).as("no If-Match").isEqualTo(428);
        Response stale = as(dispatcherA).send("PUT", path, change, java.util.Map.of("If-Match", "\"" + (version + 7) + "\""));
        assertThat(stale.status()).isEqualTo(412);
        Response bad = as(dispatcherA).send("PUT", path, """
                {"name": "%s", "services": [{"serviceTypeId": %d, "quantity": 0}], "deadlineRule": {"days": -1}, "priority": 9}"""
                .formatted(name, serviceType), java.util.Map.of("If-Match", "\"" + version + "\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().findValuesAsString("field")).containsExactly("services[0].quantity", "deadlineRule.days", "priority");
        assertThat(bad.toString()).contains("-1");
        Response clash = as(dispatcherA).send("PUT", path, change.replace(name, other), java.util.Map.of("If-Match", "\"" + version + "\""));
        assertThat(clash.status()).as("another template's name").isEqualTo(409);
        assertThat(db.fetchValue("SELECT comment FROM request_template WHERE id = ?", id)).as("nothing half-written")
                .isEqualTo("Old comment");

        Response changed = as(admin).send("PUT", path, change, java.util.Map.of("If-Match", "\"" + version + "\""));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.header("ETag")).isEqualTo("\"" + (version + 1) + "\"");
        JsonNode read = as(dispatcherA).get(path).json();
        assertThat(read.path("comment").asString()).isEqualTo("New comment");
        assertThat(read.path("services").get(0).path("quantity").asInt()).isEqualTo(5);
        assertThat(read.path("deadlineRule").path("days").asInt()).isEqualTo(4);
        assertThat(read.path("deadlineRule").path("time").asString()).isEqualTo("16:30");
        assertThat(read.path("priority").asInt()).isEqualTo(5);
        assertThat(read.path("source").asString()).isEqualTo("email");

        // deleting is always allowed: no table but the template's own lines refers to a template
        assertThat(db.fetch("""
                SELECT c.conrelid::regclass::text FROM pg_constraint c
                WHERE c.contype = 'f' AND c.confrelid = 'request_template'::regclass""").getValues(0, String.class))
                .containsExactly("request_template_item");
        assertThat(as(dispatcherA).send("DELETE", path, null, java.util.Map.of("If-Match", "\"" + version + "\"")).status())
                .as("an older version").isEqualTo(412);
        assertThat(as(dispatcherA).delete(path).status()).isEqualTo(204);
        assertThat(as(dispatcherA).get(path).status()).isEqualTo(404);
        assertThat(as(dispatcherA).delete(path).status()).isEqualTo(404);
        assertThat(db.fetchValue("SELECT count(*) FROM request_template_item WHERE template_id = ?", id)).isEqualTo(0L);
        assertThat(as(admin).get("/api/request-templates").json().findValuesAsString("name")).doesNotContain(name).contains(other);
    }

    // ---- the address index ----------------------------------------------------------------------------------------

    @Test
    void aHouseNumberOfTheMapIsFoundAsTheDoorWithAccentsAndCaseIgnored() {
        assertThat(imports.ensureCurrent()).as("the Malta extract is configured").isTrue();
        Record house = db.select(ADDRESS_ENTRY.STREET, ADDRESS_ENTRY.HOUSE_NUMBER, ADDRESS_ENTRY.LOCALITY)
                .from(ADDRESS_ENTRY).where(ADDRESS_ENTRY.KIND.eq("house"), ADDRESS_ENTRY.HOUSE_NUMBER.likeRegex("^[0-9]+$"),
                        ADDRESS_ENTRY.STREET.likeRegex("[ċġħżĊĠĦŻ]"))
                .orderBy(ADDRESS_ENTRY.ID).limit(1).fetchOne();
        assertThat(house).as("a numbered house on a street with a Maltese letter").isNotNull();
        String street = house.get(ADDRESS_ENTRY.STREET);
        String number = house.get(ADDRESS_ENTRY.HOUSE_NUMBER);
        String locality = house.get(ADDRESS_ENTRY.LOCALITY);
        String typed = Normalizer.normalize(street, Normalizer.Form.NFD).replaceAll("\\p{M}", "").replace('ħ', 'h')
                .replace('Ħ', 'H').toUpperCase(Locale.ROOT) + " " + number;
        Response r = as(dispatcherA).get("/api/addresses?q=" + enc(typed));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode best = r.json().get(0);
        assertThat(best.path("label").asString()).startsWith(street + " " + number);
        assertThat(best.path("houseNumber").asString()).isEqualTo(number);
        assertThat(best.path("exact").asBoolean()).isTrue();
        assertThat(r.json().findValuesAsString("label")).contains(street + " " + number + ", " + locality);
    }

    @Test
    void aStreetWithoutThatDoorIsOfferedInItsLocalityWithTheTypedNumberNotExact() {
        Response r = as(admin).get("/api/addresses?q=" + enc("triq il-kbira 977 mosta"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode best = r.json().get(0);
        assertThat(best.path("label").asString()).isEqualTo("Triq il-Kbira 977, Mosta");
        assertThat(best.path("street").asString()).isEqualTo("Triq il-Kbira");
        assertThat(best.path("locality").asString()).isEqualTo("Mosta");
        assertThat(best.path("exact").asBoolean()).isFalse();
        assertThat(best.path("lat").asDouble()).isBetween(35.89, 35.93);
        // the same street in other towns is a different suggestion, never a bare street name
        Response all = as(admin).get("/api/addresses?q=triq%20il-kbira&limit=50");
        List<String> labels = all.json().findValuesAsString("label");
        assertThat(labels).contains("Triq il-Kbira, Mosta").doesNotContain("Triq il-Kbira");
    }

    @Test
    void eachSuggestionNamesTheZonesItLiesInAndTheirDispatcher() {
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        // a zone around the centre of Mosta
        long mosta = fixtures.zone("mosta", "POLYGON((14.40 35.895, 14.445 35.895, 14.445 35.925, 14.40 35.925, 14.40 35.895))",
                dispatcher.userId());
        JsonNode hit = as(admin).get("/api/addresses?q=" + enc("triq il-kbira mosta")).json().get(0);
        List<Long> zoneIds = new ArrayList<>();
        hit.path("zones").forEach(z -> zoneIds.add(z.path("id").asLong()));
        assertThat(zoneIds).contains(mosta);
        JsonNode ours = null;
        for (JsonNode z : hit.path("zones")) {
            if (z.path("id").asLong() == mosta) {
                ours = z;
            }
        }
        assertThat(ours.path("dispatcher").asString()).isEqualTo("Test " + dispatcher.username());
        assertThat(ours.path("dispatcherId").asLong()).isEqualTo(dispatcher.userId());
        // Gozo: as many zones as PostGIS finds there (none unless another test drew one), never Mosta's
        JsonNode gozo = as(admin).get("/api/addresses?q=xewkija").json().get(0);
        int covering = db.fetchCount(DSL.selectOne().from(org.fieldplan.api.persistence.jooq.Tables.ZONE).where(
                DSL.condition("ST_Covers(area, ST_SetSRID(ST_MakePoint({0}, {1}), 4326))",
                        gozo.path("lon").asDouble(), gozo.path("lat").asDouble())));
        assertThat(gozo.path("zones").size()).isEqualTo(covering);
        assertThat(gozo.path("zones").toString()).doesNotContain("\"id\":" + mosta + ",");
    }

    @Test
    void tooShortAQueryIs400NamingQ() {
        for (String q : List.of("", "a", "%20-%20", "x-")) {
            Response r = as(admin).get("/api/addresses?q=" + q);
            assertThat(r.status()).as(q + ": " + r).isEqualTo(400);
            assertThat(r.json().path("errors").get(0).path("field").asString()).isEqualTo("q");
        }
        assertThat(as(admin).get("/api/addresses").status()).isEqualTo(400);
        assertThat(as(admin).get("/api/addresses?q=mosta&limit=0").status()).isEqualTo(400);
    }

    @Test
    void thePublicFormSearchesTheSameIndexWithoutStaffDetails() {
        Response r = http.authorization(null).get("/api/public/addresses?q=" + enc("triq il-kbira 977 mosta"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode best = r.json().get(0);
        assertThat(best.path("label").asString()).isEqualTo("Triq il-Kbira 977, Mosta");
        assertThat(best.has("lat")).isTrue();
        assertThat(best.has("zones")).isFalse();
        assertThat(r.body()).doesNotContain("dispatcher");
    }

    @Test
    void theImportRunsOncePerExtract() {
        assertThat(imports.ensureCurrent()).isTrue();
        int before = db.fetchCount(ADDRESS_ENTRY);
        java.nio.file.Path extract = java.nio.file.Path.of(System.getProperty("fieldplan.data.dir", "../../shared/data"),
                "osm", "malta-2018-08-27.osm.pbf");
        if (java.nio.file.Files.isRegularFile(extract)) {
            assertThat(imports.importIfChanged(extract).imported()).as("same checksum: nothing to do").isFalse();
        }
        assertThat(db.fetchCount(ADDRESS_ENTRY)).isEqualTo(before).isGreaterThan(5000);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
