package org.fieldplan.api.cabinet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The customer's way in and the cabinet's API, over real HTTP with a real SMTP server (GreenMail): someone who booked
 * without an account asks for a code, reads it from the e-mail, signs in (a session cookie, CSRF for changes), sees
 * their organisation's requests with the timeline, writes to the office, accepts and rates the work; a code works
 * once, a wrong one is refused naming the field, another customer's request is 404; the link signs in too; a contact
 * person invited by staff sees the same requests; asking too often is 429.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "fieldplan.notifications.messages.public-base-url=https://service.example.test",
        "fieldplan.cabinet.codes-per-client=500/1m",
        "fieldplan.cabinet.checks-per-client=500/1m",
        "spring.mail.host=127.0.0.1"})
class CabinetIT {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final AtomicInteger REGION = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

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

    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired RequestIntake intake;
    @Autowired ServiceRequests requests;
    @Autowired TestHttp http;
    @Value("${local.server.port}") int port;

    private long serviceType;
    private double lon0;
    private Login dispatcher;
    private final CurrentUser system = CurrentUser.system("cabinet-test");

    @BeforeEach
    void company() {
        lon0 = 60.0 + REGION.getAndIncrement() * 1.5; // empty ocean, lat 10..11
        dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("cabinet", lon0, 10.0, 1.0, dispatcher.userId());
        serviceType = fixtures.serviceType("cabinet");
    }

    /** A customer who booked on the site: a record with an e-mail address and no account. */
    private long bookedOnTheSite(String email) {
        long id = fixtures.customerWithoutLogin();
        db.update(CUSTOMER).set(CUSTOMER.EMAIL, email).set(CUSTOMER.NAME, "Site customer " + email).where(CUSTOMER.ID.eq(id)).execute();
        return id;
    }

    private ServiceRequestView request(long customerId, String street) {
        return intake.intake(new NewServiceRequest(customerId, null, new NewServiceRequest.AddressInput(street, 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(serviceType, null, 1)), "site", 3,
                OffsetDateTime.now().plusDays(5), null, null), system);
    }

    private static List<MimeMessage> to(String recipient) throws Exception {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return ((InternetAddress) m.getRecipients(Message.RecipientType.TO)[0]).getAddress().equalsIgnoreCase(recipient);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String lastText(String recipient) throws Exception {
        List<MimeMessage> got = to(recipient);
        assertThat(got).as("messages to " + recipient).isNotEmpty();
        return got.getLast().getContent().toString();
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in " + text).isTrue();
        return m.group(1);
    }

    /** A browser: cookies kept, the CSRF token echoed on changes. */
    final class Browser {
        final CookieManager cookies = new CookieManager();
        final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();

        record Answer(int status, String body) {
            JsonNode json() {
                return JSON.readTree(body);
            }
        }

        Answer send(String method, String path, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json, application/problem+json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).map(HttpCookie::getValue)
                    .findFirst().ifPresent(t -> b.header("X-XSRF-TOKEN", t));
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        }
    }

