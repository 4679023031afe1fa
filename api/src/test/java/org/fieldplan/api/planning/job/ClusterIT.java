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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.fieldplan.api.DemoMonday;
import org.fieldplan.api.FieldPlanApplication;
import org.fieldplan.api.OwnSchema;
import org.fieldplan.api.PlannedDemo;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.demo.MaltaDemoLoader;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two service instances in one JVM (two Spring contexts, each with its own web server, scheduler and solver) on one
 * schema of the test database: a planning job is run by exactly one of them, its progress can be followed on the
 * other, it is taken over and finished by the other when its instance stops, and a job left by an instance that
 * died (its queue entry's heartbeat stale) is revived and finished by a live one. Also who may read health and
 * metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final String ADMIN = basic("admin");
    static final String DISPATCHER = basic("dispatcher-north");

    ConfigurableApplicationContext alpha;
    ConfigurableApplicationContext beta;

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":fieldplan-demo").getBytes(StandardCharsets.UTF_8));
    }

    static ConfigurableApplicationContext instance(String name, boolean first) {
        String schema = System.getProperty("fieldplan.it.schema", "fieldplan_it") + "_cluster";
        List<Class<?>> sources = new ArrayList<>(List.of(FieldPlanApplication.class, DemoMonday.class));
        if (first) {
            sources.add(OwnSchema.class); // the first instance empties and migrates the schema, the second finds it
        }
        return new SpringApplicationBuilder(sources.toArray(new Class<?>[0]))
                .profiles("it")
                .properties("spring.flyway.schemas=" + schema, "spring.flyway.default-schema=" + schema,
                        "spring.datasource.hikari.connection-init-sql=SET search_path TO " + schema + ", public",
                        "server.port=0", "fieldplan.cluster.instance-name=" + name,
                        "spring.main.allow-bean-definition-overriding=true", "logging.level.com.github.kagkarlsson=info")
                .run();
    }

    static int port(ConfigurableApplicationContext c) {
        return Integer.parseInt(c.getEnvironment().getProperty("local.server.port"));
    }

    static TestHttp http(ConfigurableApplicationContext c, String authorization) {
        return new TestHttp(port(c)).authorization(authorization);
    }

    static PlanJobs jobs(ConfigurableApplicationContext c) {
        return c.getBean(PlanJobs.class);
    }

    DSLContext db() {
        return (beta.isActive() ? beta : alpha).getBean(DSLContext.class);
    }

    @BeforeAll
    void twoInstances() {
        alpha = instance("alpha", true);
        beta = instance("beta", false);
        alpha.getBean(MaltaDemoLoader.class).load();
        PlannedDemo.agreeAll(alpha.getBean(DSLContext.class));
    }

    @AfterAll
    void stop() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {alpha, beta}) {
            if (c != null && c.isActive()) {
                c.close();
            }
        }
    }

    static void eventually(String what, Duration limit, BooleanSupplier condition) {
        Waits.eventually(what, limit, condition, () -> "");
    }

    String status(long id) {
        return db().fetchValue("SELECT status FROM plan_job WHERE id = ?", id).toString();
    }

    @Test
    @Order(1)
    void healthIsPublicMetricsAreTheAdministrators() {
        TestHttp anonymous = new TestHttp(port(alpha));
        TestHttp.Response health = anonymous.get("/actuator/health");
        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("roadNetwork");
        eventually("the road network to be open (readiness UP)", Duration.ofSeconds(60),
                () -> anonymous.get("/actuator/health/readiness").status() == 200);
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        TestHttp.Response details = http(alpha, ADMIN).get("/actuator/health");
        assertThat(details.body()).contains("roadNetwork").contains("\"db\"");

        TestHttp.Response refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.contentType()).contains("application/problem+json");
        assertThat(http(alpha, DISPATCHER).get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(http(alpha, DISPATCHER).get("/actuator/health").body()).doesNotContain("roadNetwork");
        TestHttp.Response metrics = http(alpha, ADMIN).send("GET", "/actuator/prometheus", null, java.util.Map.of("Accept", "text/plain"));
        assertThat(metrics.status()).as(metrics.toString()).isEqualTo(200);
        assertThat(metrics.body()).contains("fieldplan_planning_solver_slots{", "state=\"total\"", "fieldplan_planning_jobs_queued",
                "fieldplan_notifications_outbox{", "status=\"pending\"", "fieldplan_booking_holds_live",
                "fieldplan_booking_window_query_seconds", "fieldplan_booking_window_query_waiting", "fieldplan_notifications_attempts_failed_total");
    }

    @Test
    @Order(2)
    void theCleanUpTimerDeletesExpiredHoldsAndOldIdempotencyKeysOnly() {
        DSLContext db = db();
        // the service's clock is the demo's Monday, 1 June 2026 07:00 Malta (05:00 UTC): one hold ran out 2 h before, one
        // 10 min before (kept: under the hour of hold-retention), one key is 12 days old, one 1 day
        String insertHold = "INSERT INTO booking_hold (id, day, window_start, window_end, technician_id, position, location, "
                + "address_line, service_type_id, quantity, duration_seconds, expires_at, created_at) SELECT ?::uuid, "
                + "'2026-06-02', '2026-06-02T08:00:00+02', '2026-06-02T10:00:00+02', (SELECT min(id) FROM technician), 0, "
                + "ST_SetSRID(ST_MakePoint(14.5, 35.9), 4326), 'Clean-up street', (SELECT min(id) FROM service_type), 1, 3600, "
                + "?::timestamptz, ?::timestamptz";
        db.execute(insertHold, "00000000-0000-0000-0000-0000000000a1", "2026-06-01T03:00:00Z", "2026-06-01T02:50:00Z");
        db.execute(insertHold, "00000000-0000-0000-0000-0000000000a2", "2026-06-01T04:50:00Z", "2026-06-01T04:40:00Z");
        db.execute("INSERT INTO booking_idempotency (idempotency_key, body_sha256, response, created_at) VALUES "
                + "('cleanup-old', 'x', '', '2026-05-20T05:00:00Z'), ('cleanup-new', 'x', '', '2026-05-31T05:00:00Z')");
        alpha.getBean("bookingCleanupTimer", org.fieldplan.api.cluster.ClusterTimer.class).work().run();
        assertThat(db.fetch("SELECT address_line || ' ' || id FROM booking_hold WHERE address_line = 'Clean-up street'").getValues(0, String.class))
                .containsExactly("Clean-up street 00000000-0000-0000-0000-0000000000a2");
        assertThat(db.fetch("SELECT idempotency_key FROM booking_idempotency WHERE idempotency_key LIKE 'cleanup-%'").getValues(0, String.class))
                .containsExactly("cleanup-new");
    }

    @Test
    @Order(3)
    void aJobRunsOnOneInstanceIsFollowedOnTheOtherAndTakenOverWhenItsInstanceStops() throws Exception {
        TestHttp.Response started = http(alpha, ADMIN).post("/api/plan-jobs", """
                {"from": "%s", "to": "%s", "zoneIds": [], "seconds": 40}""".formatted(TUESDAY, TUESDAY));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        long id = started.json().get("id").asLong();
        eventually("an instance to run job " + id, Duration.ofSeconds(30),
                () -> jobs(alpha).runsHere(id) || jobs(beta).runsHere(id));
        // exactly one runs it, all along
        for (int i = 0; i < 20; i++) {
            assertThat(jobs(alpha).runsHere(id) && jobs(beta).runsHere(id)).as("both instances run job " + id).isFalse();
            Thread.sleep(100);
        }
        boolean alphaRuns = jobs(alpha).runsHere(id);
        ConfigurableApplicationContext runner = alphaRuns ? alpha : beta;
        ConfigurableApplicationContext other = alphaRuns ? beta : alpha;
        String runnerName = alphaRuns ? "alpha" : "beta";
        String otherName = alphaRuns ? "beta" : "alpha";
        assertThat(db().fetchValue("SELECT owner FROM plan_job WHERE id = ?", id)).isEqualTo(runnerName);

        // the other instance streams its progress from the stored row
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(other) + "/api/plan-jobs/" + id + "/events"))
                .header("Authorization", ADMIN).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String> data = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null && data.size() < 2; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(5).trim());
                }
            }
        }
        assertThat(data).hasSize(2).allMatch(d -> d.contains("\"jobId\":" + id));
        eventually("a stored best plan", Duration.ofSeconds(30),
                () -> db().fetchValue("SELECT best_plan IS NOT NULL FROM plan_job WHERE id = ?", id).equals(Boolean.TRUE));

        // its instance stops: the job goes back to the queue with its best plan, the other takes it and finishes it
        runner.close();
        eventually("the other instance to take job " + id + " over", Duration.ofSeconds(20), () -> jobs(other).runsHere(id));
        assertThat(db().fetchValue("SELECT owner FROM plan_job WHERE id = ?", id)).isEqualTo(otherName);
        eventually("job " + id + " to finish", Duration.ofSeconds(60), () -> status(id).equals("finished"));
        String runLog = db().fetchValue("SELECT run_log FROM plan_job WHERE id = ?", id).toString();
        assertThat(runLog.lines().map(l -> l.split(" ")[0]).toList()).containsExactly(runnerName, otherName);
        assertThat(((Number) db().fetchValue("SELECT assigned FROM plan_job WHERE id = ?", id)).intValue()).isPositive();
        assertThat(((Number) db().fetchValue("SELECT count(*) FROM plan_job_task")).intValue()).isZero();
        // the stopped instance comes back for the next test
        if (alphaRuns) {
            alpha = instance("alpha", false);
        } else {
            beta = instance("beta", false);
        }
    }

    @Test
    @Order(4)
    void aJobOfAnInstanceThatDiedIsRevivedByALiveOneAndFinished() {
        // "ghost" claimed the job and died: its queue entry is picked with a heartbeat a minute old. Both rows in one
        // transaction: a live instance's heartbeat between them would see a silent job with no queue entry and rightly
        // mark it interrupted
        long id = db().transactionResult(c -> {
            long job = c.dsl().fetchOne("INSERT INTO plan_job (from_day, to_day, zone_ids, seconds, status, created_by_name, "
                    + "created_at, started_at, owner, heartbeat_at, run_log) VALUES (?, ?, '', 3, 'solving', 'admin', now(), "
                    + "now(), 'ghost', now() - interval '1 minute', 'ghost') RETURNING id", TUESDAY.plusDays(1),
                    TUESDAY.plusDays(1)).get(0, Long.class);
            c.dsl().execute("INSERT INTO plan_job_task (task_name, task_instance, execution_time, picked, picked_by, "
                    + "last_heartbeat, version) VALUES ('plan-job', ?, now() - interval '1 minute', true, 'ghost', "
                    + "now() - interval '1 minute', 1)", String.valueOf(job));
            return job;
        });
        // not interrupted: it is in the queue, which hands it to a live instance
        assertThat(jobs(alpha).interruptSilentJobs() + jobs(beta).interruptSilentJobs()).isZero();
        try {
            eventually("job " + id + " to finish on a live instance", Duration.ofSeconds(90), () -> status(id).equals("finished"));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; queue: " + db().fetch("SELECT * FROM plan_job_task") + "; job: "
                    + db().fetch("SELECT id, status, owner, heartbeat_at, run_log FROM plan_job"), e);
        }
        String owner = db().fetchValue("SELECT owner FROM plan_job WHERE id = ?", id).toString();
        assertThat(owner).isIn("alpha", "beta");
        assertThat(db().fetchValue("SELECT run_log FROM plan_job WHERE id = ?", id).toString().lines().count()).isEqualTo(2);
    }
}
