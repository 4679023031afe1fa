package org.fieldplan.api.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.security.Role;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import tools.jackson.databind.JsonNode;

/** Two writers on one request: the second, holding a stale ETag, gets 412 and the first one's change stays. */
@ApiIntegrationTest
class OptimisticConcurrencyIT extends RequestItSupport {

    @Value("${local.server.port}")
    int port;

    @Test
    void theSecondWriterWithAStaleEtagGets412AndNothingIsLost() {
        Company c = company();
        Login otherDispatcher = c.admin(); // a second person editing the same request
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        String etagA = as(c.dispatcher()).get("/api/requests/" + id).header("ETag");
        String etagB = as(otherDispatcher).get("/api/requests/" + id).header("ETag");
        assertThat(etagA).isEqualTo("\"0\"").isEqualTo(etagB);

        Response first = as(c.dispatcher()).send("PATCH", "/api/requests/" + id, "{\"priority\": 5}", Map.of("If-Match", etagA));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("ETag")).isEqualTo("\"1\"");

        Response second = as(otherDispatcher).send("PATCH", "/api/requests/" + id, "{\"description\": \"gate code 1234\"}",
                Map.of("If-Match", etagB));
        assertThat(second.status()).isEqualTo(412);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.header("ETag")).isEqualTo("\"1\"");
        assertThat(second.json().path("currentVersion").asInt()).isEqualTo(1);
        assertThat(second.json().path("detail").asString()).contains("version 0", "version 1");

        Response now = as(c.admin()).get("/api/requests/" + id);
        assertThat(now.json().path("priority").asInt()).as("the first change stays").isEqualTo(5);
        assertThat(now.json().path("description").isNull()).as("the stale change was not applied").isTrue();

        Response retry = as(otherDispatcher).send("PATCH", "/api/requests/" + id, "{\"description\": \"gate code 1234\"}",
                Map.of("If-Match", second.header("ETag")));
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().path("priority").asInt()).isEqualTo(5);
        assertThat(retry.json().path("description").asString()).isEqualTo("gate code 1234");
        assertThat(retry.json().path("version").asInt()).isEqualTo(2);

        JsonNode history = as(c.admin()).get("/api/requests/" + id + "/history").json();
        assertThat(history.size()).as("intake and the two edits that went through").isEqualTo(3);
        assertThat(history.get(1).path("note").asString()).isEqualTo("Edited: priority 4 -> 5.");
        assertThat(history.get(1).path("changedByName").asString()).isEqualTo(c.dispatcher().username());
        assertThat(history.get(2).path("note").asString()).isEqualTo("Edited: description changed.");
        assertThat(history.get(2).path("changedByName").asString()).isEqualTo(otherDispatcher.username());
        assertThat(history.get(2).path("from").asString()).isEqualTo("new");
        assertThat(history.get(2).path("to").asString()).isEqualTo("new");

        Response unchanged = as(c.admin()).send("PATCH", "/api/requests/" + id, "{\"priority\": 5}", Map.of("If-Match", "\"2\""));
        assertThat(unchanged.header("ETag")).as("an edit that changes nothing makes no new version").isEqualTo("\"2\"");
    }

    @Test
    void twoSimultaneousStatusChangesOnTheSameVersionLetExactlyOneThrough() throws Exception {
        Company c = company();
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        String etag = as(c.dispatcher()).get("/api/requests/" + id).header("ETag");
        CyclicBarrier start = new CyclicBarrier(2);
        // separate clients: TestHttp keeps the caller's Authorization between calls
        CompletableFuture<Response> quote = CompletableFuture.supplyAsync(() -> send(c.dispatcher(), id, "quoted", etag, start));
        CompletableFuture<Response> cancel = CompletableFuture.supplyAsync(() -> send(admin, id, "cancelled", etag, start));

        List<Integer> statuses = List.of(quote.get().status(), cancel.get().status());
        assertThat(statuses).containsExactlyInAnyOrder(200, 412);
        String winner = quote.get().status() == 200 ? "quoted" : "cancelled";
        Response now = as(c.admin()).get("/api/requests/" + id);
        assertThat(now.json().path("status").asString()).isEqualTo(winner);
        assertThat(now.json().path("version").asInt()).isEqualTo(1);
        assertThat(as(c.admin()).get("/api/requests/" + id + "/history").json().size()).as("intake + one move").isEqualTo(2);
    }

    @Test
    void anEditWithoutIfMatchIs428AndChangesNothing() {
        Company c = company();
        long id = intake(c.dispatcher(), c.customer().customerId(), c.insideLat(), c.insideLon(), c.serviceTypeId()).path("id").asLong();
        Response edit = as(c.dispatcher()).send("PATCH", "/api/requests/" + id, "{\"priority\": 1}", Map.of());
        assertThat(edit.status()).isEqualTo(428);
        assertThat(as(c.dispatcher()).get("/api/requests/" + id).json().path("priority").asInt()).isEqualTo(4);
    }

    private Response send(Login who, long id, String status, String etag, CyclicBarrier start) {
        TestHttp client = new TestHttp(port).authorization(who.basic());
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException("the two writers did not start together", e);
        }
        return client.send("POST", "/api/requests/" + id + "/status", "{\"status\": \"" + status + "\"}", Map.of("If-Match", etag));
    }
}
