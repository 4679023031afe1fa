package org.fieldplan.api.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Three-level commission on the services that count toward it: accrued when the order is accepted (quote agreed),
 * adjusted to what was done when the act is accepted, reversed when a request is cancelled after acceptance; the
 * agent's monthly statement (JSON and CSV) shows it.
 */
@ApiIntegrationTest
class AgentCommissionIT {

    static final AtomicInteger REGION = new AtomicInteger();
    static final BigDecimal PRICE = new BigDecimal("25.50"); // Fixtures.serviceType's base price

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired RequestWriter writer;
    @Autowired TransactionTemplate tx;
    @Autowired java.time.Clock clock;

    TestHttp as(Login login) {
        return http.authorization(login.basic());
    }

    void move(Login who, long id, String status) {
        Response current = as(who).get("/api/requests/" + id);
        Response moved = as(who).send("POST", "/api/requests/" + id + "/status", "{\"status\": \"" + status + "\"}",
                Map.of("If-Match", current.header("ETag")));
        assertThat(moved.status()).as("%s -> %s: %s", id, status, moved).isEqualTo(200);
    }

    static BigDecimal pct(BigDecimal base, String percent) {
        return base.multiply(new BigDecimal(percent)).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
    }

    @Test
    void commissionIsAccruedAdjustedToTheActAndReversedOnCancellationAndStatedPerMonth() {
        double lon0 = -20.0 + REGION.getAndIncrement() * 1.5; // open Atlantic at latitude 31
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("agents", lon0, 31.0, 1.0, dispatcher.userId());
        Login customer = fixtures.customer();
        long meter = fixtures.serviceType("meter");
        long visit = fixtures.serviceType("visit");

        long top = as(admin).post("/api/agents", "{\"name\": \"Top agent\", \"code\": \"%s\"}".formatted(Fixtures.unique("top"))).json().path("id").asLong();
        long mid = as(admin).post("/api/agents", "{\"name\": \"Middle agent\", \"code\": \"%s\", \"parentId\": %d}".formatted(Fixtures.unique("mid"), top)).json().path("id").asLong();
        String agentCode = Fixtures.unique("agent");
        Response agent = as(admin).post("/api/agents", "{\"name\": \"Field agent\", \"code\": \"%s\", \"parentId\": %d}".formatted(agentCode, mid));
        assertThat(agent.status()).as(agent.toString()).isEqualTo(201);
        long bottom = agent.json().path("id").asLong();
        assertThat(agent.json().path("chain").get(2).asLong()).isEqualTo(top);

        Response scheme = as(admin).put("/api/commission-scheme", "{\"levels\": [10, 5, 2.5], \"serviceTypeIds\": [%d]}".formatted(meter));
        assertThat(scheme.status()).as(scheme.toString()).isEqualTo(200);

        // a request of 2 meters (counting) and a visit (not counting), brought by the field agent
        long id = request(customer, lon0, meter, visit);
        Response assigned = as(dispatcher).put("/api/agent-requests/" + id, "{\"agentCode\": \"%s\"}".formatted(agentCode));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(200);
        assertThat(as(dispatcher).post("/api/requests/" + id + "/specification", "{}").status()).isEqualTo(201);
        assertThat(statement(admin, bottom).path("entries")).isEmpty(); // quoted: nothing yet
        Response agreed = as(customer).post("/api/requests/" + id + "/specification/decision", "{\"number\": 1, \"decision\": \"agree\"}");
        assertThat(agreed.status()).as(agreed.toString()).isEqualTo(200);

        BigDecimal agreedBase = PRICE.multiply(BigDecimal.valueOf(2));
        JsonNode afterAgreement = statement(admin, bottom);
        assertThat(afterAgreement.path("entries")).hasSize(1);
        assertThat(afterAgreement.path("entries").get(0).path("kind").asString()).isEqualTo("accrual");
        assertThat(afterAgreement.path("entries").get(0).path("base").decimalValue()).isEqualByComparingTo(agreedBase);
        assertThat(afterAgreement.path("total").decimalValue()).isEqualByComparingTo(pct(agreedBase, "10"));

        // the work: 3 meters instead of 2 (a confirmed edit); the customer accepts the act
        move(dispatcher, id, "scheduled");
        move(dispatcher, id, "in_progress");
        tx.executeWithoutResult(t -> writer.changeItems(id, null, List.of(new RequestWriter.ItemChange(meter, 3)),
                "Confirmed technician's edit.", CurrentUser.system("test")));
        move(dispatcher, id, "done");
        Response accepted = as(customer).post("/api/requests/" + id + "/act/decision", "{\"number\": 1, \"decision\": \"accept\"}");
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);