    @Test
    void someoneWhoBookedOnTheSiteSignsInWithACodeAndUsesTheCabinet() throws Exception {
        String email = Fixtures.unique("anna") + "@site.test";
        long customer = bookedOnTheSite(email);
        ServiceRequestView mine = request(customer, "1 Cabinet Street");
        Login other = fixtures.customer();
        ServiceRequestView theirs = request(other.customerId(), "2 Other Street");

        Browser phone = new Browser();
        assertThat(phone.send("GET", "/api/cabinet/requests", null).status()).isEqualTo(401);
        Browser.Answer asked = phone.send("POST", "/api/public/sign-in/code", "{\"contact\": \" " + email.toUpperCase() + "\", \"lang\": \"ru\"}");
        assertThat(asked.status()).isEqualTo(202);
        String text = lastText(email);
        String code = find(text, "(\\d{6})");
        assertThat(text).contains("https://service.example.test/cabinet/sign-in?token=");
        assertThat(to(email).getLast().getSubject()).as("the sign-in stored the language asked for").startsWith("Ваш код входа");

        Browser.Answer wrong = phone.send("POST", "/api/public/sign-in/verify",
                "{\"contact\": \"" + email + "\", \"code\": \"" + (code.equals("000000") ? "000001" : "000000") + "\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"field\":\"code\"");
        Browser.Answer in = phone.send("POST", "/api/public/sign-in/verify", "{\"contact\": \"" + email + "\", \"code\": \"" + code + "\"}");
        assertThat(in.status()).isEqualTo(200);
        assertThat(in.json().get("customerId").asLong()).isEqualTo(customer);
        assertThat(phone.send("POST", "/api/public/sign-in/verify", "{\"contact\": \"" + email + "\", \"code\": \"" + code + "\"}").status())
                .as("a code works once").isEqualTo(400);

        Browser.Answer list = phone.send("GET", "/api/cabinet/requests", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(mine.registrationNumber()).doesNotContain(theirs.registrationNumber());
        assertThat(phone.send("GET", "/api/cabinet/requests/" + theirs.id(), null).status()).isEqualTo(404);
        JsonNode detail = phone.send("GET", "/api/cabinet/requests/" + mine.id(), null).json();
        assertThat(detail.get("timeline").get(0).get("status").asString()).isEqualTo("new");
        assertThat(detail.get("actions").toString()).contains("cancel", "comment").doesNotContain("rate");

        Browser.Answer wrote = phone.send("POST", "/api/cabinet/requests/" + mine.id() + "/comments", "{\"body\": \"Please call before coming.\"}");
        assertThat(wrote.status()).isEqualTo(201);
        assertThat(phone.send("POST", "/api/cabinet/requests/" + mine.id() + "/comments", "{\"body\": \"\"}").body()).contains("\"field\":\"body\"");

        for (String step : List.of("quoted", "agreed", "scheduled", "in_progress", "done")) {
            requests.changeStatus(mine.id(), null, new StatusChange(step, null, null), system);
        }
        JsonNode done = phone.send("GET", "/api/cabinet/requests/" + mine.id(), null).json();
        assertThat(done.get("actions").toString()).contains("accept", "dispute", "rate");
        assertThat(done.get("messages").get(0).get("fromOffice").asBoolean()).isFalse();
        Browser.Answer accepted = phone.send("POST", "/api/cabinet/requests/" + mine.id() + "/actions", "{\"action\": \"accept\"}");
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
        Browser.Answer rated = phone.send("PUT", "/api/cabinet/requests/" + mine.id() + "/rating", "{\"stars\": 5, \"text\": \"Quick and tidy.\"}");
        assertThat(rated.status()).isEqualTo(200);
        assertThat(rated.json().get("rating").get("stars").asInt()).isEqualTo(5);
        assertThat(phone.send("POST", "/api/cabinet/requests/" + mine.id() + "/actions", "{\"action\": \"fly\"}").body()).contains("\"field\":\"action\"");

        Browser.Answer prefs = phone.send("PUT", "/api/cabinet/preferences", "{\"channel\": \"pigeon\"}");
        assertThat(prefs.status()).isEqualTo(400);
        assertThat(prefs.body()).contains("\"field\":\"channel\"");
        assertThat(phone.send("PUT", "/api/cabinet/preferences", "{\"optedOut\": true, \"language\": \"en\"}").json().get("optedOut").asBoolean()).isTrue();

        // a change without the CSRF token (another site riding on the cookie) is refused
        Browser forged = new Browser();
        phone.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                .forEach(c -> forged.cookies.getCookieStore().add(URI.create("http://127.0.0.1:" + port), c));
        assertThat(forged.send("GET", "/api/cabinet", null).status()).isEqualTo(200);
        forged.cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN")).toList()
                .forEach(c -> forged.cookies.getCookieStore().remove(null, c));
        assertThat(forged.send("POST", "/api/cabinet/requests/" + mine.id() + "/comments", "{\"body\": \"forged\"}").status()).isEqualTo(403);
    }

    @Test
    void theLinkSignsInOnceAndAnInvitedContactPersonSeesTheOrganisationsRequests() throws Exception {
        String email = Fixtures.unique("hoa") + "@association.test";
        long customer = bookedOnTheSite(email);
        ServiceRequestView r = request(customer, "3 Association Street");

        Browser desk = new Browser();
        desk.send("POST", "/api/public/sign-in/code", "{\"contact\": \"" + email + "\"}");
        String token = find(lastText(email), "token=([A-Za-z0-9]+)");
        assertThat(desk.send("POST", "/api/public/sign-in/verify", "{\"token\": \"" + token + "\"}").status()).isEqualTo(200);
        assertThat(desk.send("GET", "/api/cabinet/requests", null).body()).contains(r.registrationNumber());
        assertThat(new Browser().send("POST", "/api/public/sign-in/verify", "{\"token\": \"" + token + "\"}").status())
                .as("a link works once").isEqualTo(400);

        // staff invite a second contact person of the association
        String colleague = Fixtures.unique("treasurer") + "@association.test";
        Login otherDispatcher = fixtures.user(Role.DISPATCHER);
        assertThat(http.authorization(otherDispatcher.basic()).post("/api/customers/" + customer + "/invitations",
                "{\"name\": \"Treasurer\", \"email\": \"" + colleague + "\"}").status()).as("not their customer").isEqualTo(404);
        TestHttp.Response bad = http.authorization(dispatcher.basic()).post("/api/customers/" + customer + "/invitations", "{\"name\": \"\", \"email\": \"nope\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("\"field\":\"name\"", "\"field\":\"email\"");
        TestHttp.Response invited = http.authorization(dispatcher.basic()).post("/api/customers/" + customer + "/invitations",
                "{\"name\": \"Treasurer\", \"email\": \"" + colleague + "\", \"lang\": \"en\"}");
        assertThat(invited.status()).isEqualTo(201);
        String link = find(lastText(colleague), "token=([A-Za-z0-9]+)");
        Browser treasurer = new Browser();
        assertThat(treasurer.send("POST", "/api/public/sign-in/verify", "{\"token\": \"" + link + "\"}").status()).isEqualTo(200);
        assertThat(treasurer.send("GET", "/api/cabinet/requests", null).body()).contains(r.registrationNumber());
        JsonNode overview = treasurer.send("GET", "/api/cabinet", null).json();
        assertThat(overview.get("members").toString()).contains("Treasurer");

        // the treasurer signs in again later with a code to their own address
        treasurer.send("POST", "/api/public/sign-in/code", "{\"contact\": \"" + colleague + "\"}");
        String code = find(lastText(colleague), "(\\d{6})");
        Browser again = new Browser();
        assertThat(again.send("POST", "/api/public/sign-in/verify", "{\"contact\": \"" + colleague + "\", \"code\": \"" + code + "\"}")
                .json().get("customerId").asLong()).isEqualTo(customer);
    }

    @Test
    void theLinksOfTheMessagesOpenTheCabinetPageWithoutASignIn() throws Exception {
        Browser anyone = new Browser();
        for (String path : List.of("/cabinet", "/cabinet/", "/cabinet/requests/42", "/cabinet/sign-in?token=abc", "/cabinet/new")) {
            Browser.Answer page = anyone.send("GET", path, null);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).contains("/cabinet/cabinet.js", "id=\"signin\"", "My requests");
        }
        // the page in Russian: its texts come from the bundle on the server (?lang=ru, then the cookie)
        assertThat(anyone.send("GET", "/cabinet?lang=ru", null).body()).contains("Мои заявки", "Прислать код", "lang=\"ru\"");
        assertThat(anyone.send("GET", "/cabinet/cabinet.js", null).body()).contains("/api/cabinet/requests/");
        assertThat(anyone.send("GET", "/api/cabinet/requests", null).status()).as("the data needs the sign-in").isEqualTo(401);
    }

    @Test
    void unknownContactsGetTheSameAnswerAndNothingAndAskingTooOftenIsRefused() throws Exception {
        int before = SMTP.getReceivedMessages().length;
        Browser b = new Browser();
        Browser.Answer unknown = b.send("POST", "/api/public/sign-in/code", "{\"contact\": \"" + Fixtures.unique("nobody") + "@nowhere.test\"}");
        assertThat(unknown.status()).isEqualTo(202);
        assertThat(SMTP.getReceivedMessages()).hasSize(before);
        Browser.Answer junk = b.send("POST", "/api/public/sign-in/code", "{\"contact\": \"not a contact\"}");
        assertThat(junk.status()).isEqualTo(400);
        assertThat(junk.body()).contains("\"field\":\"contact\"");

        String email = Fixtures.unique("eager") + "@site.test";
        bookedOnTheSite(email);
        for (int i = 0; i < 3; i++) {
            assertThat(b.send("POST", "/api/public/sign-in/code", "{\"contact\": \"" + email + "\"}").status()).isEqualTo(202);
        }
        Browser.Answer limited = b.send("POST", "/api/public/sign-in/code", "{\"contact\": \"" + email + "\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).contains("retryAfterSeconds");
    }
}
