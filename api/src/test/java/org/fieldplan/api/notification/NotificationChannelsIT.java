package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications people can act on, on every channel: e-mail (a real SMTP server, GreenMail) with a plain-text and an
 * HTML part, the cabinet link, the reply token and the visit's iCalendar event (REQUEST when scheduled, a higher
 * SEQUENCE when moved, CANCEL with the same UID when cancelled); SMS through Twilio's Messages API and Telegram's Bot
 * API against a local HTTP server that checks each request the way those APIs document them; opt-out; staff notices.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "fieldplan.notifications.messages.public-base-url=https://service.example.test",
        "fieldplan.notifications.messages.reply-to=requests@fieldplan.test",
        "fieldplan.notifications.channels.sms.account-sid=AC0123456789abcdef",
        "fieldplan.notifications.channels.sms.auth-token=twilio-secret",
        "fieldplan.notifications.channels.sms.from=+35620000000",
        "fieldplan.notifications.channels.telegram.bot-token=123456:ABC-test",
        "spring.mail.host=127.0.0.1"})
class NotificationChannelsIT {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final AtomicInteger REGION = new AtomicInteger();
    /** What the fake Twilio/Telegram server received: method, path, headers, body. */
    record Call(String method, String path, Map<String, String> headers, String body) {}
    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean telegramRefuses;
    private static final HttpServer API;

