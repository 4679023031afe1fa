package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SMTP sender against a real mail server started by the test (GreenMail on a free port): notifications arrive once,
 * from the configured address, to the customer, in the customer's language, with the outbox row's stable Message-ID; a
 * crash between the server's acceptance and the commit resends only that one message, with the same Message-ID; a
 * failed message is re-queued by an administrator and then arrives.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "spring.mail.host=127.0.0.1"})
class NotificationMailIT {

    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final AtomicInteger REGION = new AtomicInteger();

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopServer() {
        SMTP.stop();
    }

    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired TransactionTemplate tx;
    @Autowired RequestIntake intake;
    @Autowired OutboxDrainer drainer;
    @Autowired NotificationSender smtp;
    @Autowired NotificationProperties properties;
    @Autowired TestHttp http;

    private long serviceType;
    private double lon0;
    private final CurrentUser system = CurrentUser.system("mail-test");

    @BeforeEach
    void company() {
        lon0 = 120.0 + REGION.getAndIncrement() * 1.5; // empty ocean, lat 10..11
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("mail", lon0, 10.0, 1.0, dispatcher.userId());
        serviceType = fixtures.serviceType("mail");
        drainAll(); // whatever other tests left pending goes out now, not in the middle of a test
    }

    private Login customer(String language) {
        Login c = fixtures.customer();
        db.update(CUSTOMER).set(CUSTOMER.LANGUAGE, language).where(CUSTOMER.ID.eq(c.customerId())).execute();
        return c;
    }

    private ServiceRequestView request(Login customer, String street) {
        return intake.intake(new NewServiceRequest(customer.customerId(), null,
                new NewServiceRequest.AddressInput(street, 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(serviceType, null, 1)), "email", 3,
                OffsetDateTime.now().plusDays(5), null, null), system);
    }

    private void drainAll() {
        while (drainer.drainOnce().sent() > 0) {
            // until nothing is due
        }
    }

    private NotificationOutboxRecord registered(ServiceRequestView r) {
        return db.selectFrom(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.REQUEST_ID.eq(r.id()))
                .and(NOTIFICATION_OUTBOX.KIND.eq(NotificationOutbox.STATUS_CHANGED)).orderBy(NOTIFICATION_OUTBOX.ID).fetch().getFirst();
    }

    private static String address(Login customer) {
        return customer.username() + "@customer.test";
    }

    /** Everything the server received for this recipient so far. */
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

    private static String messageId(MimeMessage m) throws MessagingException {
        return m.getHeader("Message-ID")[0];
    }

    @Test
    void eachNotificationArrivesOnceInTheCustomersLanguageWithItsStableMessageId() throws Exception {
        Login anna = customer("ru");
        Login bob = customer("en");
        ServiceRequestView annas = request(anna, "1 Triq il-Kbira");
        ServiceRequestView bobs = request(bob, "2 High Street");

        drainAll();

        assertThat(SMTP.waitForIncomingEmail(10_000, 2)).isTrue();
        List<MimeMessage> toAnna = receivedBy(address(anna));
        assertThat(toAnna).hasSize(1);
        MimeMessage ru = toAnna.getFirst();
        assertThat(ru.getSubject()).isEqualTo("Заявка " + annas.registrationNumber() + " зарегистрирована");
        assertThat(GreenMailUtil.getBody(ru)).isNotBlank();
        assertThat(MailParts.text(ru)).contains("Мы зарегистрировали вашу заявку " + annas.registrationNumber(),
                "1 Triq il-Kbira");
        assertThat(((InternetAddress) ru.getFrom()[0]).getAddress()).isEqualTo("dispatch@fieldplan.test");
        NotificationOutboxRecord annasRow = registered(annas);
        assertThat(messageId(ru)).isEqualTo("<" + annasRow.getId() + "." + annas.registrationNumber() + "@fieldplan.test>");
        assertThat(annasRow.getStatus()).isEqualTo("sent");
        assertThat(annasRow.getAttempts()).isEqualTo(1);

        List<MimeMessage> toBob = receivedBy(address(bob));
        assertThat(toBob).hasSize(1);
        assertThat(toBob.getFirst().getSubject()).isEqualTo("Service request " + bobs.registrationNumber() + " registered");
        assertThat(MailParts.text(toBob.getFirst())).contains("We have registered your service request " + bobs.registrationNumber());
        assertThat(messageId(toBob.getFirst())).isNotEqualTo(messageId(ru));

        drainAll();
        drainAll();
        assertThat(receivedBy(address(anna))).as("a delivered notification is never sent again").hasSize(1);
        assertThat(receivedBy(address(bob))).hasSize(1);
    }

