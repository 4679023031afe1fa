package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.TestHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The lifecycle through the HTTP API with real users of each role, on the real PostGIS. */
@ApiIntegrationTest
class RequestLifecycleIT extends RequestItSupport {

    @Test
    void aRequestGoesFromNewToAcceptedWithEachRoleMakingItsMovesAndAFullHistory() {
        Company c = company();
        JsonNode created = intake(c.customer(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId());
        long id = created.path("id").asLong();
        assertThat(created.path("status").asString()).isEqualTo("new");
        assertThat(created.path("allowedNextStatuses").toString()).isEqualTo("[\"cancelled\"]");

        move(c.dispatcher(), id, "quoted");
        move(c.customer(), id, "agreed");
        Response current = as(c.dispatcher()).get("/api/requests/" + id);
        Response scheduled = as(c.dispatcher()).send("POST", "/api/requests/" + id + "/status",
                "{\"status\": \"scheduled\", \"technicianId\": " + c.technician().technicianId() + "}",
                Map.of("If-Match", current.header("ETag")));
        assertThat(scheduled.status()).as(scheduled.toString()).isEqualTo(200);
        assertThat(scheduled.json().path("technicianId").asLong()).isEqualTo(c.technician().technicianId());
        move(c.technician(), id, "in_progress");
        move(c.technician(), id, "done");
        move(c.customer(), id, "disputed");
        move(c.technician(), id, "in_progress");
        move(c.technician(), id, "done");
        move(c.customer(), id, "accepted");

        Response history = as(c.customer()).get("/api/requests/" + id + "/history");
        assertThat(history.status()).isEqualTo(200);
        List<String> moves = new ArrayList<>();
        for (JsonNode h : history.json()) {
            moves.add((h.path("from").isNull() ? "-" : h.path("from").asString()) + ">" + h.path("to").asString() + " by " + h.path("changedByName").asString());
            assertThat(h.path("changedAt").asString()).isNotBlank();
        }
        String d = c.dispatcher().username();
        String cu = c.customer().username();
        String t = c.technician().username();
        assertThat(moves).containsExactly(
                "->new by " + cu,
                "new>quoted by " + d, "quoted>agreed by " + cu, "agreed>scheduled by " + d,
                "scheduled>in_progress by " + t, "in_progress>done by " + t, "done>disputed by " + cu,
                "disputed>in_progress by " + t, "in_progress>done by " + t, "done>accepted by " + cu);

        Response finalState = as(c.admin()).get("/api/requests/" + id);
        assertThat(finalState.json().path("status").asString()).isEqualTo("accepted");
        assertThat(finalState.json().path("version").asInt()).as("one version per change").isEqualTo(9);
        assertThat(finalState.json().path("allowedNextStatuses").isEmpty()).isTrue();
    }

    @Test
    void anIllegalMoveIs409ProblemListingTheAllowedMovesAndChangesNothing() {
        Company c = company();
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        Response before = as(c.dispatcher()).get("/api/requests/" + id);

        Response illegal = moveTo(c.dispatcher(), id, "done", before.header("ETag"));

        assertThat(illegal.status()).isEqualTo(409);
        assertThat(illegal.contentType()).startsWith("application/problem+json");
        assertThat(illegal.json().path("from").asString()).isEqualTo("new");
        assertThat(illegal.json().path("to").asString()).isEqualTo("done");
        assertThat(illegal.json().path("allowed").toString()).isEqualTo("[\"quoted\",\"cancelled\"]");
        assertThat(illegal.json().path("detail").asString()).contains("'new'", "'done'", "quoted, cancelled");
        Response after = as(c.dispatcher()).get("/api/requests/" + id);
        assertThat(after.json().path("status").asString()).isEqualTo("new");
        assertThat(after.header("ETag")).isEqualTo(before.header("ETag"));
        assertThat(as(c.dispatcher()).get("/api/requests/" + id + "/history").json().size()).isEqualTo(1);
    }

    @Test
    void aLegalMoveByARoleThatMayNotMakeItIs403ListingThatRolesMoves() {
        Company c = company();
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        Response current = as(c.customer()).get("/api/requests/" + id);

        Response quoteByCustomer = moveTo(c.customer(), id, "quoted", current.header("ETag"));

        assertThat(quoteByCustomer.status()).isEqualTo(403);
        assertThat(quoteByCustomer.json().path("allowed").toString()).isEqualTo("[\"cancelled\"]");
    }

    @Test
    void cancellingWorksFromEveryEarlyStatusAndNotOnceWorkHasStarted() {
        Company c = company();
        String[][] paths = {{}, {"quoted"}, {"quoted", "agreed"}, {"quoted", "agreed", "scheduled"}};
        for (String[] path : paths) {
            long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
            for (String step : path) {
                move(c.dispatcher(), id, step);
            }
            move(c.customer(), id, "cancelled");
            Response again = moveTo(c.dispatcher(), id, "new", as(c.dispatcher()).get("/api/requests/" + id).header("ETag"));
            assertThat(again.status()).as("cancelled is final").isEqualTo(409);
            assertThat(again.json().path("allowed").isEmpty()).isTrue();
        }
        long started = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        for (String step : new String[] {"quoted", "agreed", "scheduled", "in_progress"}) {
            move(c.dispatcher(), started, step);
        }
        Response cancel = moveTo(c.dispatcher(), started, "cancelled", as(c.dispatcher()).get("/api/requests/" + started).header("ETag"));
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().path("allowed").toString()).isEqualTo("[\"done\"]");
    }

    @Test
    void refusingAQuoteIsFinal() {
        Company c = company();
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        move(c.dispatcher(), id, "quoted");
        move(c.customer(), id, "refused");
        Response agree = moveTo(c.customer(), id, "agreed", as(c.customer()).get("/api/requests/" + id).header("ETag"));
        assertThat(agree.status()).isEqualTo(409);
    }

    @Test
    void aStatusChangeWithoutIfMatchIs428AndAnUnknownStatusIs400NamingTheValue() {
        Company c = company();
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();

        Response noIfMatch = as(c.dispatcher()).post("/api/requests/" + id + "/status", "{\"status\": \"quoted\"}");
        assertThat(noIfMatch.status()).isEqualTo(428);
        assertThat(noIfMatch.contentType()).startsWith("application/problem+json");

        Response unknown = moveTo(c.dispatcher(), id, "finished", "\"0\"");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("status");
        assertThat(unknown.json().path("errors").get(0).path("value").asString()).isEqualTo("finished");
    }
}
