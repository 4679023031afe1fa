package org.fieldplan.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_VISIT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.cluster.ClusterTimer;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A contract's regular work becomes requests ahead of time, at the contract's price, through the request feature;
 * generation is idempotent (twice in a row and twice at the same moment create nothing twice); work outside the
 * contract is priced by the catalogue; who sees contracts; bad input named.
 */
@ApiIntegrationTest
class ContractsIT {

    static final AtomicInteger REGION = new AtomicInteger();

    @Autowired TestHttp http;
    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired Clock clock;
    @Autowired ContractRequests generator;
    @Autowired List<ClusterTimer> timers;

    TestHttp as(Login login) {
        return http.authorization(login.basic());
    }

    @Test
    void regularWorkBecomesRequestsAheadOfTimeAtTheContractPriceOnceOnly() throws Exception {
        double lon0 = -60.0 + REGION.getAndIncrement() * 1.5; // open Atlantic at latitude 25: no other test draws here
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("contracts", lon0, 25.0, 1.0, dispatcher.userId());
        Login customer = fixtures.customer();
        long cleaning = fixtures.serviceType("cleaning");   // catalogue 25.50
        String cleaningCode = db.select(SERVICE_TYPE.CODE).from(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(cleaning)).fetchSingle().value1();
        long mowing = fixtures.serviceType("mowing");

        LocalDate today = LocalDate.now(clock);
        LocalDate firstClean = today.plusDays(2);
        LocalDate until = today.plusDays(20);
        String body = """
                {"customerId": %d, "number": "%s", "title": "Grounds of the association", "startsOn": "%s",
                 "services": [
                   {"serviceTypeCode": "%s", "quantity": 2, "unitPrice": 40.00, "frequency": "weekly", "weekday": %d,
                    "address": {"line": "1 Contract Yard", "lat": 25.5, "lon": %s}, "note": "Sweep the yard."},
                   {"serviceTypeId": %d, "unitPrice": 15.00, "frequency": "dates", "dates": ["%s", "%s"],
                    "address": {"line": "1 Contract Yard", "lat": 25.5, "lon": %s}},
                   {"serviceTypeId": %d, "unitPrice": 15.00, "frequency": "monthly", "dayOfMonth": 1,
                    "season": {"from": "%s", "to": "%s"}, "address": {"line": "1 Contract Yard", "lat": 25.5, "lon": %s}}
                 ]}
                """.formatted(customer.customerId(), Fixtures.unique("C"), today, cleaningCode, firstClean.getDayOfWeek().getValue(),
                lon0 + 0.5, mowing, today.plusDays(3), today.plusDays(40), lon0 + 0.5, mowing,
                // a season that holds none of the next weeks' days: nothing from this line
                md(today.plusDays(60)), md(today.plusDays(70)), lon0 + 0.5);
        Response created = as(admin).post("/api/contracts", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long contractId = created.json().path("id").asLong();
        assertThat(created.json().path("services")).hasSize(3);

        // run twice at the same moment (as two instances would), then once more
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<ContractRequests.Result>> runs = new ArrayList<>();
        Callable<ContractRequests.Result> run = () -> generator.generate(until);
        runs.add(pool.submit(run));
        runs.add(pool.submit(run));
        int createdTotal = 0;
        for (Future<ContractRequests.Result> f : runs) {
            createdTotal += f.get().requests().stream().filter(c -> c.contract().equals(created.json().path("number").asString())).count();
        }
        pool.shutdown();
        // weekly on firstClean's weekday within today .. today+20: firstClean, +7, +14; the given dates: today+3 only
        List<LocalDate> expected = List.of(firstClean, firstClean.plusDays(7), firstClean.plusDays(14), today.plusDays(3));
        assertThat(createdTotal).isEqualTo(expected.size());
        Response again = as(admin).post("/api/contracts/generate?until=" + until, "");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().path("requests").findValues("contract").stream().map(JsonNode::asString).toList())
                .doesNotContain(created.json().path("number").asString());

        List<Long> requestIds = db.select(SERVICE_REQUEST.ID).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.CUSTOMER_ID.eq(customer.customerId()), SERVICE_REQUEST.SOURCE.eq("contract"))
                .fetch(SERVICE_REQUEST.ID);
        assertThat(requestIds).hasSize(expected.size());
        assertThat(db.select(CONTRACT_VISIT.DUE_ON).from(CONTRACT_VISIT).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(CONTRACT_VISIT.REQUEST_ID))
                .where(SERVICE_REQUEST.CUSTOMER_ID.eq(customer.customerId())).fetch(CONTRACT_VISIT.DUE_ON))
                .containsExactlyInAnyOrderElementsOf(expected);

        // the weekly cleaning due on firstClean: in the zone, the contract's price frozen, deadline the end of its day
        long cleanId = db.select(CONTRACT_VISIT.REQUEST_ID).from(CONTRACT_VISIT).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(CONTRACT_VISIT.REQUEST_ID))
                .where(SERVICE_REQUEST.CUSTOMER_ID.eq(customer.customerId()), CONTRACT_VISIT.DUE_ON.eq(firstClean)).fetchSingle().value1();
        JsonNode clean = as(customer).get("/api/requests/" + cleanId).json();
        assertThat(clean.path("zoneId").asLong()).isEqualTo(zone);
        assertThat(clean.path("source").asString()).isEqualTo("contract");
        assertThat(clean.path("services").get(0).path("quantity").asInt()).isEqualTo(2);
        assertThat(clean.path("services").get(0).path("unitPrice").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(clean.path("services")).hasSize(1);
        assertThat(clean.path("price").path("total").decimalValue()).isEqualByComparingTo("80.00");
        assertThat(clean.path("price").path("frozenAt").asString("")).isNotEmpty();
        assertThat(OffsetDateTime.parse(clean.path("deadline").asString()).toInstant())
                .isEqualTo(firstClean.plusDays(1).atStartOfDay(clock.getZone()).toInstant());
        assertThat(clean.path("description").asString()).contains("Sweep the yard.");

        // work outside the contract: the catalogue's price
        Response oneOff = as(customer).post("/api/requests", """
                {"address": {"line": "1 Contract Yard", "lat": 25.5, "lon": %s}, "services": [{"serviceTypeId": %d, "quantity": 2}],
                 "source": "phone", "deadline": "%s"}
                """.formatted(lon0 + 0.5, cleaning, OffsetDateTime.now(ZoneOffset.UTC).plusDays(5).withNano(0)));
        assertThat(oneOff.status()).as(oneOff.toString()).isEqualTo(201);
        assertThat(oneOff.json().path("price").path("total").decimalValue()).isEqualByComparingTo("51.00");

        // a request deleted by the office is not created again
        db.deleteFrom(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(cleanId)).execute();
        generator.generate(until);
        assertThat(db.fetchCount(SERVICE_REQUEST, SERVICE_REQUEST.CUSTOMER_ID.eq(customer.customerId()),
                SERVICE_REQUEST.SOURCE.eq("contract"))).isEqualTo(expected.size() - 1);

        // who sees it
        Response mine = as(customer).get("/api/contracts/" + contractId);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("visits").size()).isEqualTo(expected.size());
        assertThat(as(fixtures.customer()).get("/api/contracts/" + contractId).status()).isEqualTo(404);
        assertThat(as(fixtures.customer()).get("/api/contracts").json().size()).isZero();
        assertThat(as(dispatcher).get("/api/contracts/" + contractId).status()).isEqualTo(200);
        assertThat(as(fixtures.user(Role.DISPATCHER)).get("/api/contracts/" + contractId).status()).isEqualTo(404);
        assertThat(as(dispatcher).post("/api/contracts/generate", "").status()).isEqualTo(403);

        // ended: nothing after its last day
        Response ended = as(admin).post("/api/contracts/" + contractId + "/end", "{\"endsOn\": \"%s\"}".formatted(today));
        assertThat(ended.status()).as(ended.toString()).isEqualTo(200);
        assertThat(ended.json().path("endsOn").asString()).isEqualTo(today.toString());

        assertThat(timers.stream().map(ClusterTimer::name)).contains("contract-requests");
    }

    @Test
    void badContractsAreRefusedNamingEachFieldAndNothingIsStored() {
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Login customer = fixtures.customer();
        String number = Fixtures.unique("BAD");
        Response bad = as(admin).post("/api/contracts", """
                {"customerId": %d, "number": "%s", "title": "x", "startsOn": "2027-05-01", "endsOn": "2027-04-01",
                 "services": [{"serviceTypeCode": "no-such-service", "quantity": -1, "unitPrice": -3, "frequency": "daily",
                               "address": {"line": "Somewhere", "lat": 95, "lon": 14}},
                              {"serviceTypeId": %d, "frequency": "weekly", "weekday": 9, "season": {"from": "13-01", "to": "02-30"},
                               "address": {"line": "Somewhere", "lat": 35, "lon": 14}}]}
                """.formatted(customer.customerId(), number, fixtures.serviceType("bad")));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValues("field").stream().map(JsonNode::asString).toList()).containsExactly(
                "endsOn", "services[0].serviceTypeCode", "services[0].quantity", "services[0].unitPrice", "services[0].address.lat",
                "services[0].frequency", "services[1].weekday", "services[1].season.from", "services[1].season.to");
        assertThat(bad.json().path("errors").get(2).path("value").asInt()).isEqualTo(-1);
        assertThat(as(admin).get("/api/contracts?customerId=" + customer.customerId()).json().size()).isZero();
        assertThat(as(customer).post("/api/contracts", "{}").status()).isEqualTo(403);
    }

    private static String md(LocalDate d) {
        return "%02d-%02d".formatted(d.getMonthValue(), d.getDayOfMonth());
    }
}
