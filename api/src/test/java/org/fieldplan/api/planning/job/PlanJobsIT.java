package org.fieldplan.api.planning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;

/**
 * Planning jobs through the HTTP API on the Malta demo with real roads: progress as server-sent events, the best
 * plan with reasons for what it leaves out, publishing (routes, scheduled requests with promised windows, customer
 * notifications), stop and resume, a job left by a dead instance shown as interrupted and resumed here, a publish
 * refused when requests arrived meanwhile, a technician off sick planned around, and bad input.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_jobs",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_jobs",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_jobs, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlanJobsIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:fieldplan-demo".getBytes(StandardCharsets.UTF_8));


    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    DSLContext db;
    @Autowired
    PlanJobs jobs;
    @Value("${local.server.port}")
    int port;

    TestHttp admin;

    @BeforeAll
    void company() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        admin = new TestHttp(port).authorization(ADMIN);
    }

    long start(LocalDate day, int seconds) {
        return JobCalls.start(admin, day, day, seconds);
    }

    JsonNode job(long id) {
        return JobCalls.job(admin, id);
    }

    void eventually(String what, BooleanSupplier condition) {
        Waits.eventually(what, Duration.ofSeconds(60), condition, () -> "jobs now: " + admin.get("/api/plan-jobs").body());
    }

    @Test
    @Order(1)
    void aJobStreamsProgressFinishesWithReasonsAndPublishesTheDay() throws Exception {
        long id = start(TUESDAY, 4);
        // the event stream: progress while solving, then the final status
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plan-jobs/" + id + "/events"))
                .header("Authorization", ADMIN).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        List<String> data = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    events.add(line.substring(6).trim());
                } else if (line.startsWith("data:")) {
                    data.add(line.substring(5).trim());
                }
                if (events.contains("status") && data.size() == events.size()) {
                    break;
                }
            }
        }
        assertThat(events).contains("progress").last().isEqualTo("status");
        assertThat(data.get(data.size() - 1)).contains("\"status\":\"finished\"");
        assertThat(data.stream().anyMatch(d -> d.matches(".*\"assigned\":[1-9].*"))).as("progress with visits placed: " + data).isTrue();

        JsonNode job = job(id);
        assertThat(job.get("status").asString()).isEqualTo("finished");
        JsonNode plan = job.get("plan");
        int stops = 0;
        for (JsonNode route : plan.get("routes")) {
            stops += route.get("stops").size();
        }
        assertThat(stops).isPositive().isEqualTo(job.get("assigned").asInt());
        for (JsonNode u : plan.get("unassigned")) {
            assertThat(u.get("reasons").size()).as("a reason for " + u).isPositive();
        }

        TestHttp.Response published = admin.post("/api/plan-jobs/" + id + "/publish", "");
        assertThat(published.status()).as(published.toString()).isEqualTo(200);
        assertThat(published.json().get("status").asString()).isEqualTo("published");
        long routed = ((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "WHERE r.day = ? AND r.status = 'published' AND r.job_id = ?", TUESDAY, id)).longValue();
        assertThat(routed).isEqualTo(stops);
        // every routed request is scheduled with its technician, inside its promised window, and its customer told
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM route_stop s JOIN route r ON r.id = s.route_id "
                + "JOIN service_request q ON q.id = s.request_id WHERE r.day = ? AND (q.status <> 'scheduled' "
                + "OR q.technician_id <> r.technician_id OR q.window_start IS NULL OR s.start_at < q.window_start "
                + "OR s.start_at > q.window_end)", TUESDAY)).longValue()).isZero();
        assertThat(((Number) db.fetchValue("SELECT count(DISTINCT o.request_id) FROM notification_outbox o JOIN route_stop s "
                + "ON s.request_id = o.request_id JOIN route r ON r.id = s.route_id WHERE r.day = ? AND o.kind = 'status_changed' AND o.event = 'scheduled'", TUESDAY)).longValue())
                .isPositive();
    }

    @Test
    @Order(2)
    void aStoppedJobKeepsItsBestPlanAndResumes() {
        long id = start(TUESDAY.plusDays(1), 120);
        eventually("a first plan of job " + id, () -> job(id).get("assigned").asInt(0) > 0);
        TestHttp.Response stopped = admin.post("/api/plan-jobs/" + id + "/stop", "");
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        eventually("the job to stop", () -> job(id).get("status").asString().equals("stopped"));
        assertThat(job(id).get("plan").get("routes").size()).isPositive();
        TestHttp.Response resumed = admin.post("/api/plan-jobs/" + id + "/resume?seconds=2", "");
        assertThat(resumed.status()).as(resumed.toString()).isEqualTo(200);
        eventually("the resumed job to finish", () -> job(id).get("status").asString().equals("finished"));
    }

    @Test
    @Order(3)
    void aJobOfAnInstanceThatDiedIsInterruptedAndResumesHere() {
        // another instance started this job and stopped beating a minute ago
        long id = db.fetchOne("INSERT INTO plan_job (from_day, to_day, zone_ids, seconds, status, created_by_name, "
                + "created_at, started_at, owner, heartbeat_at) VALUES (?, ?, '', 5, 'solving', 'dispatcher', now(), now(), "
                + "'gone-instance', now() - interval '1 minute') RETURNING id", TUESDAY.plusDays(2), TUESDAY.plusDays(2))
                .get(0, Long.class);
        assertThat(job(id).get("status").asString()).isEqualTo("solving");
        assertThat(jobs.interruptSilentJobs()).isPositive();
        JsonNode interrupted = job(id);
        assertThat(interrupted.get("status").asString()).isEqualTo("interrupted");
        assertThat(interrupted.get("error").asString()).contains("stopped");
        assertThat(admin.get("/api/plan-jobs").json().findValues("id").stream().map(JsonNode::asLong)).contains(id);
        assertThat(admin.post("/api/plan-jobs/" + id + "/resume?seconds=2", "").status()).isEqualTo(200);
        eventually("the resumed job to finish", () -> job(id).get("status").asString().equals("finished"));
        assertThat(job(id).get("assigned").asInt()).isPositive();
    }

    @Test
    @Order(4)
    void publishingIsRefusedWhenRequestsArrivedSinceTheJobLoaded() {
        LocalDate day = TUESDAY.plusDays(3);
        long id = start(day, 2);
        eventually("the job to finish", () -> job(id).get("status").asString().equals("finished"));
        // a request for that day arrives afterwards
        long request = db.fetchOne("SELECT id FROM service_request WHERE status = 'cancelled' AND zone_id IS NOT NULL "
                + "ORDER BY id LIMIT 1").get(0, Long.class);
        db.execute("UPDATE service_request SET status = 'agreed', preferred_start = ?::timestamptz, preferred_end = ?::timestamptz, "
                + "deadline = ?::timestamptz WHERE id = ?", day.atTime(10, 0).atZone(MALTA).toOffsetDateTime(),
                day.atTime(12, 0).atZone(MALTA).toOffsetDateTime(), day.atTime(20, 0).atZone(MALTA).toOffsetDateTime(), request);
        TestHttp.Response refused = admin.post("/api/plan-jobs/" + id + "/publish", "");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("resume the job");
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM route WHERE day = ?", day)).longValue()).isZero();
    }

    @Test
    @Order(5)
    void aTechnicianOffSickIsPlannedAround() {
        // Tuesday was published in the first test: someone with stops falls ill
        var sick = db.fetchOne("SELECT r.technician_id, count(*) stops FROM route r JOIN route_stop s ON s.route_id = r.id "
                + "WHERE r.day = ? GROUP BY r.technician_id ORDER BY count(*) DESC LIMIT 1", TUESDAY);
        long technician = sick.get(0, Long.class);
        List<Long> theirs = db.fetch("SELECT s.request_id FROM route r JOIN route_stop s ON s.route_id = r.id WHERE r.day = ? "
                + "AND r.technician_id = ?", TUESDAY, technician).getValues(0, Long.class);
        TestHttp.Response off = admin.put("/api/absences/" + technician + "/" + TUESDAY, "{\"reason\": \"sick\"}");
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        long id = start(TUESDAY, 3);
        eventually("the re-plan to finish", () -> job(id).get("status").asString().equals("finished"));
        JsonNode plan = job(id).get("plan");
        List<Long> placed = new ArrayList<>();
        for (JsonNode route : plan.get("routes")) {
            assertThat(route.get("technicianId").asLong()).isNotEqualTo(technician);
            route.get("stops").forEach(s -> placed.add(s.get("requestId").asLong()));
        }
        List<Long> left = new ArrayList<>();
        plan.get("unassigned").forEach(u -> left.add(u.get("requestId").asLong()));
        assertThat(theirs).allMatch(r -> placed.contains(r) || left.contains(r));
        assertThat(admin.post("/api/plan-jobs/" + id + "/publish", "").status()).isEqualTo(200);
        assertThat(((Number) db.fetchValue("SELECT count(*) FROM route WHERE day = ? AND technician_id = ?", TUESDAY, technician))
                .longValue()).isZero();
    }

    @Test
    @Order(6)
    void badInputNamesTheFieldAndValue() {
        TestHttp.Response r = admin.post("/api/plan-jobs", "{\"to\": \"2026-06-01\", \"seconds\": 0}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("\"from\"").contains("\"seconds\"");
        TestHttp.Response range = admin.post("/api/plan-jobs", "{\"from\": \"2026-06-05\", \"to\": \"2026-06-01\", \"zoneIds\": [987654]}");
        assertThat(range.status()).isEqualTo(400);
        assertThat(range.body()).contains("is before from").contains("987654");
        assertThat(admin.get("/api/plan-jobs/987654").status()).isEqualTo(404);
        TestHttp.Response anonymous = new TestHttp(port).get("/api/plan-jobs");
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