    static {
        SMTP.start();
        try {
            API = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        API.createContext("/", NotificationChannelsIT::answer);
        API.start();
    }

    /** Answers like Twilio (201 + JSON with a sid) and Telegram (200 {"ok":true}) when the request is as documented. */
    private static void answer(HttpExchange x) throws IOException {
        String body;
        try (InputStream in = x.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new HashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.getFirst()));
        CALLS.add(new Call(x.getRequestMethod(), x.getRequestURI().getPath(), headers, body));
        int status;
        String json;
        if (x.getRequestURI().getPath().equals("/2010-04-01/Accounts/AC0123456789abcdef/Messages.json")) {
            boolean ok = x.getRequestMethod().equals("POST")
                    && ("Basic " + Base64.getEncoder().encodeToString("AC0123456789abcdef:twilio-secret".getBytes(StandardCharsets.UTF_8)))
                            .equals(headers.get("authorization"))
                    && headers.getOrDefault("content-type", "").startsWith("application/x-www-form-urlencoded")
                    && form(body).containsKey("To") && form(body).containsKey("From") && form(body).containsKey("Body");
            status = ok ? 201 : 400;
            json = ok ? "{\"sid\":\"SM0001\",\"status\":\"queued\"}" : "{\"code\":21604,\"message\":\"bad request\"}";
        } else if (x.getRequestURI().getPath().equals("/bot123456:ABC-test/sendMessage")) {
            boolean ok = !telegramRefuses && x.getRequestMethod().equals("POST")
                    && headers.getOrDefault("content-type", "").startsWith("application/json")
                    && body.contains("\"chat_id\":") && body.contains("\"text\":");
            status = ok ? 200 : 400;
            json = ok ? "{\"ok\":true,\"result\":{\"message_id\":7}}" : "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}";
        } else {
            status = 404;
            json = "{\"ok\":false,\"description\":\"Not Found\"}";
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("fieldplan.notifications.channels.sms.base-url", () -> "http://127.0.0.1:" + API.getAddress().getPort());
        registry.add("fieldplan.notifications.channels.telegram.base-url", () -> "http://127.0.0.1:" + API.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
        API.stop(0);
    }

    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired TransactionTemplate tx;
    @Autowired RequestIntake intake;
    @Autowired ServiceRequests requests;
    @Autowired RequestWriter writer;
    @Autowired OutboxDrainer drainer;

    private long serviceType;
    private double lon0;
    private Login dispatcher;
    private final CurrentUser system = CurrentUser.system("channels-test");

    @BeforeEach
    void company() {
        lon0 = -150.0 + REGION.getAndIncrement() * 1.5; // empty ocean, lat 10..11
        dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("channels", lon0, 10.0, 1.0, dispatcher.userId());
        serviceType = fixtures.serviceType("channels");
        drainAll();
    }

    private Login customer(String language, String channel, String phone, String chat) {
        Login c = fixtures.customer();
        db.update(CUSTOMER).set(CUSTOMER.LANGUAGE, language).set(CUSTOMER.PREFERRED_CHANNEL, channel)
                .set(CUSTOMER.PHONE, phone).set(CUSTOMER.TELEGRAM_CHAT_ID, chat)
                .where(CUSTOMER.ID.eq(c.customerId())).execute();
        return c;
    }

    private ServiceRequestView request(Login customer, String street) {
        return intake.intake(new NewServiceRequest(customer.customerId(), null,
                new NewServiceRequest.AddressInput(street, 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(serviceType, null, 2)), "email", 3,
                OffsetDateTime.now().plusDays(5), null, null), system);
    }

    private void drainAll() {
        while (drainer.drainOnce().sent() > 0) {
            // until nothing is due
        }
    }

    private List<NotificationOutboxRecord> rows(long requestId) {
        return db.selectFrom(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.REQUEST_ID.eq(requestId))
                .orderBy(NOTIFICATION_OUTBOX.ID).fetch();
    }

    private static List<MimeMessage> receivedBy(String recipient) {
        return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(recipient));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String line(String ics, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "[:;]([^\\r\\n]*)").matcher(ics);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void theRegisteredEmailHasTextAndHtmlTheCabinetLinkAndAReplyToken() throws Exception {
        Login anna = customer("en", "email", null, null);
        ServiceRequestView r = request(anna, "7 Template Street");
        drainAll();

        List<MimeMessage> got = receivedBy(anna.username() + "@customer.test");
        assertThat(got).hasSize(1);
        MimeMessage m = got.getFirst();
        String text = MailParts.text(m);
        String html = MailParts.html(m);
        String link = "https://service.example.test/cabinet/requests/" + r.id();
        assertThat(m.getSubject()).isEqualTo("Service request " + r.registrationNumber() + " registered");
        assertThat(text).contains("We have registered your service request " + r.registrationNumber(), "7 Template Street",
                "Test service channels × 2", "How to prepare", "51.00 EUR", link);
        assertThat(html).contains("<a href=\"" + link + "\"", "Open your requests", "How to prepare", "7 Template Street");
        NotificationOutboxRecord row = rows(r.id()).stream().filter(x -> x.getRecipientRole().equals("customer")).findFirst().orElseThrow();
        assertThat(row.getEvent()).isEqualTo("registered");
        assertThat(row.getReplyToken()).hasSize(20);
        assertThat(((InternetAddress) m.getReplyTo()[0]).getAddress()).isEqualTo("requests+" + row.getReplyToken() + "@fieldplan.test");
        assertThat(m.getHeader("Message-ID")[0]).isEqualTo("<" + row.getId() + "." + r.registrationNumber() + "@fieldplan.test>");

        // the zone's dispatcher hears of the new request in their zone, in English and Russian
        List<MimeMessage> staff = receivedBy(dispatcher.username() + "@example.test");
        assertThat(staff).anySatisfy(s -> assertThat(s.getSubject())
                .isEqualTo("New service request " + r.registrationNumber() + " in your zone / Новая заявка " + r.registrationNumber() + " в вашей зоне"));
    }

    @Test
    void aScheduledVisitCarriesACalendarEventThatAMoveUpdatesAndACancellationRemoves() throws Exception {
        Login bob = customer("ru", "email", null, null);
        Login technician = fixtures.technician();
        ServiceRequestView r = request(bob, "8 Calendar Street");
        requests.changeStatus(r.id(), null, new StatusChange("quoted", null, null), system);
        requests.changeStatus(r.id(), null, new StatusChange("agreed", null, null), system);
        OffsetDateTime start = OffsetDateTime.of(2031, 3, 4, 8, 0, 0, 0, ZoneOffset.ofHours(1));
        tx.executeWithoutResult(s -> writer.schedule(r.id(), technician.technicianId(),
                new RequestWriter.PromisedWindow(start, start.plusHours(2)), "Booked.", system));
        tx.executeWithoutResult(s -> writer.schedule(r.id(), technician.technicianId(),
                new RequestWriter.PromisedWindow(start.plusHours(4), start.plusHours(6)), "Moved on the board.", system));
        requests.changeStatus(r.id(), null, new StatusChange("cancelled", null, null), system);
        drainAll();

        List<MimeMessage> got = receivedBy(bob.username() + "@customer.test");
        assertThat(got).extracting(MimeMessage::getSubject).containsExactly(
                "Заявка " + r.registrationNumber() + " зарегистрирована",
                "Заявка " + r.registrationNumber() + ": " + org.fieldplan.api.request.RequestStatus.QUOTED.label(MailTemplates.RUSSIAN),
                "Заявка " + r.registrationNumber() + ": " + org.fieldplan.api.request.RequestStatus.AGREED.label(MailTemplates.RUSSIAN),
                "Заявка " + r.registrationNumber() + ": " + org.fieldplan.api.request.RequestStatus.SCHEDULED.label(MailTemplates.RUSSIAN),
                "Заявка " + r.registrationNumber() + ": визит перенесён",
                "Заявка " + r.registrationNumber() + ": " + org.fieldplan.api.request.RequestStatus.CANCELLED.label(MailTemplates.RUSSIAN));
        MimeMessage scheduled = got.get(3);
        MimeMessage moved = got.get(4);
        MimeMessage cancelled = got.get(5);
        assertThat(MailParts.text(scheduled)).contains("Визит назначен: вторник, 4 марта 2031, 08:00–10:00",
                "Technician " + technician.username());
        assertThat(MailParts.text(got.get(1))).contains("51.00 EUR", "https://service.example.test/cabinet/requests/" + r.id() + "?action=agree");

        String first = MailParts.part(scheduled, "text/calendar");
        String second = MailParts.part(moved, "text/calendar");
        String removed = MailParts.part(cancelled, "text/calendar");
        assertThat(MailParts.contentType(scheduled, "text/calendar")).contains("method=REQUEST");
        assertThat(MailParts.contentType(cancelled, "text/calendar")).contains("method=CANCEL");
        assertThat(line(first, "METHOD")).isEqualTo("REQUEST");
        assertThat(line(first, "VERSION")).isEqualTo("2.0");
        assertThat(line(first, "PRODID")).isEqualTo("-//FieldPlan//Notifications//EN");
        assertThat(line(first, "DTSTART")).isEqualTo("20310304T070000Z");
        assertThat(line(first, "DTEND")).isEqualTo("20310304T090000Z");
        assertThat(line(second, "DTSTART")).isEqualTo("20310304T110000Z");
        assertThat(line(removed, "METHOD")).isEqualTo("CANCEL");
        assertThat(line(removed, "STATUS")).isEqualTo("CANCELLED");
        String uid = line(first, "UID");
        assertThat(uid).isEqualTo("request-" + r.id() + "@fieldplan.test");
        assertThat(line(second, "UID")).isEqualTo(uid);
        assertThat(line(removed, "UID")).isEqualTo(uid);
        int s1 = Integer.parseInt(line(first, "SEQUENCE"));
        int s2 = Integer.parseInt(line(second, "SEQUENCE"));
        int s3 = Integer.parseInt(line(removed, "SEQUENCE"));
        assertThat(s2).isGreaterThan(s1);
        assertThat(s3).isGreaterThan(s2);
        assertThat(MailParts.text(cancelled)).contains("Визит удалён из вашего календаря");
    }

    @Test
    void startingAVisitTellsTheNextCustomerOnTheRouteWhenTheTechnicianArrives() throws Exception {
        Login first = customer("en", "email", null, null);
        Login next = customer("en", "email", null, null);
        Login technician = fixtures.technician();
        ServiceRequestView a = request(first, "14 First Stop");
        ServiceRequestView b = request(next, "15 Second Stop");
        OffsetDateTime nine = OffsetDateTime.of(2031, 3, 4, 9, 0, 0, 0, ZoneOffset.ofHours(1));
        for (ServiceRequestView r : List.of(a, b)) {
            requests.changeStatus(r.id(), null, new StatusChange("quoted", null, null), system);
            requests.changeStatus(r.id(), null, new StatusChange("agreed", null, null), system);
        }
        tx.executeWithoutResult(s -> {
            writer.schedule(a.id(), technician.technicianId(), new RequestWriter.PromisedWindow(nine.minusHours(1), nine.plusHours(1)), "Booked.", system);
            writer.schedule(b.id(), technician.technicianId(), new RequestWriter.PromisedWindow(nine.plusHours(1), nine.plusHours(3)), "Booked.", system);
        });
        // the route of that day as the planner stores it: a at 09:00-10:00, then 30 minutes' drive, b at 10:30
        long route = db.insertInto(org.fieldplan.api.persistence.jooq.Tables.ROUTE)
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.TECHNICIAN_ID, technician.technicianId())
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.DAY, nine.toLocalDate())
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.STATUS, org.fieldplan.api.planning.route.RouteStatus.PUBLISHED)
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.STARTS_AT, nine.minusHours(1))
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.ENDS_AT, nine.plusHours(8))
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.TRAVEL_SECONDS, 3600)
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.DISTANCE_METRES, 20000)
                .set(org.fieldplan.api.persistence.jooq.Tables.ROUTE.UPDATED_AT, OffsetDateTime.now())
                .returningResult(org.fieldplan.api.persistence.jooq.Tables.ROUTE.ID).fetchSingle().value1();
        var stop = org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
        db.insertInto(stop, stop.ROUTE_ID, stop.POSITION, stop.REQUEST_ID, stop.ARRIVAL_AT, stop.START_AT, stop.END_AT,
                        stop.TRAVEL_SECONDS, stop.DISTANCE_METRES)
                .values(route, 0, a.id(), nine, nine, nine.plusHours(1), 900, 5000)
                .values(route, 1, b.id(), nine.plusMinutes(90), nine.plusMinutes(90), nine.plusMinutes(120), 1800, 15000)
                .execute();
        drainAll();

        requests.changeStatus(a.id(), null, new StatusChange("in_progress", null, null), system);
        drainAll();

        List<MimeMessage> toNext = receivedBy(next.username() + "@customer.test");
        MimeMessage onTheWay = toNext.getLast();
        assertThat(onTheWay.getSubject()).isEqualTo("Service request " + b.registrationNumber() + ": the technician is on the way");
        assertThat(MailParts.text(onTheWay)).contains("Technician " + technician.username()
                + " is finishing the previous visit and will come to you at about 10:30.");
        assertThat(rows(b.id())).extracting(NotificationOutboxRecord::getEvent).contains("on_the_way");
        assertThat(receivedBy(first.username() + "@customer.test").getLast().getSubject()).as("the started visit's own customer")
                .startsWith("Service request " + a.registrationNumber() + ": ");
    }

    @Test
    void smsGoesThroughTwilioAsDocumentedAndTelegramThroughTheBotApi() throws Exception {
        Login sms = customer("en", "sms", "+356 9912 3456", null);
        Login tg = customer("ru", "telegram", null, "424242");
        CALLS.clear();
        ServiceRequestView a = request(sms, "9 Sms Street");
        ServiceRequestView b = request(tg, "10 Telegram Street");
        drainAll();

        Call twilio = CALLS.stream().filter(c -> c.path().contains("/Messages.json")).findFirst().orElseThrow();
        assertThat(twilio.method()).isEqualTo("POST");
        assertThat(twilio.path()).isEqualTo("/2010-04-01/Accounts/AC0123456789abcdef/Messages.json");
        assertThat(twilio.headers().get("authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("AC0123456789abcdef:twilio-secret".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = form(twilio.body());
        assertThat(form).containsEntry("To", "+35699123456").containsEntry("From", "+35620000000");
        assertThat(form.get("Body")).contains("Request " + a.registrationNumber() + " registered",
                "https://service.example.test/cabinet/requests/" + a.id());
        assertThat(rows(a.id()).getFirst().getChannel()).isEqualTo("sms");
        assertThat(rows(a.id()).getFirst().getStatus()).isEqualTo("sent");

        Call telegram = CALLS.stream().filter(c -> c.path().contains("/sendMessage")).findFirst().orElseThrow();
        assertThat(telegram.method()).isEqualTo("POST");
        assertThat(telegram.path()).isEqualTo("/bot123456:ABC-test/sendMessage");
        assertThat(telegram.body()).contains("\"chat_id\":424242", "Заявка " + b.registrationNumber() + " зарегистрирована");
        assertThat(rows(b.id()).getFirst().getStatus()).isEqualTo("sent");
        assertThat(receivedBy(sms.username() + "@customer.test")).as("one channel: no e-mail as well").isEmpty();

        // Telegram refuses (chat not found): the attempt fails with its words and is retried later
        telegramRefuses = true;
        try {
            ServiceRequestView c = request(tg, "11 Refused Street");
            drainer.drainOnce();
            NotificationOutboxRecord row = rows(c.id()).getFirst();
            assertThat(row.getStatus()).isEqualTo("pending");
            assertThat(row.getAttempts()).isEqualTo(1);
            assertThat(row.getLastError()).contains("400", "chat not found");
        } finally {
            telegramRefuses = false;
        }
    }

    @Test
    void aCustomerWhoOptedOutGetsNothingAndCommentsReachTheOtherSide() throws Exception {
        Login quiet = customer("en", "email", null, null);
        db.update(CUSTOMER).set(CUSTOMER.NOTIFICATIONS_OPTED_OUT, true).where(CUSTOMER.ID.eq(quiet.customerId())).execute();
        ServiceRequestView r = request(quiet, "12 Quiet Street");
        assertThat(rows(r.id())).extracting(NotificationOutboxRecord::getRecipientRole).containsOnly("dispatcher");

        Login talk = customer("en", "email", null, null);
        ServiceRequestView t = request(talk, "13 Talk Street");
        CurrentUser dispatcherUser = new CurrentUser(dispatcher.userId(), dispatcher.username(), Role.DISPATCHER, null, null);
        Login colleague = fixtures.user(Role.DISPATCHER);
        requests.addComment(t.id(), new NewComment("public", "We come on Tuesday. @" + colleague.username() + " please check."), dispatcherUser);
        requests.addComment(t.id(), new NewComment("private", "Internal only."), dispatcherUser);
        CurrentUser customerUser = new CurrentUser(talk.userId(), talk.username(), Role.CUSTOMER, talk.customerId(), null);
        requests.addComment(t.id(), new NewComment(null, "Tuesday is fine."), customerUser);
        drainAll();

        List<MimeMessage> toCustomer = receivedBy(talk.username() + "@customer.test");
        assertThat(toCustomer).extracting(MimeMessage::getSubject).containsExactly(
                "Service request " + t.registrationNumber() + " registered",
                "Service request " + t.registrationNumber() + ": a message from the office");
        assertThat(MailParts.text(toCustomer.get(1))).contains("We come on Tuesday.").doesNotContain("Internal only");
        assertThat(receivedBy(colleague.username() + "@example.test")).extracting(MimeMessage::getSubject)
                .anySatisfy(s -> assertThat(s).startsWith("You were mentioned on service request " + t.registrationNumber()));
        assertThat(receivedBy(dispatcher.username() + "@example.test")).extracting(MimeMessage::getSubject)
                .anySatisfy(s -> assertThat(s).startsWith("The customer wrote on service request " + t.registrationNumber()));
    }
}