        BigDecimal doneBase = PRICE.multiply(BigDecimal.valueOf(3));
        assertThat(statement(admin, bottom).path("total").decimalValue()).isEqualByComparingTo(pct(doneBase, "10"));
        assertThat(statement(admin, mid).path("total").decimalValue()).isEqualByComparingTo(pct(doneBase, "5"));
        assertThat(statement(admin, top).path("total").decimalValue()).isEqualByComparingTo(pct(doneBase, "2.5"));
        assertThat(statement(admin, bottom).path("entries").findValues("kind").stream().map(JsonNode::asString).toList()).contains("accrual", "adjustment");

        // a second request, agreed and then cancelled: accrued, then reversed
        long second = request(customer, lon0, meter, visit);
        as(dispatcher).put("/api/agent-requests/" + second, "{\"agentId\": %d}".formatted(bottom));
        move(dispatcher, second, "quoted");
        move(customer, second, "agreed");
        assertThat(statement(admin, bottom).path("total").decimalValue()).isEqualByComparingTo(pct(doneBase, "10").add(pct(agreedBase, "10")));
        move(customer, second, "cancelled");
        JsonNode month = statement(admin, bottom);
        assertThat(month.path("total").decimalValue()).isEqualByComparingTo(pct(doneBase, "10"));
        assertThat(month.path("entries").findValues("kind").stream().map(JsonNode::asString).toList()).endsWith("reversal");

        Response csv = as(admin).get("/api/agents/" + bottom + "/statement.csv?month=" + YearMonth.now(clock));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("attachment", ".csv");
        String[] rows = csv.body().split("\r\n");
        assertThat(rows).hasSize(1 + month.path("entries").size() + 1);
        assertThat(rows[rows.length - 1]).startsWith("total,,,,,," + pct(doneBase, "10").toPlainString() + ",EUR");

        // another month is empty; bad months and bad agents are named; dispatchers see no statements
        assertThat(statement(admin, bottom, YearMonth.now(clock).minusMonths(1).toString()).path("entries")).isEmpty();
        Response badMonth = as(admin).get("/api/agents/" + bottom + "/statement?month=December");
        assertThat(badMonth.status()).isEqualTo(400);
        assertThat(badMonth.json().path("errors").get(0).path("field").asString()).isEqualTo("month");
        Response badAgent = as(dispatcher).put("/api/agent-requests/" + id, "{\"agentCode\": \"nobody-at-all\"}");
        assertThat(badAgent.status()).isEqualTo(400);
        assertThat(as(fixtures.user(Role.DISPATCHER)).put("/api/agent-requests/" + id, "{\"agentId\": %d}".formatted(bottom)).status()).isEqualTo(404);
        assertThat(as(dispatcher).get("/api/agents/" + bottom + "/statement").status()).isEqualTo(403);
        Response badScheme = as(admin).put("/api/commission-scheme", "{\"levels\": [10, -5, 200]}");
        assertThat(badScheme.status()).isEqualTo(400);
        assertThat(badScheme.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList()).containsExactly("levels[1]", "levels[2]");
    }

    long request(Login customer, double lon0, long meter, long visit) {
        Response created = as(customer).post("/api/requests", """
                {"address": {"line": "5 Agent Street", "lat": 31.5, "lon": %s},
                 "services": [{"serviceTypeId": %d, "quantity": 2}, {"serviceTypeId": %d, "quantity": 1}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(lon0 + 0.5, meter, visit, OffsetDateTime.now(ZoneOffset.UTC).plusDays(9).withNano(0)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asLong();
    }

    JsonNode statement(Login admin, long agentId) {
        return statement(admin, agentId, YearMonth.now(clock).toString());
    }

    JsonNode statement(Login admin, long agentId, String month) {
        Response r = as(admin).get("/api/agents/" + agentId + "/statement?month=" + month);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }
}
