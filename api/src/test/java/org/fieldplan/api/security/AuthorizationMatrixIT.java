package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/**
 * Every role against every endpoint. One service request belongs to customer C, lies in the zone of dispatcher D
 * and is assigned to technician T; the "other" users of each role must not reach it (404 or 403, never its data).
 * Changing endpoints are called with bodies that pass authorization and then fail validation or the lifecycle
 * (400/409), so the matrix changes nothing and each cell shows how far the caller got.
 */
@ApiIntegrationTest
@Import(Fixtures.class)
class AuthorizationMatrixIT {

    enum Who { ANONYMOUS, ADMINISTRATOR, DISPATCHER, OTHER_DISPATCHER, TECHNICIAN, OTHER_TECHNICIAN, CUSTOMER, OTHER_CUSTOMER }

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired RequestIntake intake;
    @Autowired DSLContext db;

    private static final java.util.concurrent.atomic.AtomicInteger REGION = new java.util.concurrent.atomic.AtomicInteger();

    private final Map<Who, Login> logins = new EnumMap<>(Who.class);
    private ServiceRequestView request;

    @BeforeEach
    void company() {
        logins.put(Who.ADMINISTRATOR, fixtures.user(Role.ADMINISTRATOR));
        logins.put(Who.DISPATCHER, fixtures.user(Role.DISPATCHER));
        logins.put(Who.OTHER_DISPATCHER, fixtures.user(Role.DISPATCHER));
        logins.put(Who.TECHNICIAN, fixtures.technician());
        logins.put(Who.OTHER_TECHNICIAN, fixtures.technician());
        logins.put(Who.CUSTOMER, fixtures.customer());
        logins.put(Who.OTHER_CUSTOMER, fixtures.customer());
        double lon0 = 150.0 + 3 * REGION.getAndIncrement(); // open Pacific at latitude 10: no other test draws zones here
        fixtures.squareZone("authz-mine", lon0, 10.0, 1.0, logins.get(Who.DISPATCHER).userId());
        fixtures.squareZone("authz-other", lon0 + 2, 10.0, 1.0, logins.get(Who.OTHER_DISPATCHER).userId());
        long service = fixtures.serviceType("authz");
        request = intake.intake(new NewServiceRequest(logins.get(Who.CUSTOMER).customerId(), null,
                new NewServiceRequest.AddressInput("Secret Lane 7", 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(service, null, 1)), "phone", 3,
                OffsetDateTime.now().plusDays(5), null, null), CurrentUser.system("authz-test"));
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.TECHNICIAN_ID, logins.get(Who.TECHNICIAN).technicianId())
                .where(SERVICE_REQUEST.ID.eq(request.id())).execute();
    }

    private record Cell(Who who, String call, int status, String body) {
    }

    private Response call(Who who, String method, String path, String body) {
        TestHttp client = http.authorization(who == Who.ANONYMOUS ? null : logins.get(who).basic());
        return client.send(method, path, body, method.equals("GET") ? Map.of() : Map.of("If-Match", "\"0\""));
    }

    /** Expected statuses per caller; REACHED = allowed and found (200/201 or a 400/409 from validation or the lifecycle). */
    private static final IntPredicate OK = s -> s == 200;
    private static final IntPredicate REACHED = s -> s != 401 && s != 403 && s != 404 && s < 500;
    private static final IntPredicate HIDDEN = s -> s == 404 || s == 403;
    private static final IntPredicate FORBIDDEN = s -> s == 403;
    private static final IntPredicate UNAUTHENTICATED = s -> s == 401;

    private void check(List<String> failures, String method, String path, String body, Map<Who, IntPredicate> expected) {
        for (Who who : Who.values()) {
            Response r = call(who, method, path, body);
            IntPredicate want = expected.get(who);
            String cell = who + " " + method + " " + path + " -> " + r.status() + " " + abbreviate(r.body());
            if (want == null) {
                failures.add("no expectation for " + cell);
            } else if (!want.test(r.status())) {
                failures.add(cell);
            }
            if (r.status() >= 400 && !r.contentType().startsWith("application/problem+json") && path.startsWith("/api/")) {
                failures.add("not problem+json: " + cell + " (" + r.contentType() + ")");
            }
            if (r.status() >= 400 && (r.body().contains("Secret Lane") || r.body().contains("\"addressLine\"")
                    || r.body().contains("\"customerName\""))) {
                failures.add("leaks the request's data: " + cell);
            }
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }

    private static Map<Who, IntPredicate> expect(IntPredicate anonymous, IntPredicate admin, IntPredicate dispatcher,
                                                 IntPredicate otherDispatcher, IntPredicate technician, IntPredicate otherTechnician,
                                                 IntPredicate customer, IntPredicate otherCustomer) {
        Map<Who, IntPredicate> m = new EnumMap<>(Who.class);
        m.put(Who.ANONYMOUS, anonymous);
        m.put(Who.ADMINISTRATOR, admin);
        m.put(Who.DISPATCHER, dispatcher);
        m.put(Who.OTHER_DISPATCHER, otherDispatcher);
        m.put(Who.TECHNICIAN, technician);
        m.put(Who.OTHER_TECHNICIAN, otherTechnician);
        m.put(Who.CUSTOMER, customer);
        m.put(Who.OTHER_CUSTOMER, otherCustomer);
        return m;
    }

    @Test
    void everyRoleAgainstEveryRequestEndpoint() {
        List<String> failures = new ArrayList<>();
        String one = "/api/requests/" + request.id();
        IntPredicate a = UNAUTHENTICATED;

        // reading the request, its history and comments: the four who are entitled, never the others
        for (String path : List.of(one, one + "/history", one + "/comments", "/api/requests/number/" + request.registrationNumber())) {
            check(failures, "GET", path, null, expect(a, OK, OK, HIDDEN, OK, HIDDEN, OK, HIDDEN));
        }
        check(failures, "GET", "/api/requests", null, expect(a, OK, OK, OK, OK, OK, OK, OK));
        // registering: staff and customers (validation fails on the empty body), not technicians
        check(failures, "POST", "/api/requests", "{}", expect(a, REACHED, REACHED, REACHED, FORBIDDEN, FORBIDDEN, REACHED, REACHED));
        // a move the lifecycle does not have (new -> done): 409 for whoever may see the request
        check(failures, "POST", one + "/status", "{\"status\": \"done\"}", expect(a, REACHED, REACHED, HIDDEN, REACHED, HIDDEN, REACHED, HIDDEN));
        // editing: staff only, and only their own zone's
        check(failures, "PATCH", one, "{\"priority\": 9}", expect(a, REACHED, REACHED, HIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        // commenting: an empty comment is refused by validation after the access check
        check(failures, "POST", one + "/comments", "{\"body\": \"\"}", expect(a, REACHED, REACHED, HIDDEN, REACHED, HIDDEN, REACHED, HIDDEN));
        // rating: only the request's customer
        check(failures, "PUT", one + "/rating", "{\"stars\": 0}", expect(a, FORBIDDEN, FORBIDDEN, HIDDEN, FORBIDDEN, HIDDEN, REACHED, HIDDEN));
        // the outbox: administrators
        check(failures, "GET", "/api/notifications", null, expect(a, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        // sign-in accounts: administrators
        check(failures, "GET", "/api/users", null, expect(a, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        // who am I
        check(failures, "GET", "/api/me", null, expect(a, OK, OK, OK, OK, OK, OK, OK));

        assertThat(failures).as("cells that break the matrix").isEmpty();
        assertThat(db.fetchSingle(SERVICE_REQUEST, SERVICE_REQUEST.ID.eq(request.id())).getVersion())
                .as("the matrix changed nothing").isEqualTo(0);
    }

    @Test
    void listsShowEachUserOnlyWhatTheyMaySee() {
        for (Who who : Who.values()) {
            if (who == Who.ANONYMOUS) {
                continue;
            }
            Response list = call(who, "GET", "/api/requests?limit=500", null);
            assertThat(list.status()).isEqualTo(200);
            boolean sees = list.body().contains("\"registrationNumber\":\"" + request.registrationNumber() + "\"");
            boolean entitled = who == Who.ADMINISTRATOR || who == Who.DISPATCHER || who == Who.TECHNICIAN || who == Who.CUSTOMER;
            assertThat(sees).as("%s sees the request in the list", who).isEqualTo(entitled);
        }
    }

    @Test
    void everyRoleAgainstTheCompanySetUpEndpoints() {
        List<String> failures = new ArrayList<>();
        IntPredicate a = UNAUTHENTICATED;
        IntPredicate staffRead = OK;
        IntPredicate invalidBody = s -> s == 400; // let through, then refused by validation: nothing is created
        long customerId = logins.get(Who.OTHER_CUSTOMER).customerId();
        // reading the set-up: staff; the catalogue of service types: everyone signed in
        for (String path : List.of("/api/zones", "/api/technicians", "/api/schedules", "/api/customers", "/api/skills", "/api/teams",
                "/api/customers/" + customerId, "/api/technicians/" + logins.get(Who.OTHER_TECHNICIAN).technicianId())) {
            check(failures, "GET", path, null, expect(a, staffRead, staffRead, staffRead, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        }
        check(failures, "GET", "/api/service-types", null, expect(a, staffRead, staffRead, staffRead, staffRead, staffRead, staffRead, staffRead));
        // changing zones, technicians and service types: administrators (an empty body fails validation)
        for (String path : List.of("/api/zones", "/api/technicians", "/api/service-types")) {
            check(failures, "POST", path, "{}", expect(a, invalidBody, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        }
        // schedules and customers: dispatchers too
        for (String path : List.of("/api/schedules", "/api/customers")) {
            check(failures, "POST", path, "{}", expect(a, invalidBody, invalidBody, invalidBody, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN));
        }
        assertThat(failures).as("cells that break the matrix").isEmpty();
    }

    @Test
    void anonymousCallersReachOnlyThePublicEndpointsAndTheApiDescription() {
        Response docs = call(Who.ANONYMOUS, "GET", "/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("components").path("securitySchemes").path("basicAuth").path("scheme").asString()).isEqualTo("basic");
        assertThat(docs.json().path("paths").has("/api/requests/{id}/status")).isTrue();
        int publicStatus = call(Who.ANONYMOUS, "GET", "/api/public/anything", null).status();
        assertThat(publicStatus).as("the public area is not behind a login").isNotIn(401, 403);
        Response denied = call(Who.ANONYMOUS, "GET", "/api/requests", null);
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(denied.json().path("detail").asString()).contains("Sign in");

        Response wrongPassword = http.authorization("Basic " + java.util.Base64.getEncoder()
                .encodeToString((logins.get(Who.ADMINISTRATOR).username() + ":wrong-password").getBytes())).get("/api/me");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String hash = db.select(APP_USER.PASSWORD_HASH).from(APP_USER)
                .where(APP_USER.USERNAME.eq(logins.get(Who.CUSTOMER).username())).fetchOne(APP_USER.PASSWORD_HASH);
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(Fixtures.PASSWORD);
    }

    @Test
    void theFormLoginPageIsServedForBrowsers() {
        Response page = http.authorization(null).send("GET", "/login", null, Map.of("Accept", "text/html"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "password");
    }
}
