package org.fieldplan.api.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.AGENT;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_LEVEL;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_VISIT;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.browser.Browser;
import org.fieldplan.api.browser.Viewport;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The set-up screens of the commercial side in headless Chromium, with a real SMTP server (GreenMail): the users page
 * invites a customer's contact person, whose e-mail brings a link that signs them in to the organisation's requests,
 * and disables them again; the contracts, partners and agents pages each create something, see it listed, and show
 * the server's field problem next to its field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.flyway.schemas=${fieldplan.it.schema:fieldplan_it}_setup_commerce",
        "spring.flyway.default-schema=${fieldplan.it.schema:fieldplan_it}_setup_commerce",
        "spring.datasource.hikari.connection-init-sql=SET search_path TO ${fieldplan.it.schema:fieldplan_it}_setup_commerce, public",
        "fieldplan.security.bcrypt-strength=4",
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "fieldplan.notifications.messages.public-base-url=https://service.example.test",
        "fieldplan.cabinet.codes-per-client=500/1m",
        "fieldplan.cabinet.checks-per-client=500/1m",
        "spring.mail.host=127.0.0.1"})
@ActiveProfiles("it")
@Import({org.fieldplan.api.OwnSchema.class, Fixtures.class})
class SetupCommerceBrowserIT {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @Autowired
    Fixtures fixtures;
    @Autowired
    DSLContext db;
    @Autowired
    RequestIntake intake;
    @Autowired
    java.time.Clock clock;
    @Value("${local.server.port}")
    int port;

    /** A customer organisation with one request (in a zone of its own, over empty sea). */
    private record Organisation(long id, String name, long serviceId, ServiceRequestView request) {}

    private Organisation organisation(String prefix, double lon0) {
        Fixtures.Login dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone(prefix, lon0, 10.0, 1.0, dispatcher.userId());
        long service = fixtures.serviceType(prefix);
        String name = Fixtures.unique(prefix);
        long id = fixtures.customerWithoutLogin();
        db.update(CUSTOMER).set(CUSTOMER.NAME, name).set(CUSTOMER.EMAIL, name.toLowerCase() + "@office.test").where(CUSTOMER.ID.eq(id)).execute();
        ServiceRequestView request = intake.intake(new NewServiceRequest(id, null, new NewServiceRequest.AddressInput("1 Harbour Street", 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(service, null, 1)), "phone", 3, OffsetDateTime.now().plusDays(5), null, null),
                CurrentUser.system("setup-commerce-test"));
        return new Organisation(id, name, service, request);
    }

    @Test
    void theUsersPageInvitesACustomersContactWhoseLinkSignsThemInAndDisablesThem() throws Exception {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Organisation association = organisation("Association", 70.0);
        String contact = Fixtures.unique("treasurer").toLowerCase() + "@association.test";
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/users");
            browser.waitUntil("the users screen", "document.body.dataset.ready === 'true'");
            browser.type("#iCustomerQ", association.name());
            browser.waitUntil("the association in the customer list",
                    "[...document.querySelectorAll('#iCustomer option')].some(o => o.value === '" + association.id() + "')");
            browser.select("#iCustomer", String.valueOf(association.id()));
            // the server's problems, each by its field; nothing is stored
            browser.type("#iEmail", "not-an-address").click("#invite");
            browser.waitFor("#inviteForm .error[data-problem=name]");
            browser.waitFor("#inviteForm .error[data-problem=email]");
            assertThat(browser.eval("document.getElementById('iEmail').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            assertThat(db.fetchCount(CUSTOMER_MEMBER, CUSTOMER_MEMBER.CUSTOMER_ID.eq(association.id()))).as("nothing stored").isZero();
            assertThat(to(contact)).isEmpty();

            browser.type("#iName", "Maria Treasurer").type("#iEmail", contact).select("#iLang", "en").click("#invite");
            browser.waitForText("#invited", contact);
            browser.waitUntil("the contact in the list", "[...document.querySelectorAll('#userList tbody tr')]"
                    + ".some(tr => tr.textContent.includes('Maria Treasurer') && tr.textContent.includes(" + Browser.js(association.name()) + "))");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("fits a tablet").isTrue();
            browser.screenshot("setup-users-invite");
        }
        assertThat(db.fetchCount(CUSTOMER_MEMBER, CUSTOMER_MEMBER.CUSTOMER_ID.eq(association.id()))).isEqualTo(1);

        // the invitation arrives by e-mail; its link signs the contact in to the organisation's requests
        String text = awaitText(contact);
        String path = find(text, "https://service\\.example\\.test(/cabinet/sign-in\\?token=[A-Za-z0-9]+)");
        try (Browser phone = Browser.open(port, Viewport.PHONE, "en")) {
            phone.go(path);
            phone.waitForText("#requests", association.request().registrationNumber());
            assertThat(phone.text("#organisation")).contains(association.name());
        }

        // the administrator disables the contact: the account may no longer sign in
        long userId = db.select(CUSTOMER_MEMBER.USER_ID).from(CUSTOMER_MEMBER).where(CUSTOMER_MEMBER.CUSTOMER_ID.eq(association.id()))
                .fetchSingle(CUSTOMER_MEMBER.USER_ID);
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/users");
            browser.waitUntil("the users screen", "document.body.dataset.ready === 'true'");
            browser.click("#userList tr[data-user='" + userId + "'] button.disable");
            browser.waitForText("#userList tr[data-user='" + userId + "'] td.enabled", "нет");
        }
        assertThat(db.fetchValue(APP_USER.ENABLED, APP_USER.ID.eq(userId))).isFalse();
    }

