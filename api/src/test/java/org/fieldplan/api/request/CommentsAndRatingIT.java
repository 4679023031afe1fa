package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.TestHttp.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Comments (private ones hidden from customers) and the customer's rating after completion. */
@ApiIntegrationTest
class CommentsAndRatingIT extends RequestItSupport {

    @Test
    void privateCommentsAreHiddenFromTheCustomerAndShownToStaffAndTheTechnician() {
        Company c = company();
        long id = intake(c.customer(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        move(c.dispatcher(), id, "quoted");
        move(c.customer(), id, "agreed");
        as(c.dispatcher()).send("PATCH", "/api/requests/" + id, "{\"technicianId\": " + c.technician().technicianId() + "}",
                java.util.Map.of("If-Match", as(c.dispatcher()).get("/api/requests/" + id).header("ETag")));

        assertThat(as(c.dispatcher()).post("/api/requests/" + id + "/comments",
                "{\"visibility\": \"private\", \"body\": \"customer was rude on the phone\"}").status()).isEqualTo(201);
        assertThat(as(c.dispatcher()).post("/api/requests/" + id + "/comments",
                "{\"visibility\": \"public\", \"body\": \"we will bring a ladder\"}").status()).isEqualTo(201);
        Response byCustomer = as(c.customer()).post("/api/requests/" + id + "/comments", "{\"body\": \"dog in the garden\"}");
        assertThat(byCustomer.status()).isEqualTo(201);
        assertThat(byCustomer.json().path("visibility").asString()).isEqualTo("public");

        assertThat(bodies(as(c.customer()).get("/api/requests/" + id + "/comments").json()))
                .containsExactly("we will bring a ladder", "dog in the garden");
        assertThat(bodies(as(c.dispatcher()).get("/api/requests/" + id + "/comments").json()))
                .containsExactly("customer was rude on the phone", "we will bring a ladder", "dog in the garden");
        assertThat(bodies(as(c.technician()).get("/api/requests/" + id + "/comments").json()))
                .containsExactly("customer was rude on the phone", "we will bring a ladder", "dog in the garden");

        Response privateByCustomer = as(c.customer()).post("/api/requests/" + id + "/comments",
                "{\"visibility\": \"private\", \"body\": \"secret\"}");
        assertThat(privateByCustomer.status()).isEqualTo(403);
        Response empty = as(c.dispatcher()).post("/api/requests/" + id + "/comments", "{\"visibility\": \"internal\", \"body\": \" \"}");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList())
                .containsExactly("visibility", "body");
        assertThat(empty.json().path("errors").get(0).path("value").asString()).isEqualTo("internal");
    }

    @Test
    void onlyTheCustomerRatesOnlyFinishedWorkOnlyOnceWithOneToFiveStars() {
        Company c = company();
        long id = intake(c.customer(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();

        Response tooEarly = as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 5}");
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.json().path("detail").asString()).contains("'new'", "once the work is done");

        for (String step : new String[] {"quoted", "agreed", "scheduled", "in_progress", "done"}) {
            move(c.dispatcher(), id, step);
        }
        Response zero = as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 0, \"text\": \"bad\"}");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().path("errors").get(0).path("field").asString()).isEqualTo("stars");
        assertThat(zero.json().path("errors").get(0).path("value").asInt()).isEqualTo(0);
        assertThat(as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 6}").status()).isEqualTo(400);

        Response byDispatcher = as(c.dispatcher()).put("/api/requests/" + id + "/rating", "{\"stars\": 5}");
        assertThat(byDispatcher.status()).isEqualTo(403);

        Response rated = as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 4, \"text\": \"quick and tidy\"}");
        assertThat(rated.status()).as(rated.toString()).isEqualTo(200);
        assertThat(rated.json().path("rating").path("stars").asInt()).isEqualTo(4);
        assertThat(rated.json().path("rating").path("text").asString()).isEqualTo("quick and tidy");

        Response again = as(c.customer()).put("/api/requests/" + id + "/rating", "{\"stars\": 1}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(as(c.admin()).get("/api/requests/" + id).json().path("rating").path("stars").asInt())
                .as("the first rating stays").isEqualTo(4);

        move(c.customer(), id, "accepted");
        assertThat(as(c.admin()).get("/api/requests/" + id).json().path("rating").path("text").asString()).isEqualTo("quick and tidy");
    }

    private static java.util.List<String> bodies(JsonNode comments) {
        return comments.findValues("body").stream().map(JsonNode::asString).toList();
    }
}
