package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Intake routing by PostGIS: inside a zone, outside every zone, overlapping zones, a point on a border. */
@ApiIntegrationTest
class IntakeRoutingIT extends RequestItSupport {

    @Autowired
    RequestIntake intake;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aRequestInsideAZoneGoesToThatZoneAndItsDispatcherWhoSeesIt() {
        Company c = company();
        JsonNode r = intake(c.customer(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId());

        assertThat(r.path("zoneId").asLong()).isEqualTo(c.zoneId());
        assertThat(r.path("dispatcherId").asLong()).isEqualTo(c.dispatcher().userId());
        assertThat(r.path("outsideServiceArea").asBoolean()).isFalse();
        assertThat(r.path("lat").asDouble()).isEqualTo(c.insideLat());
        assertThat(r.path("lon").asDouble()).isEqualTo(c.insideLon());
        long id = r.path("id").asLong();
        Response list = as(c.dispatcher()).get("/api/requests?zoneId=" + c.zoneId());
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().findValues("id").stream().map(JsonNode::asLong).toList()).containsExactly(id);
        assertThat(as(c.dispatcher()).get("/api/requests/" + id + "/history").json().get(0).path("note").asString())
                .contains("Routed to zone", "(id " + c.zoneId() + ")");
    }

    @Test
    void aRequestOutsideEveryZoneIsStoredFlaggedAndSeenByAdministratorsOnly() {
        Company c = company();
        double outsideLat = LAT0 - 0.5; // south of the company's zone, in no zone at all
        JsonNode r = intake(c.dispatcher(), c.customer().customerId(), outsideLat, c.insideLon(), c.serviceTypeId());

        long id = r.path("id").asLong();
        assertThat(r.path("outsideServiceArea").asBoolean()).isTrue();
        assertThat(r.path("zoneId").isNull()).isTrue();
        assertThat(r.path("dispatcherId").isNull()).isTrue();
        assertThat(r.path("status").asString()).isEqualTo("new");
        assertThat(r.path("registrationNumber").asString()).matches("\\d{4}-\\d{6}");

        Response byAdmin = as(c.admin()).get("/api/requests?outsideServiceArea=true");
        assertThat(byAdmin.json().findValues("id").stream().map(JsonNode::asLong).toList()).contains(id);
        assertThat(as(c.dispatcher()).get("/api/requests/" + id).status()).as("not the dispatcher's zone").isEqualTo(404);
        assertThat(as(c.customer()).get("/api/requests/" + id).status()).as("the customer's own").isEqualTo(200);
        assertThat(as(c.admin()).get("/api/requests/" + id + "/history").json().get(0).path("note").asString())
                .contains("Outside the service area");
    }

    @Test
    void overlappingZonesRouteToTheSmallestAndEqualAreasToTheLowerId() {
        double lon0 = freshRegion();
        Login cityDispatcher = fixtures.user(Role.DISPATCHER);
        Login districtDispatcher = fixtures.user(Role.DISPATCHER);
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        long city = fixtures.squareZone("city", lon0, LAT0, 1.0, cityDispatcher.userId());
        long district = fixtures.squareZone("district", lon0 + 0.1, LAT0 + 0.1, 0.2, districtDispatcher.userId());
        // two identical squares in the north-east corner of the city
        long twinA = fixtures.squareZone("twin-a", lon0 + 0.6, LAT0 + 0.6, 0.3, null);
        long twinB = fixtures.squareZone("twin-b", lon0 + 0.6, LAT0 + 0.6, 0.3, null);
        long customer = fixtures.customerWithoutLogin();
        long service = fixtures.serviceType("svc");

        JsonNode inDistrict = intake(admin, customer, LAT0 + 0.2, lon0 + 0.2, service);
        assertThat(inDistrict.path("zoneId").asLong()).isEqualTo(district);
        assertThat(inDistrict.path("dispatcherId").asLong()).isEqualTo(districtDispatcher.userId());
        assertThat(as(admin).get("/api/requests/" + inDistrict.path("id").asLong() + "/history").json().get(0).path("note").asString())
                .contains("also in", "(id " + city + ")", "smallest zone wins");

        JsonNode inCityOnly = intake(admin, customer, LAT0 + 0.5, lon0 + 0.5, service);
        assertThat(inCityOnly.path("zoneId").asLong()).isEqualTo(city);
        assertThat(inCityOnly.path("dispatcherId").asLong()).isEqualTo(cityDispatcher.userId());

        JsonNode inTwins = intake(admin, customer, LAT0 + 0.75, lon0 + 0.75, service);
        assertThat(inTwins.path("zoneId").asLong()).isEqualTo(Math.min(twinA, twinB));
    }

    @Test
    void aPointOnAZoneBorderIsInsideTheZone() {
        Company c = company();
        JsonNode onWestEdge = intake(c.dispatcher(), c.customer().customerId(), LAT0 + 0.5, c.lon0(), c.serviceTypeId());
        assertThat(onWestEdge.path("zoneId").asLong()).isEqualTo(c.zoneId());
        assertThat(onWestEdge.path("outsideServiceArea").asBoolean()).isFalse();
    }

    @Test
    void anInactiveZoneRoutesNothing() {
        Company c = company();
        db.update(org.fieldplan.api.persistence.jooq.Tables.ZONE).set(org.fieldplan.api.persistence.jooq.Tables.ZONE.ACTIVE, false)
                .where(org.fieldplan.api.persistence.jooq.Tables.ZONE.ID.eq(c.zoneId())).execute();
        JsonNode r = intake(c.admin(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId());
        assertThat(r.path("outsideServiceArea").asBoolean()).isTrue();
    }

    @Test
    void theRoutingQueryCanUseTheGistIndexOnZoneAreas() {
        List<String> plan = tx.execute(status -> {
            db.execute("SET LOCAL enable_seqscan = off");
            return db.fetch("EXPLAIN SELECT id FROM zone WHERE ST_Covers(area, ST_SetSRID(ST_MakePoint(14.5, 35.9), 4326))")
                    .getValues(0, String.class);
        });
        assertThat(String.join("\n", plan)).contains("zone_area_gist");
    }

    @Test
    void concurrentIntakesGetDistinctConsecutiveNumbersOfTheCurrentYear() throws Exception {
        Company c = company();
        int threads = 4;
        int perThread = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                List<String> numbers = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    NewServiceRequest in = new NewServiceRequest(c.customer().customerId(), null,
                            new NewServiceRequest.AddressInput("Concurrent street", c.insideLat(), c.insideLon()),
                            List.of(new NewServiceRequest.ServiceLine(c.serviceTypeId(), null, 1)), "site", null,
                            OffsetDateTime.now().plusDays(3), null, null);
                    numbers.add(intake.intake(in, CurrentUser.system("concurrency-test")).registrationNumber());
                }
                return numbers;
            }));
        }
        Set<String> all = new TreeSet<>();
        int count = 0;
        for (Future<List<String>> f : futures) {
            for (String n : f.get()) {
                all.add(n);
                count++;
            }
        }
        pool.shutdown();
        assertThat(all).as("no number given twice").hasSize(count);
        int year = LocalDate.now(ZoneId.of("Europe/Malta")).getYear();
        List<RegistrationNumber> parsed = all.stream().map(RegistrationNumber::parse).sorted().toList();
        assertThat(parsed).allSatisfy(n -> assertThat(n.year()).isEqualTo(year));
        assertThat(parsed.getLast().sequence() - parsed.getFirst().sequence() + 1).as("no gaps").isEqualTo(count);
    }
}
