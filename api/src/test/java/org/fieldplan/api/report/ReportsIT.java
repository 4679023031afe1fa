package org.fieldplan.api.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.TestHttp.Response;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * The reports API against a month of history written into the real PostgreSQL ({@link ReportCompany}): each role's
 * numbers are checked against this test's own count over the stored history (plain SQL reads and Java, not the report
 * code); every counted figure drills down to exactly the requests of that count; the Excel workbook, read back with
 * Apache POI, carries the same numbers; heads of department see their department's requests in lists and cards.
 */
@ApiIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ReportsIT {

    @Autowired DSLContext db;
    @Autowired Fixtures fixtures;
    @Autowired TestHttp http;
    @Value("${local.server.port}") int port;

    ReportCompany company;
    String period;
    /** Every request of the company with what the history says of it, read back with plain SQL. */
    Map<Long, Facts> facts;

    record Facts(long id, long zone, OffsetDateTime created, OffsetDateTime deadline, String source, BigDecimal price,
                 OffsetDateTime firstAction, OffsetDateTime done, OffsetDateTime cancelled, OffsetDateTime refused,
                 OffsetDateTime ratedAt, boolean visited, Long technician) {
    }

    @BeforeAll
    void aMonthOfHistory() {
        company = new ReportCompany(db, fixtures, 2011);
        period = "from=" + company.first + "&to=" + company.last;
        from = company.first.atStartOfDay(ReportCompany.MALTA).toOffsetDateTime();
        to = company.last.plusDays(1).atStartOfDay(ReportCompany.MALTA).toOffsetDateTime();
        assertThat(from).isBefore(to);
        facts = readFacts();
    }

    /** This test's own reading of the stored history: what it says of each request of the company. */
    private Map<Long, Facts> readFacts() {
        List<Long> all = new ArrayList<>(company.requestsA);
        all.addAll(company.requestsB);
        Map<Long, List<Record>> history = db.fetch("SELECT request_id, from_status, to_status, changed_at FROM service_request_history"
                + " WHERE request_id = ANY(?) ORDER BY changed_at", (Object) all.toArray(Long[]::new)).stream()
                .collect(Collectors.groupingBy(r -> r.get("request_id", Long.class)));
        Set<Long> visited = new TreeSet<>(db.fetch("SELECT s.request_id FROM route_stop s JOIN route r ON r.id = s.route_id"
                + " WHERE s.finished_at IS NOT NULL AND r.day BETWEEN ? AND ?", company.first, company.last).getValues(0, Long.class));
        Map<Long, Facts> facts = new HashMap<>();
        for (Record r : db.fetch("SELECT id, zone_id, created_at, deadline, source, price_total, rated_at, technician_id FROM service_request"
                + " WHERE id = ANY(?)",
                (Object) all.toArray(Long[]::new))) {
            long id = r.get("id", Long.class);
            List<Record> h = history.get(id);
            facts.put(id, new Facts(id, r.get("zone_id", Long.class), r.get("created_at", OffsetDateTime.class),
                    r.get("deadline", OffsetDateTime.class), r.get("source", String.class), r.get("price_total", BigDecimal.class),
                    first(h, x -> x.get("from_status") != null), first(h, x -> "done".equals(x.get("to_status"))),
                    first(h, x -> "cancelled".equals(x.get("to_status"))), first(h, x -> "refused".equals(x.get("to_status"))),
                    r.get("rated_at", OffsetDateTime.class), visited.contains(id), r.get("technician_id", Long.class)));
        }
        return facts;
    }

    OffsetDateTime from;
    OffsetDateTime to;

    private static OffsetDateTime first(List<Record> history, Predicate<Record> which) {
        return history.stream().filter(which).map(r -> r.get("changed_at", OffsetDateTime.class)).findFirst().orElse(null);
    }

    private boolean in(OffsetDateTime t) {
        return t != null && !t.isBefore(from) && t.isBefore(to);
    }

    /** This test's own definitions of the counted figures (docs/reports.md), over the facts read back. */
    private Map<String, Predicate<Facts>> definitions() {
        OffsetDateTime now = OffsetDateTime.now();
        Map<String, Predicate<Facts>> d = new java.util.LinkedHashMap<>();
        d.put("received", f -> in(f.created()));
        d.put("forgotten", f -> in(f.created()) && (f.firstAction() == null ? now : f.firstAction()).isAfter(f.created().plusHours(24)));
        d.put("done", f -> in(f.done()));
        d.put("cancelled", f -> in(f.cancelled()));
        d.put("refused", f -> in(f.refused()));
        Predicate<Facts> due = f -> in(f.deadline()) && f.deadline().isBefore(now) && f.created().isBefore(to)
                && (f.cancelled() == null || f.cancelled().isAfter(f.deadline())) && (f.refused() == null || f.refused().isAfter(f.deadline()));
        d.put("overdue", f -> due.test(f) && (f.done() == null || f.done().isAfter(f.deadline())));
        d.put("deadlineHit", f -> due.test(f) && f.done() != null && !f.done().isAfter(f.deadline()));
        d.put("rated", f -> in(f.ratedAt()));
        d.put("booked", f -> in(f.created()) && f.cancelled() == null && f.refused() == null);
        d.put("visits", Facts::visited);
        return d;
    }

    private Set<Long> ids(Set<Long> zones, Predicate<Facts> p) {
        return facts.values().stream().filter(f -> zones.contains(f.zone())).filter(p).map(Facts::id).collect(Collectors.toCollection(TreeSet::new));
    }

    private static double percentileCont(List<Double> values, double p) {
        List<Double> v = values.stream().sorted().toList();
        double pos = p * (v.size() - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v.get(lo) + (v.get(hi) - v.get(lo)) * (pos - lo);
    }

    /**
     * The percentiles' precision (docs/reports.md): read from histograms whose buckets are a minute wide below 2 hours,
     * a quarter hour below 2 days, an hour below 30 days and a day beyond, a percentile is off by less than the width of
     * the bucket of the value at or above its rank (and 0.05 for the rounding to a tenth); in {@code unit} minutes.
     */
    private static org.assertj.core.data.Offset<Double> precision(List<Double> minutes, double p, double unit) {
        List<Double> v = minutes.stream().sorted().toList();
        double above = v.get((int) Math.ceil(p * (v.size() - 1)));
        double width = above < 120 ? 1 : above < 2880 ? 15 : above < 43200 ? 60 : 1440;
        return org.assertj.core.data.Offset.offset(width / unit + 0.06);
    }

    /** The medians and 90th percentiles of the reaction and completion times against this test's own over the facts. */
    private void assertPercentiles(JsonNode report, Set<Long> zones, String who) {
        List<Double> reaction = facts.values().stream().filter(f -> zones.contains(f.zone()) && in(f.created()) && f.firstAction() != null)
                .map(f -> (f.firstAction().toEpochSecond() - f.created().toEpochSecond()) / 60.0).toList();
        List<Double> completion = facts.values().stream().filter(f -> zones.contains(f.zone()) && in(f.done()))
                .map(f -> (f.done().toEpochSecond() - f.created().toEpochSecond()) / 60.0).toList();
        for (double p : List.of(0.5, 0.9)) {
            String key = p == 0.5 ? "P50" : "P90";
            assertThat(figure(report, "reactionFirst" + key).path("value").asDouble()).as("%s reaction %s", who, key)
                    .isCloseTo(percentileCont(reaction, p), precision(reaction, p, 1));
            assertThat(figure(report, "completion" + key).path("value").asDouble()).as("%s completion %s", who, key)
                    .isCloseTo(percentileCont(completion, p) / 60, precision(completion, p, 60));
        }
    }

    private static JsonNode figure(JsonNode report, String key) {
        for (JsonNode s : report.path("sections")) {
            for (JsonNode f : s.path("figures")) {
                if (f.path("key").asString().equals(key)) {
                    return f;
                }
            }
        }
        throw new AssertionError("no figure " + key + " in " + report);
    }

    @Test
    void eachRoleGetsItsScopeAndEveryCountMatchesTheHistoryAndItsDrillDown() {
        Set<Long> both = Set.of(company.zoneA, company.zoneB);
        Map<Login, Set<Long>> who = new java.util.LinkedHashMap<>();
        who.put(company.director, both);
        who.put(company.head, Set.of(company.zoneA));
        who.put(company.otherHead, Set.of(company.zoneB));
        who.put(company.adminA, Set.of(company.zoneA));
        who.put(company.adminB, Set.of(company.zoneB));
        for (var e : who.entrySet()) {
            Login login = e.getKey();
            Set<Long> zones = e.getValue();
            Response r = http.authorization(login.basic()).get("/api/reports?" + period);
            assertThat(r.status()).as("%s: %s", login.role(), r.body()).isEqualTo(200);
            JsonNode report = r.json();
            assertThat(report.path("everything").asBoolean()).isEqualTo(login.role() == Role.DIRECTOR);
            for (var d : definitions().entrySet()) {
                Set<Long> expected = ids(zones, d.getValue());
                assertThat(figure(report, d.getKey()).path("value").asDouble()).as("%s %s", login.role(), d.getKey()).isEqualTo(expected.size());
                Response drill = http.authorization(login.basic()).get("/api/reports/requests?figure=" + d.getKey() + "&" + period);
                assertThat(drill.status()).isEqualTo(200);
                Set<Long> listed = new TreeSet<>();
                drill.json().path("requests").forEach(q -> listed.add(q.path("id").asLong()));
                assertThat(listed).as("%s drills %s down to exactly the requests it counts", login.role(), d.getKey()).isEqualTo(expected);
                assertThat(drill.json().path("count").asInt()).isEqualTo(expected.size());
            }
            // the medians and 90th percentiles, from this test's own arithmetic (PostgreSQL's percentile_cont: linear
            // between neighbours) within the histograms' stated precision
            assertPercentiles(report, zones, login.role().code());
            double booked = facts.values().stream().filter(f -> zones.contains(f.zone()) && definitions().get("booked").test(f))
                    .mapToDouble(f -> f.price().doubleValue()).sum();
            assertThat(figure(report, "bookedValue").path("value").asDouble()).isEqualTo(booked);
            assertThat(ids(zones, definitions().get("received"))).as("the month has requests in the scope").isNotEmpty();
        }
    }

    @Test
    void aTechnicianFilterAndAServiceFilterCountWhatTheHistorySays() {
        Set<Long> both = Set.of(company.zoneA, company.zoneB);
        // the technician: answered from the per-day rollup; the service: from the milestones themselves
        for (String narrowing : List.of("&technicianId=" + company.technician1, "&serviceTypeId=" + company.service)) {
            Predicate<Facts> which = narrowing.contains("technician") ? f -> Long.valueOf(company.technician1).equals(f.technician()) : f -> true;
            JsonNode report = http.authorization(company.director.basic()).get("/api/reports?" + period + narrowing).json();
            for (var d : definitions().entrySet()) {
                if (d.getKey().equals("visits")) {
                    continue; // the visits are the routes' (the technician's own routes), checked below
                }
                Set<Long> expected = ids(both, which.and(d.getValue()));
                assertThat(figure(report, d.getKey()).path("value").asDouble()).as("%s %s", narrowing, d.getKey()).isEqualTo(expected.size());
            }
            assertThat(ids(both, which.and(definitions().get("done")))).as("the narrowing keeps some").isNotEmpty();
            // the histograms carry neither the technician nor the service: these percentiles are exact again
            List<Double> reaction = facts.values().stream().filter(f -> which.test(f) && in(f.created()) && f.firstAction() != null)
                    .map(f -> (f.firstAction().toEpochSecond() - f.created().toEpochSecond()) / 60.0).toList();
            List<Double> completion = facts.values().stream().filter(f -> which.test(f) && in(f.done()))
                    .map(f -> (f.done().toEpochSecond() - f.created().toEpochSecond()) / 3600.0).toList();
            for (double p : List.of(0.5, 0.9)) {
                String key = p == 0.5 ? "P50" : "P90";
                assertThat(figure(report, "reactionFirst" + key).path("value").asDouble()).as("%s reaction %s", narrowing, key)
                        .isCloseTo(percentileCont(reaction, p), org.assertj.core.data.Offset.offset(0.06));
                assertThat(figure(report, "completion" + key).path("value").asDouble()).as("%s completion %s", narrowing, key)
                        .isCloseTo(percentileCont(completion, p), org.assertj.core.data.Offset.offset(0.06));
            }
        }
    }

    @Test
    void aTeamVisitCountsForEachMemberAndTheRequestOnce() {
        // this test's own reading of the routes: each technician's finished visits, their own stops and their places
        // in a team (whose times and labour are the request's own stop's), and the labour per worker and visit
        Map<Long, List<Long>> perTechnician = new HashMap<>(); // technician -> the requests of their finished visits
        double labour = 0;
        int workerVisits = 0;
        Set<Long> requests = new TreeSet<>();
        for (Record r : db.fetch("""
                SELECT ro.id AS route, ro.technician_id AS technician, s.request_id, s.finished_at, s.labour_minutes FROM route ro
                  JOIN route_stop s ON s.route_id = ro.id WHERE ro.day BETWEEN ? AND ? AND s.request_id = ANY(?)
                UNION ALL
                SELECT ro.id, ro.technician_id, sm.request_id, s.finished_at, s.labour_minutes FROM route ro
                  JOIN route_stop_member sm ON sm.route_id = ro.id JOIN route_stop s ON s.request_id = sm.request_id
                 WHERE ro.day BETWEEN ? AND ? AND sm.request_id = ANY(?)""", company.first, company.last, company.requestsA.toArray(Long[]::new),
                company.first, company.last, company.requestsA.toArray(Long[]::new))) {
            long technician = r.get("technician", Long.class);
            perTechnician.computeIfAbsent(technician, t -> new ArrayList<>());
            if (r.get("finished_at") != null) {
                perTechnician.get(technician).add(r.get("request_id", Long.class));
                requests.add(r.get("request_id", Long.class));
                if (r.get("labour_minutes") != null) {
                    labour += r.get("labour_minutes", Integer.class);
                    workerVisits++;
                }
            }
        }
        Map<Long, Set<Long>> shifts = new HashMap<>();
        db.fetch("SELECT ro.technician_id, ro.id FROM route ro WHERE ro.day BETWEEN ? AND ? AND (EXISTS (SELECT 1 FROM route_stop s"
                + " WHERE s.route_id = ro.id AND s.request_id = ANY(?)) OR EXISTS (SELECT 1 FROM route_stop_member sm WHERE sm.route_id = ro.id"
                + " AND sm.request_id = ANY(?)))", company.first, company.last, company.requestsA.toArray(Long[]::new),
                company.requestsA.toArray(Long[]::new))
                .forEach(r -> shifts.computeIfAbsent(r.get(0, Long.class), t -> new TreeSet<>()).add(r.get(1, Long.class)));
        assertThat(perTechnician.get(company.teamMember)).as("the member went along on the team's visit").contains(company.teamRequest);

        JsonNode report = http.authorization(company.adminA.basic()).get("/api/reports?" + period).json();
        JsonNode delivery = report.path("sections").get(1);
        assertThat(figure(report, "visits").path("value").asInt()).as("the team's request counted once").isEqualTo(requests.size());
        assertThat(figure(report, "labourMinutesPerRequest").path("value").asDouble())
                .isCloseTo(labour / workerVisits, org.assertj.core.data.Offset.offset(0.06));
        Map<String, JsonNode> rows = new HashMap<>();
        delivery.path("tables").get(0).path("rows").forEach(row -> rows.put(row.path("drill").asString(), row));
        for (long technician : List.of(company.technician1, company.technician2)) {
            JsonNode row = rows.get("figure=visits&technician=" + technician);
            assertThat(row).as("technician %d's row", technician).isNotNull();
            assertThat(row.path("cells").get(1).asLong()).as("technician %d's shifts", technician).isEqualTo(shifts.get(technician).size());
            assertThat(row.path("cells").get(2).asLong()).as("technician %d's visits", technician).isEqualTo(perTechnician.get(technician).size());
        }
        // the member's row drills down to exactly the requests they visited, the team's among them
        JsonNode drill = http.authorization(company.adminA.basic()).get("/api/reports/requests?figure=visits&technician="
                + company.teamMember + "&" + period).json();
        Set<Long> listed = new TreeSet<>();
        drill.path("requests").forEach(q -> listed.add(q.path("id").asLong()));
        assertThat(listed).isEqualTo(new TreeSet<>(perTechnician.get(company.teamMember)));
    }

    @Test
    void whatDependsOnThePresentMomentIsCountedAsOfNow() {
        // the rollup counts by day; "forgotten" and "due" also depend on now: checked over the last days, in a zone of
        // this test's own, for a period that ends tomorrow and one that ended yesterday
        Login admin = fixtures.user(Role.DISPATCHER);
        long zone = fixtures.squareZone("report-now", 110, -60, 0.5, admin.userId());
        long customer = fixtures.customerWithoutLogin();
        OffsetDateTime now = OffsetDateTime.now();
        LocalDate today = now.atZoneSameInstant(ReportCompany.MALTA).toLocalDate();
        OffsetDateTime todayStart = today.atStartOfDay(ReportCompany.MALTA).toOffsetDateTime();
        // {created, deadline, first action, done}, hours from now (null: none)
        Double[][] kinds = {
                {-2.0, 30.0, null, null},     // untouched, not a day old: not forgotten yet
                {-30.0, 30.0, null, null},    // untouched for more than a day: forgotten
                {-40.0, -26.0, -39.0, null},  // quoted, deadline passed: overdue
                {-40.0, 5.0, -39.0, null},    // deadline later today or tomorrow: not due yet
                {-50.0, -30.0, -49.0, -31.0}, // done by its deadline
                {-50.0, -28.0, -20.0, null},  // acted on a day late: forgotten, and overdue
        };
        List<OffsetDateTime[]> made = new ArrayList<>();
        for (Double[] k : kinds) {
            OffsetDateTime[] t = new OffsetDateTime[4];
            for (int i = 0; i < 4; i++) {
                t[i] = k[i] == null ? null : now.plusSeconds((long) (k[i] * 3600));
            }
            ReportCompany.request(db, zone, admin.userId(), customer, t[0], t[1], t[2], t[3]);
            made.add(t);
        }
        // one that arrived today with a deadline already behind it, before today: due in a period that ended
        // yesterday? It did not exist then, so no
        OffsetDateTime early = todayStart.plusMinutes(1).isBefore(now) ? todayStart.plusMinutes(1) : now;
        ReportCompany.request(db, zone, admin.userId(), customer, early, todayStart.minusHours(3), null, null);
        made.add(new OffsetDateTime[] {early, todayStart.minusHours(3), null, null});

        for (LocalDate last : List.of(today.plusDays(1), today.minusDays(1))) {
            OffsetDateTime from = today.minusDays(4).atStartOfDay(ReportCompany.MALTA).toOffsetDateTime();
            OffsetDateTime to = last.plusDays(1).atStartOfDay(ReportCompany.MALTA).toOffsetDateTime();
            Predicate<OffsetDateTime> in = t -> t != null && !t.isBefore(from) && t.isBefore(to);
            OffsetDateTime at = OffsetDateTime.now();
            long received = made.stream().filter(t -> in.test(t[0])).count();
            long forgotten = made.stream().filter(t -> in.test(t[0]) && (t[2] == null ? at : t[2]).isAfter(t[0].plusHours(24))).count();
            Predicate<OffsetDateTime[]> due = t -> in.test(t[1]) && t[1].isBefore(at) && t[0].isBefore(to);
            long overdue = made.stream().filter(t -> due.test(t) && (t[3] == null || t[3].isAfter(t[1]))).count();
            long hit = made.stream().filter(t -> due.test(t) && t[3] != null && !t[3].isAfter(t[1])).count();
            JsonNode report = http.authorization(admin.basic()).get("/api/reports?from=" + today.minusDays(4) + "&to=" + last).json();
            assertThat(figure(report, "received").path("value").asLong()).as("received up to %s", last).isEqualTo(received);
            assertThat(figure(report, "forgotten").path("value").asLong()).as("forgotten up to %s", last).isEqualTo(forgotten);
            assertThat(figure(report, "overdue").path("value").asLong()).as("overdue up to %s", last).isEqualTo(overdue);
            assertThat(figure(report, "deadlineHit").path("value").asLong()).as("done in time up to %s", last).isEqualTo(hit);
            for (String key : List.of("forgotten", "overdue", "deadlineHit")) {
                JsonNode drill = http.authorization(admin.basic()).get("/api/reports/requests?figure=" + key + "&from=" + today.minusDays(4)
                        + "&to=" + last).json();
                assertThat(drill.path("count").asLong()).as("%s up to %s: the drill-down agrees", key, last)
                        .isEqualTo(figure(report, key).path("value").asLong());
            }
        }
    }

    @Test
    void aTableRowDrillsDownToItsDayAndSource() {
        Login head = company.head;
        JsonNode report = http.authorization(head.basic()).get("/api/reports?" + period).json();
        JsonNode intake = report.path("sections").get(0);
        JsonNode rows = intake.path("tables").get(0).path("rows");
        assertThat(rows.size()).isGreaterThan(10);
        for (JsonNode row : List.of(rows.get(0), rows.get(rows.size() / 2), rows.get(rows.size() - 1))) {
            LocalDate day = LocalDate.parse(row.path("cells").get(0).asString());
            String source = row.path("cells").get(1).asString();
            Set<Long> expected = ids(Set.of(company.zoneA), f -> in(f.created())
                    && f.created().atZoneSameInstant(ReportCompany.MALTA).toLocalDate().equals(day) && f.source().equals(source));
            assertThat(row.path("cells").get(2).asInt()).isEqualTo(expected.size());
            JsonNode drill = http.authorization(head.basic()).get("/api/reports/requests?" + row.path("drill").asString() + "&" + period).json();
            Set<Long> listed = new TreeSet<>();
            drill.path("requests").forEach(q -> listed.add(q.path("id").asLong()));
            assertThat(listed).isEqualTo(expected);
        }
    }

    @Test
    void aZoneNotYoursIsRefusedAndBadInputIsNamed() {
        Response other = http.authorization(company.adminA.basic()).get("/api/reports?" + period + "&zoneId=" + company.zoneB);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.contentType()).startsWith("application/problem+json");
        Response backwards = http.authorization(company.director.basic()).get("/api/reports?from=2011-03-10&to=2011-03-01");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().path("errors").get(0).path("field").asString()).isEqualTo("to");
        Response fax = http.authorization(company.director.basic()).get("/api/reports?" + period + "&source=fax");
        assertThat(fax.status()).isEqualTo(400);
        assertThat(fax.json().path("errors").get(0).path("field").asString()).isEqualTo("source");
        assertThat(fax.json().path("errors").get(0).path("value").asString()).isEqualTo("fax");
        Response figure = http.authorization(company.director.basic()).get("/api/reports/requests?" + period + "&figure=everything");
        assertThat(figure.status()).isEqualTo(400);
        assertThat(figure.json().path("errors").get(0).path("field").asString()).isEqualTo("figure");
        Response technician = http.authorization(company.director.basic()).get("/api/reports/requests?" + period + "&figure=done&technician=x1");
        assertThat(technician.status()).isEqualTo(400);
        assertThat(technician.json().path("errors").get(0).path("field").asString()).isEqualTo("technician");
        Response badDate = http.authorization(company.director.basic()).get("/api/reports?from=2011-02-30");
        assertThat(badDate.status()).isEqualTo(400);
        Response tooLong = http.authorization(company.director.basic()).get("/api/reports?from=2001-01-01&to=2011-01-01");
        assertThat(tooLong.status()).isEqualTo(400);
        Response technicianRole = http.authorization(fixtures.technician().basic()).get("/api/reports?" + period);
        assertThat(technicianRole.status()).isEqualTo(403);
    }

    @Test
    void theExcelWorkbookAndTheCsvCarryTheNumbersOfTheReport() throws Exception {
        JsonNode report = http.authorization(company.director.basic()).get("/api/reports?" + period).json();
        HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/reports.xlsx?" + period)).header("Authorization", company.director.basic()).header("Accept-Language", "en").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Map<String, Double> figures = new HashMap<>();
            for (Sheet sheet : book) {
                for (Row row : sheet) {
                    if (row.getLastCellNum() >= 4 && row.getCell(1) != null && row.getCell(1).getCellType() == CellType.NUMERIC) {
                        figures.put(row.getCell(0).getStringCellValue(), row.getCell(1).getNumericCellValue());
                    }
                }
            }
            assertThat(book.getNumberOfSheets()).isEqualTo(5); // the filter and four sections
            for (String key : List.of("received", "forgotten", "done", "overdue", "deadlineHitRate", "visits", "rated", "bookedValue")) {
                String label = new org.springframework.context.support.ResourceBundleMessageSource() {{
                    setBasename("messages");
                    setDefaultEncoding("UTF-8");
                }}.getMessage("js.report.fig." + key, null, java.util.Locale.ENGLISH);
                assertThat(figures).as("the workbook's %s (%s)", key, label).containsKey(label);
                assertThat(figures.get(label)).as(key).isEqualTo(figure(report, key).path("value").asDouble());
            }
        }
        Response csv = http.authorization(company.director.basic()).get("/api/reports.csv?" + period);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        long received = (long) figure(report, "received").path("value").asDouble();
        assertThat(csv.body()).contains("Received," + received + ",requests,");
    }

    /**
     * The past changes: a request of the month cancelled a month later through the API, a rating corrected, a request's
     * zone corrected (its visits go with it to the other department), a visit reported by mistake taken back and the
     * team's visit's labour and times corrected on the route. Each change reaches the per-day, per-route and per-month
     * rollups through their triggers; the report of every scope then equals this test's own count over the history as
     * it is now again, and the kept rollups equal their derivation. Runs last: it changes the company the others read.
     */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void whenThePastChangesTheReportsCountTheHistoryAsItIsNow() {
        Map<Long, Record> requests = new HashMap<>();
        db.fetch("SELECT id, status, rating, zone_id FROM service_request WHERE id = ANY(?)", (Object) company.requestsA.toArray(Long[]::new))
                .forEach(r -> requests.put(r.get("id", Long.class), r));
        List<Long> inA = company.requestsA.stream().filter(id -> id != company.teamRequest).toList();
        long quoted = inA.stream().filter(id -> "quoted".equals(requests.get(id).get("status"))).findFirst().orElseThrow();
        List<Long> done = inA.stream().filter(id -> "done".equals(requests.get(id).get("status"))).toList();
        long rated = done.get(0);
        long moving = done.get(1);
        long unvisited = done.get(2);

        // a month later the office cancels a request of the month (through the API: history, milestones, rollups)
        Response current = http.authorization(company.adminA.basic()).get("/api/requests/" + quoted);
        assertThat(current.status()).as(current.toString()).isEqualTo(200);
        Response cancelled = http.authorization(company.adminA.basic()).send("POST", "/api/requests/" + quoted + "/status",
                "{\"status\": \"cancelled\", \"note\": \"a month late\"}", Map.of("If-Match", current.header("ETag")));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        // a rating and a zone corrected in the request's row, derived again by the request feature's refresh
        db.execute("UPDATE service_request SET rating = 1, rated_at = rated_at + interval '1 day' WHERE id = ?", rated);
        db.execute("UPDATE service_request SET zone_id = ?, dispatcher_id = ? WHERE id = ?", company.zoneB, company.adminB.userId(), moving);
        org.fieldplan.api.request.RequestMilestones.rebuild(db, List.of(rated, moving));
        // the routes: a visit reported by mistake taken back; the team's visit reported 25 minutes longer
        assertThat(db.execute("UPDATE route_stop SET started_at = NULL, finished_at = NULL, labour_minutes = NULL WHERE request_id = ?",
                unvisited)).isEqualTo(1);
        assertThat(db.execute("UPDATE route_stop SET labour_minutes = labour_minutes + 25, finished_at = finished_at + interval '25 minutes'"
                + " WHERE request_id = ?", company.teamRequest)).isEqualTo(1);

        // the kept rollups are their derivation from the milestones and routes as they are now, row for row
        String day = "SELECT * FROM %s WHERE (received, untouched, late_action, booked, booked_value, done, done_value, cancelled,"
                + " refused, disputed, rated, rating_sum, due_hit, due_missed) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)";
        for (String[] t : new String[][] {{day.formatted("report_day"), day.formatted("report_day_derived")},
                {"SELECT * FROM report_route", "SELECT * FROM report_route_derived"},
                {"SELECT * FROM report_month_hist_cells", "SELECT * FROM report_month_hist_derived"}}) {
            List<String> differences = db.fetch("(" + t[0] + " EXCEPT " + t[1] + ") UNION ALL (" + t[1] + " EXCEPT " + t[0] + ")")
                    .map(Record::toString);
            assertThat(differences).as("%s differs from its derivation", t[0]).isEmpty();
        }
        facts = readFacts();
        assertThat(facts.get(moving).zone()).isEqualTo(company.zoneB);
        assertThat(facts.get(unvisited).visited()).isFalse();
        Map<Login, Set<Long>> who = new java.util.LinkedHashMap<>();
        who.put(company.director, Set.of(company.zoneA, company.zoneB));
        who.put(company.head, Set.of(company.zoneA));
        who.put(company.otherHead, Set.of(company.zoneB));
        for (var e : who.entrySet()) {
            JsonNode report = http.authorization(e.getKey().basic()).get("/api/reports?" + period).json();
            for (var d : definitions().entrySet()) {
                Set<Long> expected = ids(e.getValue(), d.getValue());
                Set<Long> listed = new TreeSet<>();
                http.authorization(e.getKey().basic()).get("/api/reports/requests?figure=" + d.getKey() + "&" + period).json()
                        .path("requests").forEach(q -> listed.add(q.path("id").asLong()));
                assertThat(listed).as("%s %s after the changes: the drill-down", e.getKey().role(), d.getKey()).isEqualTo(expected);
                assertThat(figure(report, d.getKey()).path("value").asDouble()).as("%s %s after the changes", e.getKey().role(), d.getKey())
                        .isEqualTo(expected.size());
            }
            assertPercentiles(report, e.getValue(), e.getKey().role().code());
            // the delivery section against this test's own reading of the routes of the requests in scope
            Long[] scope = facts.values().stream().filter(f -> e.getValue().contains(f.zone())).map(Facts::id).toArray(Long[]::new);
            Map<Long, Long> visits = new HashMap<>(); // technician -> finished visits (own stops and team places)
            Map<Long, Set<Long>> routes = new HashMap<>(); // technician -> routes with a place in scope (shifts)
            double labour = 0;
            int labourCount = 0;
            for (Record r : db.fetch("""
                    SELECT ro.id AS route, ro.technician_id AS technician, s.finished_at, s.labour_minutes FROM route ro
                      JOIN route_stop s ON s.route_id = ro.id WHERE ro.day BETWEEN ? AND ? AND s.request_id = ANY(?)
                    UNION ALL
                    SELECT ro.id, ro.technician_id, s.finished_at, s.labour_minutes FROM route ro
                      JOIN route_stop_member sm ON sm.route_id = ro.id JOIN route_stop s ON s.request_id = sm.request_id
                     WHERE ro.day BETWEEN ? AND ? AND sm.request_id = ANY(?)""", company.first, company.last, scope, company.first,
                    company.last, scope)) {
                long technician = r.get("technician", Long.class);
                routes.computeIfAbsent(technician, t -> new TreeSet<>()).add(r.get("route", Long.class));
                visits.merge(technician, r.get("finished_at") == null ? 0L : 1L, Long::sum);
                if (r.get("finished_at") != null && r.get("labour_minutes") != null) {
                    labour += r.get("labour_minutes", Integer.class);
                    labourCount++;
                }
            }
            assertThat(figure(report, "labourMinutesPerRequest").path("value").asDouble()).as("%s labour", e.getKey().role())
                    .isCloseTo(labour / labourCount, org.assertj.core.data.Offset.offset(0.06));
            Map<String, JsonNode> rows = new HashMap<>();
            report.path("sections").get(1).path("tables").get(0).path("rows").forEach(row -> rows.put(row.path("drill").asString(), row));
            assertThat(rows).as("%s: a row per technician", e.getKey().role()).hasSize(visits.size());
            for (var t : visits.entrySet()) {
                JsonNode row = rows.get("figure=visits&technician=" + t.getKey());
                assertThat(row.path("cells").get(1).asLong()).as("%s: technician %d's shifts", e.getKey().role(), t.getKey())
                        .isEqualTo(routes.get(t.getKey()).size());
                assertThat(row.path("cells").get(2).asLong()).as("%s: technician %d's visits", e.getKey().role(), t.getKey())
                        .isEqualTo(t.getValue());
            }
        }
    }

    @Test
    void headsOfDepartmentSeeTheirDepartmentsRequestsInListsAndCards() {
        long inA = company.requestsA.getFirst();
        long inB = company.requestsB.getFirst();
        assertThat(http.authorization(company.head.basic()).get("/api/requests/" + inA).status()).isEqualTo(200);
        assertThat(http.authorization(company.head.basic()).get("/api/requests/" + inB).status()).isEqualTo(404);
        assertThat(http.authorization(company.otherHead.basic()).get("/api/requests/" + inA).status()).isEqualTo(404);
        assertThat(http.authorization(company.otherHead.basic()).get("/api/requests/" + inB).status()).isEqualTo(200);
        assertThat(http.authorization(company.director.basic()).get("/api/requests/" + inB).status()).isEqualTo(200);
        JsonNode departments = http.authorization(company.head.basic()).get("/api/departments").json();
        assertThat(departments.size()).isEqualTo(1);
        assertThat(departments.get(0).path("id").asLong()).isEqualTo(company.departmentA);
        assertThat(departments.get(0).path("members").get(0).path("userId").asLong()).isEqualTo(company.adminA.userId());
        assertThat(http.authorization(company.head.basic()).post("/api/departments", "{\"name\": \"Mine\"}").status()).isEqualTo(403);
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        Response bad = http.authorization(admin.basic()).post("/api/departments",
                "{\"name\": \"\", \"headUserId\": " + company.adminA.userId() + ", \"memberUserIds\": [" + company.head.userId() + "]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").findValuesAsString("field")).containsExactly("name", "headUserId", "memberUserIds[0]");
        Login spare = fixtures.user(Role.DISPATCHER);
        Response made = http.authorization(admin.basic()).post("/api/departments", "{\"name\": \"" + Fixtures.unique("Dept") + "\", \"headUserId\": "
                + company.head.userId() + ", \"memberUserIds\": [" + spare.userId() + "]}");
        assertThat(made.status()).isEqualTo(201);
        long zone = fixtures.squareZone("report-spare", 100, -60, 0.5, spare.userId());
        // the head now heads two departments and sees both departments' zones
        assertThat(http.authorization(company.head.basic()).get("/api/reports?" + period + "&zoneId=" + zone).status()).isEqualTo(200);
        assertThat(http.authorization(company.otherHead.basic()).get("/api/reports?" + period + "&zoneId=" + zone).status()).isEqualTo(403);
    }
}
