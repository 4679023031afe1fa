package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Helpers shared by the request integration tests: each test draws its zones in a fresh one-degree square of
 * empty ocean west of Africa (latitude 10..11), so zones of other tests in the same database never cover its points.
 */
@Import(Fixtures.class)
abstract class RequestItSupport {

    private static final AtomicInteger REGION = new AtomicInteger();

    @Autowired
    TestHttp http;

    @Autowired
    Fixtures fixtures;

    /** The west edge (longitude) of a one-degree square no other test uses; its south edge is latitude 10. */
    static double freshRegion() {
        return -45.0 + REGION.getAndIncrement() * 1.5;
    }

    static final double LAT0 = 10.0;

    static String deadlineInDays(int days) {
        return OffsetDateTime.now(ZoneOffset.UTC).plusDays(days).withNano(0).toString();
    }

    TestHttp as(Login login) {
        return http.authorization(login.basic());
    }

    String newRequestJson(long customerId, double lat, double lon, long serviceTypeId) {
        return """
                {"customerId": %d, "address": {"line": "1 Test Street", "lat": %s, "lon": %s},
                 "services": [{"serviceTypeId": %d, "quantity": 2}], "source": "phone", "priority": 4,
                 "deadline": "%s",
                 "preferredWindow": {"start": "%s", "end": "%s"}}
                """.formatted(customerId, lat, lon, serviceTypeId, deadlineInDays(7), deadlineInDays(2),
                OffsetDateTime.parse(deadlineInDays(2)).plusHours(2));
    }

    /** Registers a request as {@code who} and returns its JSON, failing with the response when it is not 201. */
    JsonNode intake(Login who, long customerId, double lat, double lon, long serviceTypeId) {
        Response created = as(who).post("/api/requests", newRequestJson(customerId, lat, lon, serviceTypeId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    Response moveTo(Login who, long id, String status, String etag) {
        return as(who).send("POST", "/api/requests/" + id + "/status", "{\"status\": \"" + status + "\", \"note\": \"by " + who.role().code() + "\"}",
                Map.of("If-Match", etag));
    }

    /** Reads the request as {@code who} and moves it, asserting success; returns the new ETag. */
    String move(Login who, long id, String status) {
        Response current = as(who).get("/api/requests/" + id);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        Response moved = moveTo(who, id, status, current.header("ETag"));
        assertThat(moved.status()).as("%s moving %d to %s: %s", who.role(), id, status, moved).isEqualTo(200);
        assertThat(moved.json().path("status").asString()).isEqualTo(status);
        return moved.header("ETag");
    }

    /** A dispatcher responsible for a fresh zone, a customer, a technician, a service type: one small company. */
    record Company(Login admin, Login dispatcher, Login customer, Login technician, long zoneId, long serviceTypeId,
                   double lon0) {
        double insideLat() {
            return LAT0 + 0.5;
        }

        double insideLon() {
            return lon0 + 0.5;
        }
    }

    Company company() {
        double lon0 = freshRegion();
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("zone", lon0, LAT0, 1.0, dispatcher.userId());
        return new Company(admin, dispatcher, fixtures.customer(), fixtures.technician(), zone, fixtures.serviceType("svc"), lon0);
    }
}