    @Test
    void thePartnersPageRegistersACompanyShowsItsKeyOnceAndRevokesIt() throws Exception {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Organisation company = organisation("Management", 72.0);
        String name = Fixtures.unique("Harbour Management");
        String key;
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/partners");
            browser.waitUntil("the partners screen", "document.body.dataset.ready === 'true'");
            assertThat(browser.texts(".fp-subnav a")).contains("Contracts", "Partner companies", "Agents");
            // neither name nor customer: both problems by their fields, nothing stored
            browser.click("#create");
            browser.waitFor("#partnerForm .error[data-problem=name]");
            browser.waitFor("#partnerForm .error[data-problem=customerId]");
            assertThat(db.fetchCount(PARTNER)).as("nothing stored").isZero();

            browser.type("#name", name).type("#customerQ", company.name());
            browser.waitUntil("the company in the customer list",
                    "[...document.querySelectorAll('#customerId option')].some(o => o.value === '" + company.id() + "')");
            browser.select("#customerId", String.valueOf(company.id())).click("#create");
            browser.waitForText("#created", name);
            browser.waitForText("#partnerList", name);
            assertThat(browser.text("#partnerList")).contains(company.name());
            // the key form opens for it: a key, shown once
            browser.type("#label", "their ticket system").click("#makeKey");
            browser.waitUntil("the new key", "document.getElementById('newKey').textContent.startsWith('fpk_')");
            key = browser.text("#newKey");
            browser.waitForText("#partnerList ul.keys", "their ticket system");
            assertThat(browser.text("#partnerList ul.keys")).doesNotContain(key);
            assertThat(partnerCall(key)).as("the key works").isEqualTo(200);

            browser.click("#partnerList ul.keys button.revoke");
            browser.waitFor("#partnerList ul.keys li.revoked");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("fits a tablet").isTrue();
            browser.screenshot("setup-partners");
        }
        assertThat(partnerCall(key)).as("the revoked key is refused").isEqualTo(401);
    }

    private int partnerCall(String key) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/partner/requests"))
                .header("X-Api-Key", key).header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void theAgentsPageSetsTheSchemeBuildsAChainOfThreeAndShowsTheMonthlyStatementWithCsv() throws Exception {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        long counted = fixtures.serviceType("commission");
        String top = Fixtures.unique("TOP"), middle = Fixtures.unique("MID"), field = Fixtures.unique("FLD");
        try (Browser browser = Browser.open(port, Viewport.TABLET, "ru")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/agents");
            browser.waitUntil("the agents screen", "document.body.dataset.ready === 'true'");
            // a percent over 100 is refused by the field it belongs to
            browser.type("#level1", "150").type("#level2", "5").type("#level3", "2.5");
            browser.click("#schemeServices input[value='" + counted + "']").click("#saveScheme");
            browser.waitFor("#schemeForm .error[data-problem='levels[0]']");
            assertThat(browser.eval("document.getElementById('level1').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            browser.type("#level1", "10").click("#saveScheme");
            browser.waitForText("#schemeSaved", "Сохранено");
            assertThat(db.select(COMMISSION_LEVEL.PERCENT).from(COMMISSION_LEVEL).orderBy(COMMISSION_LEVEL.TIER).fetch(COMMISSION_LEVEL.PERCENT))
                    .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal("10"), new BigDecimal("5"), new BigDecimal("2.5"));

            // three levels: the field agent brought by the middle one, brought by the top one
            browser.type("#name", "Верхний").type("#code", top).click("#create");
            browser.waitForText("#agentList", top);
            browser.type("#name", "Средний").type("#code", middle);
            browser.select("#parentId", String.valueOf(agentId(top))).click("#create");
            browser.waitForText("#agentList", middle);
            browser.type("#name", "Полевой").type("#code", field);
            browser.select("#parentId", String.valueOf(agentId(middle))).click("#create");
            browser.waitForText("#agentList", field);
            String chain = browser.text("#agentList tr[data-agent='" + agentId(field) + "'] td.chain");
            assertThat(chain).contains("1: Полевой", "2: Средний", "3: Верхний");
            // a code taken already: the problem by the code field
            browser.type("#name", "Двойник").type("#code", top).click("#create");
            browser.waitFor("#agentForm .error[data-problem=code]");
            assertThat(db.fetchCount(AGENT, AGENT.NAME.eq("Двойник"))).isZero();

            // the statement of a month: what the ledger booked in it, not the month before
            OffsetDateTime now = OffsetDateTime.now(clock);
            entry(agentId(field), "FP-AGENT-1", now, new BigDecimal("12.34"));
            entry(agentId(field), "FP-AGENT-0", now.minusMonths(1), new BigDecimal("99.00"));
            browser.click("#agentList tr[data-agent='" + agentId(field) + "'] button.statement");
            browser.waitForText("#statement tbody", "FP-AGENT-1");
            assertThat(browser.text("#statement tbody")).doesNotContain("FP-AGENT-0");
            assertThat(browser.text("#total")).isEqualTo("12,34");
            String csvHref = browser.eval("document.getElementById('csv').getAttribute('href')").asString();
            String csv = browser.eval("(async () => (await fetch(" + Browser.js(csvHref) + ")).text())()").asString();
            assertThat(csv).contains("FP-AGENT-1").doesNotContain("FP-AGENT-0");
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("fits a tablet").isTrue();
            browser.screenshot("setup-agents");
        }
    }

    private long agentId(String code) {
        return db.select(AGENT.ID).from(AGENT).where(AGENT.CODE.eq(code)).fetchSingle(AGENT.ID);
    }

    private void entry(long agentId, String number, OffsetDateTime at, BigDecimal amount) {
        db.insertInto(COMMISSION_ENTRY).set(COMMISSION_ENTRY.AGENT_ID, agentId).set(COMMISSION_ENTRY.REGISTRATION_NUMBER, number)
                .set(COMMISSION_ENTRY.TIER, (short) 1).set(COMMISSION_ENTRY.KIND, "accrual").set(COMMISSION_ENTRY.PERCENT, new BigDecimal("10"))
                .set(COMMISSION_ENTRY.BASE, amount.multiply(BigDecimal.TEN)).set(COMMISSION_ENTRY.AMOUNT, amount)
                .set(COMMISSION_ENTRY.CURRENCY, "EUR").set(COMMISSION_ENTRY.BOOKED_AT, at).set(COMMISSION_ENTRY.NOTE, "test entry").execute();
    }

    @Test
    void theContractsPageEntersAContractWithWeeklyWorkShowsWhatFallsDueAndCreatesTheRequests() {
        Fixtures.Login admin = fixtures.user(Role.ADMINISTRATOR);
        Organisation association = organisation("Homeowners", 74.0);
        long service = association.serviceId();
        String number = Fixtures.unique("C-2027");
        List<LocalDate> expected;
        try (Browser browser = Browser.open(port, Viewport.TABLET, "en")) {
            browser.login(admin.username(), Fixtures.PASSWORD).go("/setup/contracts");
            browser.waitUntil("the contracts screen", "document.body.dataset.ready === 'true'");
            LocalDate today = LocalDate.parse(browser.value("#startsOn"));
            LocalDate day = today.plusDays(3);
            browser.type("#customerQ", association.name());
            browser.waitUntil("the association in the customer list",
                    "[...document.querySelectorAll('#customerId option')].some(o => o.value === '" + association.id() + "')");
            browser.select("#customerId", String.valueOf(association.id()));
            browser.type("#number", number).type("#title", "Yard cleaning");
            browser.select("#lines .contract-line .serviceTypeId", String.valueOf(service));
            browser.type("#lines .contract-line .addressLine", "1 Harbour Street").type("#lines .contract-line .lat", "95")
                    .type("#lines .contract-line .lon", String.valueOf(74.5));
            browser.select("#lines .contract-line .weekday", String.valueOf(day.getDayOfWeek().getValue()));
            browser.click("#create");
            // the latitude's problem is shown by the line's latitude field; nothing is stored
            browser.waitFor("#contractForm .error[data-problem='services[0].address.lat']");
            assertThat(browser.eval("document.querySelector('#lines .contract-line .lat').getAttribute('aria-invalid')").asString()).isEqualTo("true");
            assertThat(db.fetchCount(CONTRACT, CONTRACT.NUMBER.eq(number))).as("nothing stored").isZero();

            browser.type("#lines .contract-line .lat", "10.5").click("#create");
            browser.waitForText("#created", number);
            browser.waitForText("#contractList", number);
            browser.waitForText("#detailLines", "25.50");
            // weekly on that weekday from today until the page's day (today + 28): what falls due, by the server's rule
            LocalDate until = LocalDate.parse(browser.value("#until"));
            expected = today.datesUntil(until.plusDays(1)).filter(d -> d.getDayOfWeek() == day.getDayOfWeek()).toList();
            browser.waitUntil("the days that fall due", "document.querySelectorAll('#upcoming li[data-due]').length === " + expected.size());
            assertThat(browser.texts("#upcoming li[data-due]")).allSatisfy(text -> assertThat(text).contains("will be created"));
            assertThat(browser.eval("[...document.querySelectorAll('#upcoming li[data-due]')].map(li => li.dataset.due).join(',')").asString())
                    .isEqualTo(String.join(",", expected.stream().map(LocalDate::toString).toList()));

            browser.click("#generate");
            browser.waitForText("#generated", "Requests created");
            browser.waitUntil("the created requests", "document.querySelectorAll('#visits tbody tr[data-request]:not([data-request=\"\"])').length === "
                    + expected.size());
            assertThat(browser.texts("#upcoming li[data-due]")).allSatisfy(text -> assertThat(text).contains("request created"));
            assertThat(browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean()).as("fits a tablet").isTrue();
            browser.screenshot("setup-contracts");
        }
        long contract = db.select(CONTRACT.ID).from(CONTRACT).where(CONTRACT.NUMBER.eq(number)).fetchSingle(CONTRACT.ID);
        assertThat(db.select(CONTRACT_VISIT.DUE_ON).from(CONTRACT_VISIT).join(CONTRACT_SERVICE).on(CONTRACT_SERVICE.ID.eq(CONTRACT_VISIT.CONTRACT_SERVICE_ID))
                .where(CONTRACT_SERVICE.CONTRACT_ID.eq(contract), CONTRACT_VISIT.REQUEST_ID.isNotNull()).orderBy(CONTRACT_VISIT.DUE_ON)
                .fetch(CONTRACT_VISIT.DUE_ON)).isEqualTo(expected);
    }

    // ---- mail ---------------------------------------------------------------------------------------------------

    static List<MimeMessage> to(String recipient) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress().equalsIgnoreCase(recipient);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static String awaitText(String recipient) throws Exception {
        long until = System.currentTimeMillis() + 20_000;
        while (to(recipient).isEmpty() && System.currentTimeMillis() < until) {
            Thread.sleep(100);
        }
        List<MimeMessage> got = to(recipient);
        assertThat(got).as("messages to " + recipient).isNotEmpty();
        return got.getLast().getContent().toString();
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return m.group(1);
    }
}
