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
 * Big planning jobs through the HTTP API on the Malta demo with real roads: with {@code partition-above} set low, a
 * day's job is solved by the engine's partitioned solve in parts of at most 25 visits; its progress events name the
 * stage and the number of parts, its stored plan breaks no hard rule, and a stop ends it within seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_bigjobs",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_bigjobs",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_bigjobs, public",
        "fieldplan.security.bcrypt-strength=4",
        "fieldplan.planning.partition-above=30",
        "fieldplan.planning.max-visits-per-part=25"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BigPlanJobsIT {

    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:fieldplan-demo".getBytes(StandardCharsets.UTF_8));

    @Autowired
    MaltaDemoLoader demo;
    @Autowired
    DSLContext db;
    @Autowired
    PlanJobStore store;
    @Value("${local.server.port}")
    int port;

    TestHttp admin;

    @BeforeAll
    void company() {
        demo.load();
        org.fieldplan.api.PlannedDemo.agreeAll(db);
        admin = new TestHttp(port).authorization(ADMIN);
    }

    long start(LocalDate from, LocalDate to, int seconds) {
        return JobCalls.start(admin, from, to, seconds);
    }

    JsonNode job(long id) {
        return JobCalls.job(admin, id);
    }

    /** The job's event stream until its status event: each event's name and data. */
    List<String[]> events(long id, java.util.function.Predicate<String> stopEarly) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/plan-jobs/" + id + "/events"))
                .header("Authorization", ADMIN).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(90)).build();
        HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        List<String[]> out = new ArrayList<>();
        String name = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String data = line.substring(5).trim();
                    out.add(new String[] {name, data});
                    if ("status".equals(name) || stopEarly.test(data)) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    void eventually(String what, Duration within, BooleanSupplier condition) {
        Waits.eventually(what, within, condition, () -> "jobs now: " + admin.get("/api/plan-jobs").body());
    }

    @Test
    @Order(1)
    void aBigJobIsSolvedInPartsShowsItsStagesAndBreaksNoHardRule() throws Exception {
        long id = start(TUESDAY, TUESDAY, 8);
        List<String[]> events = events(id, d -> false);

        List<String> data = events.stream().map(e -> e[1]).toList();
        assertThat(events.get(events.size() - 1)[0]).isEqualTo("status");
        assertThat(data.get(data.size() - 1)).contains("\"status\":\"finished\"");
        // the progress names the stages of the partitioned solve and the parts (more than 30 visits in parts of 25)
        assertThat(data).as("progress events: " + data).anyMatch(d -> d.matches(".*\"stage\":\"[a-z].*"));
        assertThat(data).as("progress events: " + data).anyMatch(d -> d.matches(".*\"parts\":([2-9]|[1-9][0-9]).*"));

        JsonNode job = job(id);
        assertThat(job.get("status").asString()).isEqualTo("finished");
        assertThat(job.get("score").asString()).as("the stored plan's score").startsWith("0hard");
        int stops = 0;
        for (JsonNode route : job.get("plan").get("routes")) {
            stops += route.get("stops").size();
        }
        assertThat(stops).isPositive().isEqualTo(job.get("assigned").asInt());
        assertThat(stops + job.get("unassigned").asInt()).as("visits of the scope").isGreaterThan(30);
        for (JsonNode u : job.get("plan").get("unassigned")) {
            assertThat(u.get("reasons").size()).as("a reason for " + u).isPositive();
        }
    }

    @Test
    @Order(2)
    void aStopEndsABigJobWithinSecondsAndKeepsItsPlan() throws Exception {
        long id = start(TUESDAY.plusDays(1), TUESDAY.plusDays(1), 120);
        // wait until a stage has stored a plan (the parts are constructed)
        events(id, d -> d.contains("\"stage\"") && d.matches(".*\"assigned\":[1-9].*"));
        // an instance that follows the job from its row (a fresh PlanJobEvents: nothing of this job in its memory)
        // names the stage and the parts too: the solving instance stores them with the job
        PlanJobMessages.ProgressEvent followed = new PlanJobEvents(store).event(store.find(id));
        assertThat(followed.stage()).as("stage followed from the row: " + followed).matches("[a-z].*");
        assertThat(followed.parts()).as("parts followed from the row: " + followed).isGreaterThan(1);
        long stopAt = System.nanoTime();
        TestHttp.Response stopped = admin.post("/api/plan-jobs/" + id + "/stop", "");
        assertThat(stopped.status()).as(stopped.toString()).isEqualTo(200);
        eventually("the job to stop", Duration.ofSeconds(20), () -> job(id).get("status").asString().equals("stopped"));
        double seconds = (System.nanoTime() - stopAt) / 1e9;
        assertThat(seconds).as("seconds from the stop request to status stopped").isLessThan(15);
        JsonNode job = job(id);
        assertThat(job.get("plan").get("routes").size()).isPositive();
        assertThat(job.get("score").asString()).startsWith("0hard");
        assertThat(job.get("elapsedSeconds").asInt()).isLessThan(60);
        // a job that is not solving has no stage in its events
        assertThat(new PlanJobEvents(store).event(store.find(id)).stage()).isNull();
    }
}
