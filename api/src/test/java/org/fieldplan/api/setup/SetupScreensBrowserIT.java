package org.fieldplan.api.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE_SERVICE_TYPE;

import org.fieldplan.api.Fixtures;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.persistence.jooq.tables.records.TechnicianRecord;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The people, services and users screens in Russian on a tablet: every form shows the server's field problems next to
 * the field, a change made meanwhile by someone else is refused (If-Match) rather than overwritten, and what is saved
 * is what the administrator entered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_setup_screens",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_setup_screens",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_setup_screens, public",
        "fieldplan.security.bcrypt-strength=4"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, Fixtures.class})
class SetupScreensBrowserIT {

    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Value("${local.server.port}")
    int port;

    @Test
    void technicianServiceAndUserAreSetUpWithTheServersProblemsByTheirFields() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        db.execute("INSERT INTO skill (code, name) VALUES ('gas', 'Газ'), ('water', 'Вода') ON CONFLICT DO NOTHING");
        long zone = fixtures.squareZone("Sliema", 14.49, 35.90, 0.02, null);
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/people");
            browser.waitUntil("the people screen", "document.body.dataset.ready === 'true'");
            assertThat(browser.text("h1")).isEqualTo("Мастера и бригады");
            // a team first, then the technician in it
            browser.type("#teamName", "Северная").click("#teamForm button[type=submit]");
            browser.waitForText("#teamList", "Северная");
            browser.type("#name", "Иван Петров").type("#city", "Слима").type("#phone", "+35699000111")
                    .type("#email", "not-an-address").type("#lat", "35.91").type("#lon", "14.50");
            browser.click("#skills input[value=gas]");
            browser.select("#teamId", db.fetchValue("SELECT id FROM team WHERE name = 'Северная'").toString());
            browser.click("#save");
            browser.waitFor(".error[data-problem=email]");
            assertThat(browser.eval("document.getElementById('email').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            assertThat(db.fetchCount(TECHNICIAN, TECHNICIAN.NAME.eq("Иван Петров"))).as("nothing stored").isZero();
            browser.type("#email", "ivan@example.test").click("#save");
            browser.waitForText("#saved", "Сохранено");
            TechnicianRecord ivan = db.selectFrom(TECHNICIAN).where(TECHNICIAN.NAME.eq("Иван Петров")).fetchSingle();
            assertThat(ivan.getCity()).isEqualTo("Слима");
            assertThat(ivan.getEmail()).isEqualTo("ivan@example.test");
            assertThat(ivan.getHome().getCoordinate().y).isEqualTo(35.91);
            assertThat(ivan.getTeamId()).isNotNull();
            assertThat(db.select(TECHNICIAN_SKILL.SKILL_CODE).from(TECHNICIAN_SKILL).where(TECHNICIAN_SKILL.TECHNICIAN_ID.eq(ivan.getId()))
                    .fetch(TECHNICIAN_SKILL.SKILL_CODE)).containsExactly("gas");
            // someone else changes him meanwhile: the page's next change is refused, not written over theirs
            db.update(TECHNICIAN).set(TECHNICIAN.PHONE, "+35699999999").set(TECHNICIAN.VERSION, TECHNICIAN.VERSION.plus(1))
                    .where(TECHNICIAN.ID.eq(ivan.getId())).execute();
            browser.type("#phone", "+35699000222").click("#save");
            browser.waitForText("#technicianForm .error[data-for=form]", "version");
            assertThat(db.fetchValue(TECHNICIAN.PHONE, TECHNICIAN.ID.eq(ivan.getId()))).isEqualTo("+35699999999");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("fits a tablet").isTrue();
            browser.screenshot("setup-people-ru");

            // a service offered in one zone, with a "from" price
            browser.clickText(".fp-subnav a", "Услуги");
            browser.waitUntil("the services screen", "document.body.dataset.ready === 'true'");
            browser.type("#name", "Поверка счётчика").type("#code", "Bad Code").type("#durationMinutes", "45").type("#basePrice", "30,50");
            browser.click("#priceIsFrom");
            browser.click("#skills input[value=water]");
            browser.click("#zones input[value='" + zone + "']");
            browser.click("#save");
            browser.waitFor(".error[data-problem=code]");
            browser.type("#code", "meter-check").click("#save");
            browser.waitForText("#saved", "Сохранено");
            var service = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq("meter-check")).fetchSingle();
            assertThat(service.getDurationSeconds()).isEqualTo(45 * 60);
            assertThat(service.getBasePrice()).isEqualByComparingTo("30.50");
            assertThat(service.getPriceIsFrom()).isTrue();
            assertThat(db.select(ZONE_SERVICE_TYPE.ZONE_ID).from(ZONE_SERVICE_TYPE).where(ZONE_SERVICE_TYPE.SERVICE_TYPE_ID.eq(service.getId()))
                    .fetch(ZONE_SERVICE_TYPE.ZONE_ID)).containsExactly(zone);
            browser.waitForText("#serviceList", "от 30,50");
            browser.screenshot("setup-services-ru");

            // users: a new dispatcher account (a short password is refused by its field), then made an administrator too
            browser.clickText(".fp-subnav a", "Пользователи");
            browser.waitUntil("the users screen", "document.body.dataset.ready === 'true'");
            browser.type("#nUsername", "olga").type("#nPassword", "short").type("#nDisplayName", "Ольга");
            browser.click("#nRoles input[value=dispatcher]");
            browser.click("#create");
            browser.waitFor("#newUserForm .error[data-problem=password]");
            browser.type("#nPassword", "a-long-password-1").click("#create");
            browser.waitForText("#created", "olga");
            long olga = db.fetchValue(APP_USER.ID, APP_USER.USERNAME.eq("olga"));
            browser.click("#userList tr[data-user='" + olga + "'] button.edit");
            browser.click("#roles input[value=administrator]");
            browser.click("#enabled");
            browser.click("#saveUser");
            browser.waitForText("#saved", "Сохранено");
            assertThat(db.select(APP_USER_ROLE.ROLE_CODE).from(APP_USER_ROLE).where(APP_USER_ROLE.USER_ID.eq(olga)).orderBy(APP_USER_ROLE.ROLE_CODE)
                    .fetch(APP_USER_ROLE.ROLE_CODE)).containsExactly("administrator", "dispatcher");
            assertThat(db.fetchValue(APP_USER.ENABLED, APP_USER.ID.eq(olga))).isFalse();
            browser.type("#password", "another-password-2").click("#setPassword");
            browser.waitForText("#passwordSet", "пароль");
            // the administrator may not take their own administrator role
            browser.click("#userList tr[data-user='" + admin.userId() + "'] button.edit");
            browser.click("#roles input[value=administrator]");
            browser.click("#saveUser");
            browser.waitFor("#userForm .error[data-problem=roles]");
            browser.screenshot("setup-users-ru");
            assertThat(dispatcher.userId()).isPositive();
        }
    }
}
