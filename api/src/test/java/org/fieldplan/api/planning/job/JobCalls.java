package org.fieldplan.api.planning.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.fieldplan.api.TestHttp;
import tools.jackson.databind.JsonNode;

/** The planning-job API calls the job tests make, each checking its status. */
final class JobCalls {

    private JobCalls() {
    }

    /** Starts a job over {@code from..to}, every zone, for {@code seconds}; its id. */
    static long start(TestHttp caller, LocalDate from, LocalDate to, int seconds) {
        TestHttp.Response r = caller.post("/api/plan-jobs", """
                {"from": "%s", "to": "%s", "zoneIds": [], "seconds": %d}""".formatted(from, to, seconds));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** The job as the API shows it. */
    static JsonNode job(TestHttp caller, long id) {
        TestHttp.Response r = caller.get("/api/plan-jobs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
