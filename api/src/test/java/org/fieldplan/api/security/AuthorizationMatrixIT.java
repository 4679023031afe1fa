package org.fieldplan.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.PLAN_JOB;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_EDIT;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_COMMENT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The authorization test generated from the OpenAPI description: every operation of {@code /v3/api-docs} x every
 * kind of caller, with the expected outcome from {@code security/authorization-matrix.txt} (the file explains its
 * columns). An operation of the description without a row fails the test, so a new endpoint cannot ship
 * unreviewed; so does a row for an operation that is gone, and a row that contradicts the roles the description
 * declares ({@code x-fieldplan-access}). Real HTTP against the whole service on the real PostgreSQL.
 *
 * <p>The company: zone A (dispatcher "disp"), zone B (dispatcher "odisp"), a dispatcher with no zone; technician T
 * works in A on the day, OT in B; customer C (address in A) has a service request in A, assigned to T and on T's
 * route that day, with a private comment and a staff note in its history; a planning job over A, one over all zones;
 * a pending edit T proposed.
 */
@ApiIntegrationTest
class AuthorizationMatrixIT {

    enum Who { ADM, DISP, ODISP, NODISP, TECH, OTECH, CUST, OCUST, ANON, DIR, HEAD, OHEAD }

    private static final AtomicInteger REGION = new AtomicInteger();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired RequestIntake intake;
    @Autowired DSLContext db;
    @Autowired Clock clock;
    @Value("${local.server.port}") int port;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<Who, Login> logins = new EnumMap<>(Who.class);
    private final Map<String, Supplier<String>> values = new HashMap<>();
    private ServiceRequestView request;