    @Test
    void aCrashAfterTheServerAcceptedAMessageResendsOnlyThatOneWithTheSameMessageId() throws Exception {
        Login first = customer("en");
        Login crashed = customer("en");
        Login last = customer("en");
        ServiceRequestView a = request(first, "3 First Street");
        ServiceRequestView b = request(crashed, "4 Crash Street");
        ServiceRequestView c = request(last, "5 Last Street");

        // the mail server accepts b's message, then the service dies before its transaction commits
        NotificationSender dyingAfterB = new NotificationSender() {
            @Override
            public NotificationStatus send(OutboxMessage m) throws Exception {
                NotificationStatus status = smtp.send(m);
                if (address(crashed).equals(m.recipientAddress())) {
                    throw new SimulatedCrash();
                }
                return status;
            }

            @Override
            public String name() {
                return "smtp, dying";
            }
        };
        assertThatThrownBy(() -> drainer.drainOnce(dyingAfterB)).isInstanceOf(SimulatedCrash.class);
        assertThat(registered(a).getStatus()).as("committed before the crash").isEqualTo("sent");
        assertThat(registered(b).getStatus()).as("its transaction died with the service").isEqualTo("pending");
        assertThat(registered(c).getStatus()).as("never taken").isEqualTo("pending");

        drainAll(); // the restarted service

        assertThat(receivedBy(address(first))).hasSize(1);
        assertThat(receivedBy(address(last))).hasSize(1);
        List<MimeMessage> toB = receivedBy(address(crashed));
        assertThat(toB).as("only the message in flight is sent twice").hasSize(2);
        assertThat(messageId(toB.get(0))).as("with the same Message-ID, so a server can drop the copy")
                .isEqualTo(messageId(toB.get(1)))
                .isEqualTo("<" + registered(b).getId() + "." + b.registrationNumber() + "@fieldplan.test>");
        assertThat(registered(b).getStatus()).isEqualTo("sent");
    }

    /** Stands for the process dying: not an Exception, so no retry bookkeeping runs and the transaction rolls back. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash between the mail server's acceptance and the commit");
        }
    }

    @Test
    void aFailedNotificationCanBeRequeuedByAnAdministratorOnlyAndThenArrives() throws Exception {
        Login customer = customer("ru");
        ServiceRequestView r = request(customer, "6 Failed Street");

        // a mail server that is not there: refused at once, one attempt allowed
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        JavaMailSenderImpl nowhere = new JavaMailSenderImpl();
        nowhere.setHost("127.0.0.1");
        nowhere.setPort(deadPort);
        NotificationProperties oneAttempt = new NotificationProperties("smtp", "dispatch@fieldplan.test", null, 1,
                Duration.ofMinutes(1), 50, false, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(2), null);
        NotificationConfig.applyTimeouts(nowhere, oneAttempt);
        OutboxDrainer broken = new OutboxDrainer(db, new SmtpNotificationSender(nowhere, oneAttempt), oneAttempt,
                Clock.systemUTC(), tx);
        assertThat(broken.drainOnce().failed()).isGreaterThanOrEqualTo(1);
        NotificationOutboxRecord row = registered(r);
        assertThat(row.getStatus()).isEqualTo("failed");
        assertThat(row.getLastError()).contains("Connect");
        assertThat(receivedBy(address(customer))).isEmpty();

        long id = row.getId();
        Login dispatcher = fixtures.user(Role.DISPATCHER);
        Login admin = fixtures.user(Role.ADMINISTRATOR);
        assertThat(http.authorization(null).post("/api/notifications/" + id + "/requeue", "{}").status()).isEqualTo(401);
        assertThat(http.authorization(dispatcher.basic()).post("/api/notifications/" + id + "/requeue", "{}").status()).isEqualTo(403);
        assertThat(registered(r).getStatus()).isEqualTo("failed");

        TestHttp.Response requeued = http.authorization(admin.basic()).post("/api/notifications/" + id + "/requeue", "{}");
        assertThat(requeued.status()).isEqualTo(200);
        assertThat(requeued.json().get("status").asString()).isEqualTo("pending");
        assertThat(requeued.json().get("requeuedBy").asString()).isEqualTo(admin.username());
        assertThat(registered(r).getAttempts()).isZero();

        TestHttp.Response again = http.authorization(admin.basic()).post("/api/notifications/" + id + "/requeue", "{}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("pending");
        assertThat(http.authorization(admin.basic()).post("/api/notifications/99999999/requeue", "{}").status()).isEqualTo(404);
        TestHttp.Response badStatus = http.authorization(admin.basic()).get("/api/notifications?status=delivered");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.body()).contains("status", "delivered");

        drainAll();
        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        List<MimeMessage> arrived = receivedBy(address(customer));
        assertThat(arrived).hasSize(1);
        assertThat(arrived.getFirst().getSubject()).isEqualTo("Заявка " + r.registrationNumber() + " зарегистрирована");
        assertThat(registered(r).getStatus()).isEqualTo("sent");
        assertThat(http.authorization(admin.basic()).get("/api/notifications?status=sent&requestId=" + r.id()).json())
                .hasSize(1);
    }

    @Test
    void theSmtpSenderHasTimeoutsFromItsProperties() {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        NotificationConfig.applyTimeouts(mail, properties);
        assertThat(mail.getJavaMailProperties())
                .containsEntry("mail.smtp.connectiontimeout", "10000")
                .containsEntry("mail.smtp.timeout", "30000")
                .containsEntry("mail.smtp.writetimeout", "30000");
    }
}
