package org.fieldplan.api.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.security.Role;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.jooq.DSLContext;
import org.jooq.Record;
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
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Work that needs two technicians at once, end to end on the real road network of Malta and a small company of its
 * own (own schema; the service's clock is Monday 1 June 2026, 07:00): the service type's team size through the API;
 * the public window search offers a window only when two qualified people are free together (Anna all day, Boris
 * 09:00-11:00: the 10:00 window yes, the 11:00 one no); a booking takes both of them at one start (the request's stop
 * on one route, the other member's on the other), a second booking of the same window is refused; the planning
 * problem turns the request into a visit group that a solve keeps whole; the route view, the route sheet (EN, RU)
 * and the phone page (JSON and Chromium) show each of them who works alongside; on the board (Chromium) the second
 * member is dragged onto another skilled technician (Dora) and stored there at the common start, a replacement
 * without the skill (Carmel, from the card's control, in Russian) is refused naming the rule and her; the first member
 * moves only to someone who can start with the team (Emil, far away from 10:00, is refused by the team rule), and the
 * new team's sheets and phone pages show each other; when Dora falls ill the board lists her part alone (member 2,
 * the team's start) and it is dragged onto a free technician.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_group",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_group",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_group, public",
        "fieldplan.security.bcrypt-strength=4",
        "fieldplan.booking.windows=10:00-10:30,11:00-11:30"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, org.fieldplan.api.DemoMonday.class, Fixtures.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VisitGroupIT {

    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final LocalDate TUESDAY = LocalDate.of(2026, 6, 2);
    // Mosta: the customer's address and the two technicians' homes, on streets
    static final double LAT = 35.9097;
    static final double LON = 14.4261;

    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Autowired
    PlanningProblems problems;
    @Autowired
    RouteWriter routeWriter;
    @Autowired
    RouteStore store;
    @Autowired
    TransactionTemplate transaction;
    @Value("${local.server.port}")
    int port;

    Fixtures.Login admin;
    Fixtures.Login anna;
    Fixtures.Login boris;
    Fixtures.Login carmel;
    Fixtures.Login dora;
    String skill;
    String trio;
    String service;
    long requestId;

    @BeforeAll
    void company() {
        admin = fixtures.user(Role.ADMINISTRATOR);
        fixtures.squareZone("Mosta", 14.40, 35.89, 0.05, null);
        skill = Fixtures.unique("wiring");
        db.execute("INSERT INTO skill (code, name) VALUES (?, 'Wiring')", skill);
        anna = fixtures.technician();
        boris = fixtures.technician();
        technician(anna, "Anna Borg", 35.9125, 14.4210, skill, LocalTime.of(8, 0), LocalTime.of(18, 0));
        technician(boris, "Boris Vella", 35.9060, 14.4330, skill, LocalTime.of(9, 0), LocalTime.of(11, 0));
        // a third one works all day without the skill: never part of the team
        carmel = fixtures.technician();
        technician(carmel, "Carmel Zammit", 35.9100, 14.4290, null, LocalTime.of(8, 0), LocalTime.of(18, 0));

        service = Fixtures.unique("two-electricians");
        TestHttp.Response created = http(admin).post("/api/service-types", """
                {"code": "%s", "name": "Rewiring (two electricians)", "durationMinutes": 45, "requiredSkills": ["%s"],
                 "basePrice": 90, "teamSize": 2, "teamSkills": "all"}""".formatted(service, skill));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("teamSize").asInt()).isEqualTo(2);
        assertThat(created.json().get("teamSkills").asString()).isEqualTo("all");
        // a team of three for the last test, where only the lead needs the skill (made here, before the booking
        // horizon is first prepared)
        trio = Fixtures.unique("three-cleaners");
        TestHttp.Response three = http(admin).post("/api/service-types", """
                {"code": "%s", "name": "Yard (three cleaners)", "durationMinutes": 30, "requiredSkills": ["%s"],
                 "basePrice": 120, "teamSize": 3, "teamSkills": "lead"}""".formatted(trio, skill));
        assertThat(three.status()).as(three.toString()).isEqualTo(201);
    }

    private void technician(Fixtures.Login login, String name, double lat, double lon, String skill, LocalTime from,
            LocalTime to) {
        db.execute("UPDATE technician SET name = ?, home = ST_SetSRID(ST_MakePoint(?, ?), 4326) WHERE id = ?", name, lon,
                lat, login.technicianId());
        if (skill != null) {
            db.execute("INSERT INTO technician_skill (technician_id, skill_code) VALUES (?, ?)", login.technicianId(), skill);
        }
        db.execute("INSERT INTO schedule_interval (technician_id, on_date, start_time, end_time) VALUES (?, ?, ?, ?)",
                login.technicianId(), TUESDAY, from, to);
    }

    TestHttp http(Fixtures.Login login) {
        return new TestHttp(port).authorization(login == null ? null : login.basic());
    }

    JsonNode windows() {
        TestHttp.Response r = new TestHttp(port).get("/api/public/windows?lat=" + LAT + "&lon=" + LON + "&service="
                + service + "&from=" + TUESDAY + "&to=" + TUESDAY);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    static JsonNode window(JsonNode answer, String start) {
        for (JsonNode w : answer.get("days").get(0).get("windows")) {
            if (w.get("start").asString().equals(start)) {
                return w;
            }
        }
        throw new AssertionError("no window " + start + " in " + answer);
    }

    TestHttp.Response book(String start, String name) {
        String body = """
                {"lat": %s, "lon": %s, "addressLine": "Triq il-Kostituzzjoni 12, Mosta", "service": "%s", "quantity": 1,
                 "date": "%s", "start": "%s", "contact": {"name": "%s", "phone": "+356 2123 4567", "email": null}}"""
                .formatted(LAT, LON, service, TUESDAY, start, name);
        return new TestHttp(port).send("POST", "/api/public/bookings", body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
    }

    @Test
    @Order(1)
    void theTeamSizeIsCheckedByTheApi() {
        TestHttp.Response bad = http(admin).post("/api/service-types", """
                {"code": "%s", "name": "Too many", "durationMinutes": 45, "basePrice": 90, "teamSize": 7,
                 "teamSkills": "some"}""".formatted(Fixtures.unique("too-many")));
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.contentType()).contains("application/problem+json");
        assertThat(bad.body()).contains("teamSize").contains("7").contains("teamSkills").contains("some");
    }

    @Test
    @Order(2)
    void aWindowIsOfferedOnlyWhenBothAreFreeTogether() {
        JsonNode answer = windows();
        assertThat(window(answer, "10:00").get("available").asBoolean()).as(answer.toString()).isTrue();
        JsonNode eleven = window(answer, "11:00");
        assertThat(eleven.get("available").asBoolean()).as(answer.toString()).isFalse();
        assertThat(eleven.get("reasonCode").asString()).isEqualTo("FULL");
    }

    @Test
    @Order(3)
    void aBookingTakesBothAtOneStartAndNeverDoubleBooksThem() {
        TestHttp.Response first = book("10:00", "Maria Camilleri");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        requestId = first.json().get("requestId").asLong();

        Record own = db.fetchOne("SELECT rt.technician_id, s.start_at FROM route_stop s JOIN route rt ON rt.id = s.route_id "
                + "WHERE s.request_id = ?", requestId);
        List<Record> others = db.fetch("SELECT rt.technician_id, m.start_at, m.member FROM route_stop_member m "
                + "JOIN route rt ON rt.id = m.route_id WHERE m.request_id = ?", requestId);
        assertThat(own).as("the request's own stop").isNotNull();
        assertThat(others).as("the second technician's stop").hasSize(1);
        assertThat(others.get(0).get("member", Integer.class)).isEqualTo(2);
        assertThat(List.of(own.get(0, Long.class), others.get(0).get(0, Long.class)))
                .containsExactlyInAnyOrder(anna.technicianId(), boris.technicianId());
        OffsetDateTime start = own.get("start_at", OffsetDateTime.class);
        assertThat(others.get(0).get("start_at", OffsetDateTime.class)).isEqualTo(start);
        assertThat(start.atZoneSameInstant(MALTA).toLocalDateTime()).isEqualTo(TUESDAY.atTime(10, 0));
        assertThat(db.fetchValue("SELECT status FROM service_request WHERE id = ?", requestId)).isEqualTo("scheduled");

        // Boris is busy until 10:45 now: nobody else can have the pair in that window
        assertThat(window(windows(), "10:00").get("available").asBoolean()).isFalse();
        TestHttp.Response second = book("10:00", "Joseph Grech");
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER))).isEqualTo(1);
    }

    @Test
    @Order(4)
    void thePlanningProblemHasTheGroupAndASolveKeepsItWhole() {
        LoadedPlan loaded = problems.load(PlanScope.day(TUESDAY));
        List<Visit> members = loaded.plan().getVisits().stream()
                .filter(v -> v.getGroup() != null && v.getGroup().id().equals(LoadedPlan.visitId(requestId))).toList();
        assertThat(members).hasSize(2);
        assertThat(members).allSatisfy(v -> assertThat(v.getShift()).isNotNull());
        assertThat(members.get(0).getTechnician()).isNotEqualTo(members.get(1).getTechnician());
        assertThat(PlanSolver.score(loaded.plan()).hardScore()).isZero();

        FieldPlan solved = org.fieldplan.api.PlannedDemo.publishDay(problems, routeWriter, transaction, TUESDAY, 2);
        assertThat(solved.getScore().hardScore()).isZero();
        List<OffsetDateTime> starts = db.fetch("SELECT start_at FROM route_stop WHERE request_id = ? UNION ALL "
                + "SELECT start_at FROM route_stop_member WHERE request_id = ?", requestId, requestId)
                .getValues(0, OffsetDateTime.class);
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0)).isEqualTo(starts.get(1));
        assertThat(starts.get(0).atZoneSameInstant(MALTA).toLocalDateTime()).isEqualTo(TUESDAY.atTime(10, 0));
    }

    @Test
    @Order(5)
    void eachRouteShowsTheStopWithTheOtherTechnician() throws Exception {
        RouteView annas = store.route(anna.technicianId(), TUESDAY);
        RouteView boriss = store.route(boris.technicianId(), TUESDAY);
        assertThat(annas.stops()).singleElement().satisfies(s -> {
            assertThat(s.requestId()).isEqualTo(requestId);
            assertThat(s.alongside()).containsExactly("Boris Vella");
        });
        assertThat(boriss.stops()).singleElement().satisfies(s -> {
            assertThat(s.requestId()).isEqualTo(requestId);
            assertThat(s.alongside()).containsExactly("Anna Borg");
        });

        // the dispatcher board: the team's bar on both technicians' rows, at the same start
        TestHttp.Response board = http(admin).get("/api/board/day?date=" + TUESDAY);
        assertThat(board.status()).as(board.toString()).isEqualTo(200);
        int rowsWithIt = 0;
        for (JsonNode row : board.json().get("rows")) {
            for (JsonNode bar : row.get("bars")) {
                if (bar.get("requestId").asLong() == requestId) {
                    rowsWithIt++;
                    assertThat(bar.get("start").asString()).isEqualTo("10:00");
                    assertThat(row.get("technicianId").asLong()).isIn(anna.technicianId(), boris.technicianId());
                }
            }
        }
        assertThat(rowsWithIt).isEqualTo(2);

        // the route sheet, in English and Russian
        for (Object[] c : List.of(new Object[] {anna, "Boris Vella"}, new Object[] {boris, "Anna Borg"})) {
            Fixtures.Login who = (Fixtures.Login) c[0];
            TestHttp.Response en = http(admin).get("/sheets/" + who.technicianId() + "/" + TUESDAY + "?lang=en");
            assertThat(en.status()).as(en.toString()).isEqualTo(200);
            assertThat(en.body()).contains("with: " + c[1]);
            TestHttp.Response ru = http(who).get("/sheets/" + who.technicianId() + "/" + TUESDAY + "?lang=ru");
            assertThat(ru.status()).as(ru.toString()).isEqualTo(200);
            assertThat(ru.body()).contains("вместе с: " + c[1]);
            // the phone page's data
            TestHttp.Response day = http(who).get("/api/field/day?date=" + TUESDAY);
            assertThat(day.status()).as(day.toString()).isEqualTo(200);
            JsonNode visit = day.json().get("visits").get(0);
            assertThat(visit.get("requestId").asLong()).isEqualTo(requestId);
            assertThat(visit.get("alongside").get(0).asString()).isEqualTo(c[1]);
        }

        // the phone page in Chromium: Boris sees that Anna works alongside, in English and in Russian
        for (String lang : List.of("en", "ru")) {
            try (Browser browser = Browser.open(port, Viewport.PHONE, lang)) {
                browser.login(boris.username(), Fixtures.PASSWORD).go("/field?lang=" + lang + "&date=" + TUESDAY);
                browser.waitFor("section.visit[data-request=\"" + requestId + "\"] p.with");
                assertThat(browser.text("section.visit p.with"))
                        .isEqualTo((lang.equals("ru") ? "Вместе с: " : "With: ") + "Anna Borg");
                browser.screenshot("field-team-" + lang);
            }
        }
    }

    @Test
    @Order(6)
    void theBoardRefusesAMoveThatBreaksATeamRule() {
        long own = ((Number) db.fetchValue("SELECT rt.technician_id FROM route_stop s JOIN route rt ON rt.id = s.route_id "
                + "WHERE s.request_id = ?", requestId)).longValue();
        long other = own == anna.technicianId() ? boris.technicianId() : anna.technicianId();
        String move = """
                {"date": "%s", "requestId": %d, "technicianId": %d, "position": 0, "apply": %s}""";

        // a check that breaks nothing passes: the stop where it is
        TestHttp.Response stay = http(admin).post("/api/board/move", move.formatted(TUESDAY, requestId, own, false));
        assertThat(stay.status()).as(stay.toString()).isEqualTo(200);
        assertThat(stay.json().get("allowed").asBoolean()).as(stay.toString()).isTrue();

        // onto the other member's route: one person twice in the team, refused naming the rule, nothing stored
        TestHttp.Response onto = http(admin).post("/api/board/move", move.formatted(TUESDAY, requestId, other, true));
        assertThat(onto.status()).as(onto.toString()).isEqualTo(200);
        assertThat(onto.json().get("allowed").asBoolean()).as(onto.toString()).isFalse();
        assertThat(onto.json().get("violations").toString()).as(onto.toString())
                .contains("team rule: each member of a team visit needs a different technician");
        assertThat(db.fetchValue("SELECT rt.technician_id FROM route_stop s JOIN route rt ON rt.id = s.route_id "
                + "WHERE s.request_id = ?", requestId)).as("the stop stays where it was").isEqualTo(own);
        assertThat(db.fetchValue("SELECT rt.technician_id FROM route_stop_member m JOIN route rt ON rt.id = m.route_id "
                + "WHERE m.request_id = ?", requestId)).isEqualTo(other);
    }

    long ownTechnician() {
        return ((Number) db.fetchValue("SELECT rt.technician_id FROM route_stop s JOIN route rt ON rt.id = s.route_id "
                + "WHERE s.request_id = ?", requestId)).longValue();
    }

    long memberTechnician() {
        return ((Number) db.fetchValue("SELECT rt.technician_id FROM route_stop_member m JOIN route rt ON rt.id = m.route_id "
                + "WHERE m.request_id = ? AND m.member = 2", requestId)).longValue();
    }

    /** The start of the team's stop on {@code technicianId}'s route (own stop or member stop), in Malta time, or null. */
    LocalTime startOn(long technicianId) {
        OffsetDateTime at = (OffsetDateTime) db.fetchValue("SELECT x.start_at FROM (SELECT route_id, start_at FROM route_stop "
                + "WHERE request_id = ? UNION ALL SELECT route_id, start_at FROM route_stop_member WHERE request_id = ?) x "
                + "JOIN route rt ON rt.id = x.route_id WHERE rt.technician_id = ?", requestId, requestId, technicianId);
        return at == null ? null : at.atZoneSameInstant(MALTA).toLocalTime();
    }

    String name(long technicianId) {
        return (String) db.fetchValue("SELECT name FROM technician WHERE id = ?", technicianId);
    }

    TestHttp.Response move(int member, long technicianId, boolean apply, String language) {
        return http(admin).send("POST", "/api/board/move", """
                {"date": "%s", "requestId": %d, "member": %d, "technicianId": %d, "position": 0, "apply": %s}"""
                .formatted(TUESDAY, requestId, member, technicianId, apply), Map.of("Accept-Language", language));
    }

    @Test
    @Order(7)
    void theSecondMemberIsReplacedOnTheBoardWhenTheOtherTechnicianMayTakeItsPlace() {
        dora = fixtures.technician();
        technician(dora, "Dora Farrugia", 35.9150, 14.4180, skill, LocalTime.of(8, 0), LocalTime.of(18, 0));
        long own = ownTechnician();
        long second = memberTechnician();

        // through the API: Carmel lacks the skill the team needs of every member; named in Russian too, nothing stored
        TestHttp.Response refused = move(2, carmel.technicianId(), true, "ru");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(200);
        assertThat(refused.json().get("allowed").asBoolean()).as(refused.toString()).isFalse();
        assertThat(refused.json().get("violations").toString()).contains("Carmel Zammit lacks skill [" + skill + "]");
        assertThat(refused.json().get("explained").toString()).as(refused.toString())
                .contains("Навык: У мастера Carmel Zammit нет навыка [" + skill + "]");
        assertThat(memberTechnician()).isEqualTo(second);
        // a member number the team does not have is a 400 naming it
        TestHttp.Response third = move(3, dora.technicianId(), false, "en");
        assertThat(third.status()).as(third.toString()).isEqualTo(400);
        assertThat(third.body()).contains("member").contains("3").contains("team of 2");

        // in Chromium: the second member's bar is dragged onto Dora's row (dropped at 17:00: a team's visit goes to the
        // team's common start all the same), the check allows it, the move is stored
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/board?lang=en&date=" + TUESDAY);
            String bar = ".bar[data-request=\"" + requestId + "\"][data-member=\"2\"]";
            String doraRow = ".trow[data-technician=\"" + dora.technicianId() + "\"]";
            browser.waitFor(".trow[data-technician=\"" + second + "\"] " + bar).waitFor(doraRow);
            browser.eval("(() => { const bar = document.querySelector(" + Browser.js(bar) + ");"
                    + " const target = document.querySelector(" + Browser.js(doraRow) + "); const dt = new DataTransfer();"
                    + " bar.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
                    + " const r = target.getBoundingClientRect(); const x = r.left + r.width * (17 * 60 - 7 * 60) / (12 * 60);"
                    + " target.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: x, clientY: r.top + 5}));"
                    + " target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: x, clientY: r.top + 5}));"
                    + " return true; })()");
            browser.waitFor("#check button.apply");
            assertThat(browser.text("#check")).contains("No rule is broken");
            browser.click("#check button.apply");
            browser.waitFor(doraRow + " " + bar);
            browser.screenshot("board-team-member-replaced");
        }
        assertThat(memberTechnician()).as("member 2 is Dora's now").isEqualTo(dora.technicianId());
        assertThat(startOn(dora.technicianId())).isEqualTo(LocalTime.of(10, 0));
        assertThat(startOn(own)).as("member 1 stays where it was, at the same start").isEqualTo(LocalTime.of(10, 0));
        assertThat(ownTechnician()).isEqualTo(own);
        assertThat(startOn(second)).as("the replaced technician's route no longer has the visit").isNull();
        assertThat(((Number) db.fetchValue("SELECT technician_id FROM service_request WHERE id = ?", requestId)).longValue())
                .as("the request keeps member 1's technician").isEqualTo(own);

        // in Russian, from the card's control: Carmel in Dora's place is refused, naming the rule and Carmel
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/board?lang=ru&date=" + TUESDAY);
            String bar = ".trow[data-technician=\"" + dora.technicianId() + "\"] .bar[data-request=\"" + requestId
                    + "\"][data-member=\"2\"]";
            browser.waitFor(bar).click(bar);
            browser.waitFor("#card #replaceWith");
            assertThat(browser.text("#card p.team")).contains("Бригада из 2").contains("Dora Farrugia").contains("участник 2 из 2");
            browser.select("#card #replaceWith", String.valueOf(carmel.technicianId()));
            browser.click("#card button.replace");
            browser.waitUntil("the check's answer", "!document.querySelector('#check').hidden && document.querySelector('#check li')");
            assertThat(browser.text("#check")).contains("Нельзя").contains("Навык: У мастера Carmel Zammit нет навыка");
            browser.screenshot("board-team-replace-refused-ru");
        }
        assertThat(memberTechnician()).as("nothing stored").isEqualTo(dora.technicianId());
    }

    @Test
    @Order(8)
    void theFirstMemberMovesOnlyToSomeoneWhoStartsWithTheTeam() {
        long own = ownTechnician();
        long free = own == anna.technicianId() ? boris.technicianId() : anna.technicianId(); // left the team in test 7
        // Emil works from 10:00 and lives in Marsaxlokk: he cannot be in Mosta at the team's 10:00
        Fixtures.Login emil = fixtures.technician();
        technician(emil, "Emil Spiteri", 35.8417, 14.5447, skill, LocalTime.of(10, 0), LocalTime.of(18, 0));
        TestHttp.Response late = move(1, emil.technicianId(), true, "en");
        assertThat(late.status()).as(late.toString()).isEqualTo(200);
        assertThat(late.json().get("allowed").asBoolean()).as(late.toString()).isFalse();
        assertThat(late.json().get("violations").toString()).as(late.toString())
                .containsPattern("Emil Spiteri starts 10:\\d\\d, not with the team at 10:00 \\(team rule: every member starts at the common start\\)");
        assertThat(late.json().get("explained").toString()).contains("Team (common start): ");
        TestHttp.Response lateRu = move(1, emil.technicianId(), false, "ru");
        assertThat(lateRu.json().get("explained").toString()).as(lateRu.toString())
                .containsPattern("Бригада \\(общее начало\\): Заявка .+: мастер Emil Spiteri начинает в 10:\\d\\d, а не вместе с бригадой в 10:00");
        assertThat(ownTechnician()).isEqualTo(own);

        // the technician who left the team is free at 10:00 again: member 1 moves there, the start stays for both
        TestHttp.Response moved = move(1, free, true, "en");
        assertThat(moved.json().get("allowed").asBoolean()).as(moved.toString()).isTrue();
        assertThat(ownTechnician()).isEqualTo(free);
        assertThat(startOn(free)).isEqualTo(LocalTime.of(10, 0));
        assertThat(startOn(dora.technicianId())).isEqualTo(LocalTime.of(10, 0));
        assertThat(startOn(own)).isNull();
        assertThat(((Number) db.fetchValue("SELECT technician_id FROM service_request WHERE id = ?", requestId)).longValue())
                .as("the request follows member 1").isEqualTo(free);
    }

    @Test
    @Order(9)
    void theNewTeamSeesEachOtherOnSheetsAndPhones() {
        long lead = ownTechnician();
        Fixtures.Login leadLogin = lead == anna.technicianId() ? anna : boris;
        for (Object[] c : List.of(new Object[] {dora, name(lead)}, new Object[] {leadLogin, "Dora Farrugia"})) {
            Fixtures.Login who = (Fixtures.Login) c[0];
            TestHttp.Response en = http(who).get("/sheets/" + who.technicianId() + "/" + TUESDAY + "?lang=en");
            assertThat(en.status()).as(en.toString()).isEqualTo(200);
            assertThat(en.body()).contains("with: " + c[1]);
            TestHttp.Response ru = http(who).get("/sheets/" + who.technicianId() + "/" + TUESDAY + "?lang=ru");
            assertThat(ru.body()).contains("вместе с: " + c[1]);
            TestHttp.Response day = http(who).get("/api/field/day?date=" + TUESDAY);
            assertThat(day.status()).as(day.toString()).isEqualTo(200);
            JsonNode visit = day.json().get("visits").get(0);
            assertThat(visit.get("requestId").asLong()).isEqualTo(requestId);
            assertThat(visit.get("alongside").toString()).isEqualTo("[\"" + c[1] + "\"]");
        }
        // member 2 (Dora) on her phone in Chromium
        try (Browser browser = Browser.open(port, Viewport.PHONE, "en")) {
            browser.login(dora.username(), Fixtures.PASSWORD).go("/field?lang=en&date=" + TUESDAY);
            browser.waitFor("section.visit[data-request=\"" + requestId + "\"] p.with");
            assertThat(browser.text("section.visit p.with")).isEqualTo("With: " + name(lead));
        }
    }

    @Test
    @Order(10)
    void whenTheSecondMemberFallsIllTheBoardListsThatPartAndAnotherTechnicianTakesIt() {
        long lead = ownTechnician();
        long spare = lead == anna.technicianId() ? boris.technicianId() : anna.technicianId();
        TestHttp.Response absent = http(admin).put("/api/absences/" + dora.technicianId() + "/" + TUESDAY, "{\"reason\": \"sick\"}");
        assertThat(absent.status()).as(absent.toString()).isEqualTo(200);
        assertThat(startOn(dora.technicianId())).as("Dora's part came off her route").isNull();
        assertThat(startOn(lead)).as("the lead's part stays").isEqualTo(LocalTime.of(10, 0));

        // the board lists the part left without a technician, with the team's start
        TestHttp.Response board = http(admin).get("/api/board/day?date=" + TUESDAY);
        JsonNode part = null;
        for (JsonNode u : board.json().get("unplanned")) {
            if (u.get("requestId").asLong() == requestId) {
                assertThat(part).as("listed once").isNull();
                part = u;
            }
        }
        assertThat(part).as(board.toString()).isNotNull();
        assertThat(part.get("member").asInt()).isEqualTo(2);
        assertThat(part.get("teamSize").asInt()).isEqualTo(2);
        assertThat(part.get("teamStart").asString()).isEqualTo("10:00");

        // in Chromium the listed part is dragged onto the spare technician's row and stored there at 10:00
        try (Browser browser = Browser.open(port, Viewport.DESKTOP, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/board?lang=en&date=" + TUESDAY);
            String item = "#unplanned li[data-request=\"" + requestId + "\"][data-member=\"2\"]";
            String row = ".trow[data-technician=\"" + spare + "\"]";
            browser.waitFor(item).waitFor(row);
            assertThat(browser.text(item)).contains("member 2 of 2, 10:00");
            browser.eval("(() => { const li = document.querySelector(" + Browser.js(item) + ");"
                    + " const target = document.querySelector(" + Browser.js(row) + "); const dt = new DataTransfer();"
                    + " li.dispatchEvent(new DragEvent('dragstart', {dataTransfer: dt, bubbles: true}));"
                    + " const r = target.getBoundingClientRect(); const x = r.left + 2;"
                    + " target.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true, clientX: x, clientY: r.top + 5}));"
                    + " return true; })()");
            browser.waitFor("#check button.apply").click("#check button.apply");
            browser.waitFor(row + " .bar[data-request=\"" + requestId + "\"][data-member=\"2\"]");
        }
        assertThat(memberTechnician()).isEqualTo(spare);
        assertThat(startOn(spare)).isEqualTo(LocalTime.of(10, 0));
        assertThat(startOn(lead)).isEqualTo(LocalTime.of(10, 0));
    }

    @Test
    @Order(11)
    void cancellingTheTeamRequestTakesTheOtherMembersOffWhenTheFirstIsOnNoRoute() {
        long own = ownTechnician();
        long other = memberTechnician();
        // the first person falls ill: their stop comes off, the other member's stays on the other route
        TestHttp.Response absent = http(admin).put("/api/absences/" + own + "/" + TUESDAY, "{\"reason\": \"sick\"}");
        assertThat(absent.status()).as(absent.toString()).isEqualTo(200);
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP)
                .where("request_id = ?", requestId))).as("the first person's stop is on no route").isZero();
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER)
                .where("request_id = ?", requestId))).as("the second person's stop").isEqualTo(1);

        int version = ((Number) db.fetchValue("SELECT version FROM service_request WHERE id = ?", requestId)).intValue();
        TestHttp.Response cancelled = http(admin).send("POST", "/api/requests/" + requestId + "/status",
                "{\"status\": \"cancelled\", \"note\": \"The customer called off the visit\"}",
                Map.of("If-Match", "\"" + version + "\""));
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER)
                .where("request_id = ?", requestId))).as("the second person's stop left with the request").isZero();
        assertThat(db.fetchCount(db.selectFrom(org.fieldplan.api.persistence.jooq.Tables.ROUTE)
                .where("technician_id = ? AND day = ?", other, TUESDAY))).as("the other route, empty now, is gone").isZero();
    }
    @Test
    @Order(12)
    void inATeamOfThreeEveryMemberSeesTheLeadFirstAndTheOther() {
        // a team of three where only the lead needs the skill: at 11:00 Anna (skilled, all day), Emil (skilled, from
        // 10:00, far away) and Carmel (no skill) are the only three who can be there (Boris stops at 11:00, Dora is ill)
        String body = """
                {"lat": %s, "lon": %s, "addressLine": "Triq iċ-Ċentru 3, Mosta", "service": "%s", "quantity": 1,
                 "date": "%s", "start": "11:00", "contact": {"name": "Rita Attard", "phone": "+356 2123 7654", "email": null}}"""
                .formatted(LAT, LON, trio, TUESDAY);
        // the booking horizon may answer from a state prepared a moment ago: ask again for a few seconds if so
        TestHttp.Response booked;
        long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        do {
            booked = new TestHttp(port).send("POST", "/api/public/bookings", body, Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        } while (booked.status() == 400 && booked.body().contains("is not a service we offer") && System.nanoTime() < until
                && sleep(300));
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        long team = booked.json().get("requestId").asLong();
        // member number -> technician, from the database
        Map<Integer, Long> members = new java.util.TreeMap<>();
        db.fetch("SELECT 1 AS member, rt.technician_id FROM route_stop s JOIN route rt ON rt.id = s.route_id WHERE s.request_id = ? "
                + "UNION ALL SELECT m.member, rt.technician_id FROM route_stop_member m JOIN route rt ON rt.id = m.route_id "
                + "WHERE m.request_id = ?", team, team).forEach(r -> members.put(r.get(0, Integer.class), r.get(1, Long.class)));
        assertThat(members).containsOnlyKeys(1, 2, 3);
        assertThat(members.values()).doesNotHaveDuplicates();
        assertThat(members.get(1)).as("the lead has the skill").isNotEqualTo(carmel.technicianId());
        for (int k = 1; k <= 3; k++) {
            long who = members.get(k);
            int me = k;
            List<String> others = members.entrySet().stream().filter(e -> e.getKey() != me).map(e -> name(e.getValue())).toList();
            TestHttp.Response sheet = http(admin).get("/sheets/" + who + "/" + TUESDAY + "?lang=en");
            assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
            assertThat(sheet.body()).as("member " + k + "'s sheet").contains("with: " + String.join(", ", others));
            RouteView route = store.route(who, TUESDAY);
            assertThat(route.stops()).filteredOn(s -> s.requestId() == team).singleElement()
                    .satisfies(s -> assertThat(s.alongside()).containsExactlyElementsOf(others));
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