    @BeforeEach
    void company() {
        logins.put(Who.ADM, fixtures.user(Role.ADMINISTRATOR));
        logins.put(Who.DISP, fixtures.user(Role.DISPATCHER));
        logins.put(Who.ODISP, fixtures.user(Role.DISPATCHER));
        logins.put(Who.NODISP, fixtures.user(Role.DISPATCHER));
        logins.put(Who.TECH, fixtures.technician());
        logins.put(Who.OTECH, fixtures.technician());
        logins.put(Who.CUST, fixtures.customer());
        logins.put(Who.OCUST, fixtures.customer());
        logins.put(Who.DIR, fixtures.user(Role.DIRECTOR));
        logins.put(Who.HEAD, fixtures.user(Role.HEAD_OF_DEPARTMENT));
        logins.put(Who.OHEAD, fixtures.user(Role.HEAD_OF_DEPARTMENT));
        double lon0 = 150.0 + 3 * REGION.getAndIncrement(); // open Pacific at latitude 10: no other test draws zones here
        long zone = fixtures.squareZone("authz-mine", lon0, 10.0, 1.0, logins.get(Who.DISP).userId());
        long otherZone = fixtures.squareZone("authz-other", lon0 + 2, 10.0, 1.0, logins.get(Who.ODISP).userId());
        department(Who.HEAD, Who.DISP); // the head of zone A's dispatcher's department
        department(Who.OHEAD, Who.ODISP); // the head of zone B's
        long service = fixtures.serviceType("authz");
        LocalDate day = LocalDate.now(clock).plusDays(20);
        long technician = logins.get(Who.TECH).technicianId();
        long otherTechnician = logins.get(Who.OTECH).technicianId();
        long customer = logins.get(Who.CUST).customerId();
        String scheduleNote = Fixtures.unique("interval-note");
        long schedule = interval(technician, zone, day, 8, 16, scheduleNote);
        interval(otherTechnician, otherZone, day, 8, 16, "other zone");
        db.insertInto(CUSTOMER_ADDRESS).set(CUSTOMER_ADDRESS.CUSTOMER_ID, customer).set(CUSTOMER_ADDRESS.LINE, "Secret Lane 7")
                .set(CUSTOMER_ADDRESS.CITY, "Testville").set(CUSTOMER_ADDRESS.LOCATION, Geo.point(10.5, lon0 + 0.5)).execute();
        request = intake.intake(new NewServiceRequest(customer, null,
                new NewServiceRequest.AddressInput("Secret Lane 7", 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(service, null, 1)), "phone", 3,
                OffsetDateTime.now(clock).plusDays(25), null, null), CurrentUser.system("authz-test"));
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.TECHNICIAN_ID, technician).where(SERVICE_REQUEST.ID.eq(request.id())).execute();
        OffsetDateTime start = day.atTime(9, 0).atOffset(ZoneOffset.UTC);
        long route = db.insertInto(ROUTE).set(ROUTE.TECHNICIAN_ID, technician).set(ROUTE.DAY, day).set(ROUTE.STATUS, org.fieldplan.api.planning.route.RouteStatus.PUBLISHED)
                .set(ROUTE.STARTS_AT, start.minusHours(1)).set(ROUTE.ENDS_AT, start.plusHours(7)).set(ROUTE.TRAVEL_SECONDS, 0)
                .set(ROUTE.DISTANCE_METRES, 0).set(ROUTE.UPDATED_AT, OffsetDateTime.now(clock))
                .returningResult(ROUTE.ID).fetchSingle().value1();
        db.insertInto(ROUTE_STOP).set(ROUTE_STOP.ROUTE_ID, route).set(ROUTE_STOP.POSITION, 0).set(ROUTE_STOP.REQUEST_ID, request.id())
                .set(ROUTE_STOP.ARRIVAL_AT, start).set(ROUTE_STOP.START_AT, start).set(ROUTE_STOP.END_AT, start.plusMinutes(30))
                .set(ROUTE_STOP.TRAVEL_SECONDS, 0).set(ROUTE_STOP.DISTANCE_METRES, 0).execute();
        String privateComment = Fixtures.unique("staff-only-comment");
        db.insertInto(SERVICE_REQUEST_COMMENT).set(SERVICE_REQUEST_COMMENT.REQUEST_ID, request.id())
                .set(SERVICE_REQUEST_COMMENT.AUTHOR_NAME, "office").set(SERVICE_REQUEST_COMMENT.VISIBILITY, "private")
                .set(SERVICE_REQUEST_COMMENT.BODY, privateComment).set(SERVICE_REQUEST_COMMENT.CREATED_AT, OffsetDateTime.now(clock)).execute();
        String historyNote = Fixtures.unique("staff-history-note");
        db.insertInto(SERVICE_REQUEST_HISTORY).set(SERVICE_REQUEST_HISTORY.REQUEST_ID, request.id())
                .set(SERVICE_REQUEST_HISTORY.FROM_STATUS, request.status()).set(SERVICE_REQUEST_HISTORY.TO_STATUS, request.status())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, "office").set(SERVICE_REQUEST_HISTORY.CHANGED_AT, OffsetDateTime.now(clock))
                .set(SERVICE_REQUEST_HISTORY.NOTE, historyNote).execute();
        long job = job(day, String.valueOf(zone));
        long allJob = job(day, "");
        long edit = db.insertInto(REQUEST_EDIT).set(REQUEST_EDIT.REQUEST_ID, request.id())
                .set(REQUEST_EDIT.PROPOSED_BY, logins.get(Who.TECH).userId()).set(REQUEST_EDIT.PROPOSED_BY_NAME, "technician")
                .set(REQUEST_EDIT.NOTE, "one meter less").set(REQUEST_EDIT.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(REQUEST_EDIT.ID).fetchSingle().value1();

        fixed("zone", zone);
        fixed("otherZone", otherZone);
        fixed("service", service);
        fixed("day", day);
        fixed("otherDay", day.plusDays(1));
        fixed("technician", technician);
        fixed("otherTechnician", otherTechnician);
        fixed("technicianUser", logins.get(Who.TECH).username());
        fixed("customer", customer);
        fixed("customerUser", logins.get(Who.CUST).username());
        fixed("otherCustomerUser", logins.get(Who.OCUST).userId());
        fixed("schedule", schedule);
        fixed("scheduleNote", scheduleNote);
        fixed("request", request.id());
        fixed("number", request.registrationNumber());
        fixed("privateComment", privateComment);
        fixed("historyNote", historyNote);
        fixed("job", job);
        fixed("allJob", allJob);
        fixed("edit", edit);
        values.put("notification", () -> { // the request's "registered" message: not failed, so requeueing it conflicts
            Long id = db.select(DSL.max(NOTIFICATION_OUTBOX.ID)).from(NOTIFICATION_OUTBOX)
                    .where(NOTIFICATION_OUTBOX.REQUEST_ID.eq(request.id())).fetchOne(0, Long.class);
            assertThat(id).as("intake queued a notification for the request").isNotNull();
            return String.valueOf(id);
        });
        // fresh for each call: things the call may delete
        AtomicInteger days = new AtomicInteger(30);
        values.put("spareZone", () -> String.valueOf(fixtures.squareZone("authz-spare", lon0, 11.5, 0.1, null)));
        values.put("freshSchedule", () -> String.valueOf(interval(technician, zone, day, 20, 21, "to delete")));
        values.put("proposal", () -> String.valueOf(db.insertInto(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL)
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.DAY, day)
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.TECHNICIAN_ID, technician)
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.PUBLISH, true)
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.ROUTES, "[]")
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.CHANGES, "[]")
                .set(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(org.fieldplan.api.persistence.jooq.Tables.REPLAN_PROPOSAL.ID).fetchSingle().value1()));
        values.put("absentDay", () -> {
            LocalDate off = day.plusDays(days.incrementAndGet());
            db.insertInto(TECHNICIAN_ABSENCE).set(TECHNICIAN_ABSENCE.TECHNICIAN_ID, technician).set(TECHNICIAN_ABSENCE.DAY, off)
                    .set(TECHNICIAN_ABSENCE.REASON, "matrix").set(TECHNICIAN_ABSENCE.CREATED_AT, OffsetDateTime.now(clock)).execute();
            return off.toString();
        });
    }

    private void department(Who head, Who member) {
        long id = db.insertInto(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT)
                .set(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT.NAME, Fixtures.unique("authz-department"))
                .set(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT.HEAD_USER_ID, logins.get(head).userId())
                .set(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT.ID).fetchSingle().value1();
        db.insertInto(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER)
                .set(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER.DEPARTMENT_ID, id)
                .set(org.fieldplan.api.persistence.jooq.Tables.DEPARTMENT_MEMBER.USER_ID, logins.get(member).userId()).execute();
    }

    private void fixed(String key, Object value) {
        String text = String.valueOf(value);
        values.put(key, () -> text);
    }

    private long interval(long technician, long zone, LocalDate day, int from, int to, String note) {
        return db.insertInto(SCHEDULE_INTERVAL).set(SCHEDULE_INTERVAL.TECHNICIAN_ID, technician).set(SCHEDULE_INTERVAL.ZONE_ID, zone)
                .set(SCHEDULE_INTERVAL.ON_DATE, day).set(SCHEDULE_INTERVAL.START_TIME, LocalTime.of(from, 0))
                .set(SCHEDULE_INTERVAL.END_TIME, LocalTime.of(to, 0)).set(SCHEDULE_INTERVAL.NOTE, note)
                .returningResult(SCHEDULE_INTERVAL.ID).fetchSingle().value1();
    }

    private long job(LocalDate day, String zoneIds) {
        return db.insertInto(PLAN_JOB).set(PLAN_JOB.FROM_DAY, day).set(PLAN_JOB.TO_DAY, day).set(PLAN_JOB.ZONE_IDS, zoneIds)
                .set(PLAN_JOB.SECONDS, 5).set(PLAN_JOB.STATUS, org.fieldplan.api.planning.job.PlanJobStatus.FINISHED).set(PLAN_JOB.CREATED_BY_NAME, "authz-test")
                .set(PLAN_JOB.CREATED_AT, OffsetDateTime.now(clock)).returningResult(PLAN_JOB.ID).fetchSingle().value1();
    }

    // ---- the table ---------------------------------------------------------------------------------------------------

    record Row(int line, String method, String operation, String call, @Nullable String marker, Map<Who, String> expected,
               @Nullable String body) {
        String key() {
            return method + " " + operation;
        }
    }

    static List<Row> table() {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = AuthorizationMatrixIT.class.getResourceAsStream("/security/authorization-matrix.txt")) {
            assertThat(in).as("security/authorization-matrix.txt on the test class path").isNotNull();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\s+", 17);
                assertThat(f.length).as("line %d has METHOD OPERATION CALL MARKER and 12 outcomes: %s", i + 1, line).isGreaterThanOrEqualTo(16);
                Map<Who, String> expected = new EnumMap<>(Who.class);
                for (Who who : Who.values()) {
                    expected.put(who, f[4 + who.ordinal()]);
                }
                rows.add(new Row(i + 1, f[0], f[1], f[2], f[3].equals("-") ? null : f[3], expected, f.length > 16 ? f[16] : null));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the authorization matrix: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Operations of the description with their declared access ({@code x-fieldplan-access}). */
    private Map<String, JsonNode> operations() {
        Response docs = http.authorization(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        Map<String, JsonNode> ops = new LinkedHashMap<>();
        for (var path : docs.json().path("paths").properties()) {
            for (var op : path.getValue().properties()) {
                ops.put(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue());
            }
        }
        return ops;
    }

    @Test
    void everyOperationOfTheDescriptionHasARowAndEveryRowAnOperation() {
        Map<String, JsonNode> ops = operations();
        Set<String> covered = new TreeSet<>();
        table().forEach(r -> covered.add(r.key()));
        Set<String> missing = new TreeSet<>(ops.keySet());
        missing.removeAll(covered);
        Set<String> stale = new TreeSet<>(covered);
        stale.removeAll(ops.keySet());
        assertThat(missing).as("operations without a row in security/authorization-matrix.txt: review who may call them and add rows").isEmpty();
        assertThat(stale).as("rows for operations the description does not have").isEmpty();
        assertThat(ops).as("the description lists the operations").hasSizeGreaterThan(60);
    }

    @Test
    void theTableAgreesWithTheRolesTheDescriptionDeclares() {
        Map<String, JsonNode> ops = operations();
        List<String> failures = new ArrayList<>();
        for (Row row : table()) {
            JsonNode op = ops.get(row.key());
            if (op == null) {
                continue; // reported by the coverage test
            }
            JsonNode access = op.path(OpenApiDescription.ACCESS_EXTENSION);
            if (!access.path("roles").isArray() || op.path("summary").asString("").isBlank()) {
                failures.add(row.key() + ": no summary or no declared access (@Operation(summary), @CallableBy)");
                continue;
            }
            Set<String> roles = new LinkedHashSet<>();
            access.path("roles").forEach(r -> roles.add(r.asString()));
            boolean anonymous = access.path("anonymous").asBoolean();
            for (Who who : Who.values()) {
                String want = row.expected().get(who);
                boolean allowed = anonymous || (who != Who.ANON && roles.contains(role(who).code()));
                boolean refused = want.equals("401") || want.equals("403") || want.equals("404") || want.equals("302");
                if (!allowed && !refused) {
                    failures.add("line " + row.line() + " " + row.key() + ": " + who + " expects " + want
                            + " but the description does not let a " + (who == Who.ANON ? "anonymous caller" : role(who).code()) + " call it");
                }
            }
            if (anonymous != op.path("security").isEmpty()) {
                failures.add(row.key() + ": security must be [] exactly for the public operations, got " + op.path("security"));
            }
        }
        assertThat(failures).isEmpty();
    }

    private static Role role(Who who) {
        return switch (who) {
            case ADM -> Role.ADMINISTRATOR;
            case DISP, ODISP, NODISP -> Role.DISPATCHER;
            case TECH, OTECH -> Role.TECHNICIAN;
            case CUST, OCUST -> Role.CUSTOMER;
            case DIR -> Role.DIRECTOR;
            case HEAD, OHEAD -> Role.HEAD_OF_DEPARTMENT;
            case ANON -> throw new IllegalArgumentException("anonymous has no role");
        };
    }

    @Test
    void everyOperationTimesEveryCallerAnswersAsTheTableSays() {
        List<String> failures = new ArrayList<>();
        int cells = 0;
        for (Row row : table()) {
            for (Who who : Who.values()) {
                Response r = call(who, row);
                cells++;
                String want = row.expected().get(who);
                String cell = "line " + row.line() + " " + who + " " + row.method() + " " + row.call() + ": want " + want + ", got "
                        + r.status() + " " + abbreviate(r.body());
                if (!matches(want, r, row.marker() == null ? null : resolve(row.marker()))) {
                    failures.add(cell);
                }
                if (r.status() >= 400 && row.call().startsWith("/api/") && !r.contentType().startsWith("application/problem+json")) {
                    failures.add("not problem+json: " + cell + " (" + r.contentType() + ")");
                }
                if (r.status() >= 400 && r.body().contains("Secret Lane")) {
                    failures.add("leaks the request's address: " + cell);
                }
            }
        }
        assertThat(failures).as("cells that break the matrix (of %d)", cells).isEmpty();
    }

    private static boolean matches(String want, Response r, @Nullable String marker) {
        int s = r.status();
        return switch (want) {
            case "ok" -> s >= 200 && s < 300;
            case "sees" -> s >= 200 && s < 300 && marker != null && r.body().contains(marker);
            case "blind" -> s >= 200 && s < 300 && marker != null && !r.body().contains(marker);
            case "reached" -> s != 401 && s != 403 && s != 404 && s < 500;
            default -> s == Integer.parseInt(want);
        };
    }

    private String resolve(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Supplier<String> value = values.get(m.group(1));
            assertThat(value).as("placeholder ${%s}", m.group(1)).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(value.get()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Response call(Who who, Row row) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + resolve(row.call())))
                .timeout(Duration.ofSeconds(60)).header("Accept", "*/*");
        String body = row.body() == null ? null : resolve(row.body());
        b.method(row.method(), body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (!row.method().equals("GET")) {
            b.header("If-Match", "\"999\"");
        }
        if (who != Who.ANON) {
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((logins.get(who).username() + ":" + Fixtures.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<byte[]> response = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().map(), new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(row.method() + " " + row.call() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String body) {
        String one = body.replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    // ---- what the table cannot say ------------------------------------------------------------------------------

    @Test
    void aDispatcherWithoutZonesSeesAnEmptyBoardAndPlansNothing() {
        Login nobody = logins.get(Who.NODISP);
        Response board = http.authorization(nobody.basic()).get("/api/board/day?date=" + values.get("day").get());
        assertThat(board.status()).isEqualTo(200);
        assertThat(board.json().path("rows").size()).isZero();
        assertThat(board.json().path("zones").size()).isZero();
        Response job = http.authorization(nobody.basic()).post("/api/plan-jobs",
                "{\"from\": \"" + values.get("day").get() + "\", \"to\": \"" + values.get("day").get() + "\"}");
        assertThat(job.status()).isEqualTo(403);
        assertThat(job.json().path("detail").asString()).contains("responsible for no zone");
        assertThat(http.authorization(nobody.basic()).get("/api/requests?limit=500").json().size()).isZero();
        assertThat(http.authorization(nobody.basic()).get("/api/technicians").json().size()).isZero();
    }

    @Test
    void anonymousCallersReachOnlyThePublicEndpointsAndTheApiDescription() {
        Response docs = http.authorization(null).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode schemes = docs.json().path("components").path("securitySchemes");
        assertThat(schemes.path(OpenApiDescription.BASIC).path("scheme").asString()).isEqualTo("basic");
        assertThat(schemes.path(OpenApiDescription.SESSION).path("in").asString()).isEqualTo("cookie");
        assertThat(schemes.path(OpenApiDescription.CSRF).path("name").asString()).isEqualTo("X-XSRF-TOKEN");
        Response denied = http.authorization(null).get("/api/requests");
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.header("WWW-Authenticate")).startsWith("Basic");
        assertThat(denied.json().path("detail").asString()).contains("Sign in");
        Response wrongPassword = http.authorization("Basic " + Base64.getEncoder()
                .encodeToString((logins.get(Who.ADM).username() + ":wrong-password").getBytes())).get("/api/me");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.contentType()).startsWith("application/problem+json");
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() {
        String hash = db.select(APP_USER.PASSWORD_HASH).from(APP_USER)
                .where(APP_USER.USERNAME.eq(logins.get(Who.CUST).username())).fetchOne(APP_USER.PASSWORD_HASH);
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(Fixtures.PASSWORD);
    }

    @Test
    void theFormLoginPageIsServedForBrowsers() {
        Response page = http.authorization(null).send("GET", "/login", null, Map.of("Accept", "text/html"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form", "password");
    }
}
