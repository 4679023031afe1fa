package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.TestHttp;
import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.CommentView;
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

/**
 * E-mail in, over IMAP from a real server (GreenMail SMTP + IMAP, started by the test): a reply to a notification becomes
 * a public comment on its request, matched by the token of its Reply-To address and not by the subject, without the
 * quoted text, once even when read again; a new e-mail to the intake address becomes a draft that a dispatcher
 * completes into a request with source e-mail; a token that names nothing is ignored.
 */
@ApiIntegrationTest
@TestPropertySource(properties = {
        "fieldplan.notifications.sender=smtp",
        "fieldplan.notifications.from=dispatch@fieldplan.test",
        "fieldplan.notifications.messages.reply-to=requests@fieldplan.test",
        "fieldplan.notifications.inbox.host=127.0.0.1",
        "fieldplan.notifications.inbox.protocol=imap",
        "fieldplan.notifications.inbox.username=requests",
        "fieldplan.notifications.inbox.password=secret",
        "fieldplan.notifications.inbox.intake-address=orders@fieldplan.test",
        "spring.mail.host=127.0.0.1"})
class MailInboxIT {

    private static final GreenMail MAIL = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
    private static final GreenMailUser MAILBOX;
    private static final AtomicInteger REGION = new AtomicInteger();

    static {
        MAIL.start();
        MAILBOX = MAIL.setUser("requests@fieldplan.test", "requests", "secret");
    }

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("fieldplan.notifications.inbox.port", () -> MAIL.getImap().getPort());
    }

    @AfterAll
    static void stop() {
        MAIL.stop();
    }

    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired RequestIntake intake;
    @Autowired ServiceRequests requests;
    @Autowired OutboxDrainer drainer;
    @Autowired MailInbox inbox;
    @Autowired TestHttp http;
    @Autowired org.fieldplan.api.file.FileStore store;
    @Autowired org.fieldplan.api.file.FileSweeper sweeper;

    private long serviceType;
    private double lon0;
    private Login dispatcher;
    private final CurrentUser system = CurrentUser.system("inbox-test");

    @BeforeEach
    void company() throws Exception {
        lon0 = 30.0 + REGION.getAndIncrement() * 1.5; // empty ocean, lat 10..11
        dispatcher = fixtures.user(Role.DISPATCHER);
        fixtures.squareZone("inbox", lon0, 10.0, 1.0, dispatcher.userId());
        serviceType = fixtures.serviceType("inbox");
        inbox.readOnce(); // whatever an earlier test left unread
    }

    private ServiceRequestView request(Login customer) {
        return intake.intake(new NewServiceRequest(customer.customerId(), null,
                new NewServiceRequest.AddressInput("4 Reply Street", 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(serviceType, null, 1)), "site", 3,
                OffsetDateTime.now().plusDays(5), null, null), system);
    }

    /** A real JPEG of the given size (one red pixel, so two sizes never give the same bytes). */
    private static java.io.ByteArrayOutputStream jpeg(int width, int height) throws java.io.IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 5, 0xff0000);
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", jpeg);
        return jpeg;
    }

    /** Makes {@code m} a multipart message: the text, the photo, and a text file that calls itself a JPEG. */
    private static void withPhotoAndFake(MimeMessage m, String text, java.io.ByteArrayOutputStream jpeg, String photoName,
                                         String fakeName, String fakeText) throws Exception {
        jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart("mixed");
        jakarta.mail.internet.MimeBodyPart body = new jakarta.mail.internet.MimeBodyPart();
        body.setText(text, "UTF-8");
        mixed.addBodyPart(body);
        mixed.addBodyPart(attachment(jpeg.toByteArray(), photoName));
        mixed.addBodyPart(attachment(fakeText.getBytes(java.nio.charset.StandardCharsets.UTF_8), fakeName));
        m.setContent(mixed);
        m.saveChanges();
    }

    private static jakarta.mail.internet.MimeBodyPart attachment(byte[] bytes, String name) throws Exception {
        jakarta.mail.internet.MimeBodyPart part = new jakarta.mail.internet.MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(bytes, "image/jpeg")));
        part.setFileName(name);
        part.setDisposition(jakarta.mail.Part.ATTACHMENT);
        return part;
    }

    private static MimeMessage mail(String messageId, String from, String to, String subject, String body) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties())) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        m.saveChanges();
        return m;
    }

    @Test
    void aReplyBecomesACommentOnItsRequestByItsTokenOnce() throws Exception {
        Login customer = fixtures.customer();
        ServiceRequestView r = request(customer);
        while (drainer.drainOnce().sent() > 0) {
            // out to the SMTP server
        }
        String address = customer.username() + "@customer.test";
        MimeMessage notice = MailParts.to(MAIL, address).getFirst();
        String replyTo = ((InternetAddress) notice.getReplyTo()[0]).getAddress();
        assertThat(replyTo).matches("requests\\+[a-z0-9]{20}@fieldplan\\.test");

        // the server delivers local+tag@domain into local@domain's mailbox, as most do
        String id = "<reply-" + r.id() + "@customer.test>";
        MAILBOX.deliver(mail(id, address, replyTo, "Something else entirely",
                "Yes, Tuesday works. Ring twice.\n\nOn Sat, 5 Dec 2026, FieldPlan wrote:\n> We have registered your service request"));
        MailInbox.Read read = inbox.readOnce();
        assertThat(read.comments()).isEqualTo(1);

        List<CommentView> comments = requests.comments(r.id(), system);
        assertThat(comments).hasSize(1);
        assertThat(comments.getFirst().visibility()).isEqualTo("public");
        assertThat(comments.getFirst().body()).isEqualTo("Yes, Tuesday works. Ring twice.");
        assertThat(comments.getFirst().authorId()).isEqualTo(customer.userId());
        List<NotificationOutboxRecord> staff = db.selectFrom(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.REQUEST_ID.eq(r.id())
                .and(NOTIFICATION_OUTBOX.EVENT.eq("staff_customer_comment"))).fetch();
        assertThat(staff).as("the dispatcher hears of the reply").hasSize(1);

        assertThat(inbox.readOnce().comments()).as("a message is read once").isZero();
        MAILBOX.deliver(mail(id, address, replyTo, "Something else entirely", "Yes, Tuesday works. Ring twice."));
        MailInbox.Read again = inbox.readOnce();
        assertThat(again.seenBefore()).as("the same Message-ID delivered twice").isEqualTo(1);
        assertThat(requests.comments(r.id(), system)).hasSize(1);

        MAILBOX.deliver(mail("<stray-" + r.id() + "@x.test>", address, "requests+zzzzzzzzzzzzzzzzzzzz@fieldplan.test", "Re: " + r.registrationNumber(), "hello"));
        assertThat(inbox.readOnce().ignored()).as("a token that names nothing; the subject names the request but does not count").isEqualTo(1);
        assertThat(requests.comments(r.id(), system)).hasSize(1);
    }

    @Test
    void aReplyWithAttachmentsBringsThemOntoItsCommentAndARefusedOneIsNamedToTheOffice() throws Exception {
        Login customer = fixtures.customer();
        ServiceRequestView r = request(customer);
        while (drainer.drainOnce().sent() > 0) {
            // out to the SMTP server
        }
        String address = customer.username() + "@customer.test";
        MimeMessage notice = MailParts.to(MAIL, address).getFirst();
        String replyTo = ((InternetAddress) notice.getReplyTo()[0]).getAddress();

        // a real JPEG, and a text file that says it is a photo
        java.io.ByteArrayOutputStream jpeg = jpeg(200, 120);
        MimeMessage m = mail("<reply-files-" + r.id() + "@customer.test>", address, replyTo, "Re: your visit", "placeholder");
        withPhotoAndFake(m, "Here is the meter, and the old one.\n\nOn Sat, 5 Dec 2026, FieldPlan wrote:\n> registered",
                jpeg, "счётчик.jpg", "old-meter.jpg", "not a picture at all");
        long filesBefore = ((Number) db.fetchValue("SELECT count(*) FROM request_file WHERE request_id = ?", r.id())).longValue();
        MAILBOX.deliver(m);
        assertThat(inbox.readOnce().comments()).isEqualTo(1);

        List<CommentView> comments = requests.comments(r.id(), system);
        CommentView reply = comments.stream().filter(c -> c.visibility().equals("public")).findFirst().orElseThrow();
        assertThat(reply.body()).isEqualTo("Here is the meter, and the old one.");
        var files = db.fetch("SELECT file_name, media_type, comment_id, visibility FROM request_file WHERE request_id = ?", r.id());
        assertThat(files).as("the photo, typed from its content; the text file refused").hasSize((int) filesBefore + 1);
        assertThat(files.getFirst().get("file_name", String.class)).isEqualTo("счётчик.jpg");
        assertThat(files.getFirst().get("media_type", String.class)).isEqualTo("image/jpeg");
        assertThat(files.getFirst().get("comment_id", Long.class)).isEqualTo(reply.id());
        assertThat(files.getFirst().get("visibility", String.class)).isEqualTo("public");
        CommentView note = comments.stream().filter(c -> c.visibility().equals("private")).findFirst().orElseThrow();
        assertThat(note.body()).contains("old-meter.jpg");
        // the customer sees the photo of their reply, not the office's note
        TestHttp.Response theirs = http.authorization(customer.basic()).get("/api/requests/" + r.id() + "/files");
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(theirs.body()).contains("счётчик.jpg");
        assertThat(http.authorization(customer.basic()).get("/api/requests/" + r.id() + "/comments").body()).doesNotContain("old-meter.jpg");
    }

    @Test
    void aNewEmailToTheIntakeAddressBecomesADraftThatADispatcherCompletes() throws Exception {
        MAILBOX.deliver(mail("<new-order-" + lon0 + "@resident.test>", "resident@resident.test", "orders@fieldplan.test",
                "Meters need checking", "Please verify two water meters at 9 Intake Street."));
        assertThat(inbox.readOnce().drafts()).isEqualTo(1);

        TestHttp.Response drafts = http.authorization(dispatcher.basic()).get("/api/inbox/drafts");
        assertThat(drafts.status()).isEqualTo(200);
        assertThat(drafts.body()).contains("Meters need checking", "resident@resident.test");
        long draftId = java.util.stream.StreamSupport.stream(drafts.json().spliterator(), false)
                .filter(d -> d.get("subject").asString().equals("Meters need checking")).reduce((a, b) -> b).orElseThrow().get("id").asLong();
        Login nobody = fixtures.user(Role.DISPATCHER);
        assertThat(http.authorization(nobody.basic()).get("/api/inbox/drafts").body()).isEqualTo("[]");

        long customer = fixtures.customerWithoutLogin();
        TestHttp.Response registered = http.authorization(dispatcher.basic()).post("/api/inbox/drafts/" + draftId + "/register",
                "{\"customerId\": " + customer + ", \"address\": {\"line\": \"9 Intake Street\", \"lat\": 10.5, \"lon\": " + (lon0 + 0.5)
                        + "}, \"services\": [{\"serviceTypeId\": " + serviceType + ", \"quantity\": 2}], \"source\": \"phone\", \"deadline\": \""
                        + OffsetDateTime.now().plusDays(7) + "\"}");
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().get("source").asString()).isEqualTo("email");
        assertThat(registered.json().get("description").asString()).contains("two water meters");
        assertThat(http.authorization(dispatcher.basic()).get("/api/inbox/drafts").body()).doesNotContain("Meters need checking");
        assertThat(http.authorization(dispatcher.basic()).post("/api/inbox/drafts/" + draftId + "/reject", "{\"reason\": \"dup\"}").status())
                .isEqualTo(409);
    }

    @Test
    void aNewEmailsAttachmentsArriveOnTheDraftAndThenOnTheRequestAndARefusedOneIsNamedInTheDraftsNote() throws Exception {
        java.io.ByteArrayOutputStream jpeg = jpeg(160, 90);
        String subject = "Leaking pipe " + lon0;
        MimeMessage m = mail("<new-order-files-" + lon0 + "@resident.test>", "resident@resident.test", "orders@fieldplan.test",
                subject, "placeholder");
        withPhotoAndFake(m, "The pipe under the sink leaks, photo attached.", jpeg, "труба.jpg", "sink.jpg", "only text, no picture");
        MAILBOX.deliver(m);
        assertThat(inbox.readOnce().drafts()).isEqualTo(1);

        // on the draft: the photo typed from its content, the fake named in the note; the photo can be fetched
        TestHttp.Response drafts = http.authorization(dispatcher.basic()).get("/api/inbox/drafts");
        assertThat(drafts.status()).isEqualTo(200);
        var draft = java.util.stream.StreamSupport.stream(drafts.json().spliterator(), false)
                .filter(d -> d.get("subject").asString().equals(subject)).findFirst().orElseThrow();
        long draftId = draft.get("id").asLong();
        assertThat(draft.get("files").size()).isEqualTo(1);
        var file = draft.get("files").get(0);
        assertThat(file.get("fileName").asString()).isEqualTo("труба.jpg");
        assertThat(file.get("mediaType").asString()).isEqualTo("image/jpeg");
        assertThat(file.get("sizeBytes").asLong()).isEqualTo(jpeg.size());
        assertThat(draft.get("note").asString()).contains("sink.jpg").doesNotContain("труба.jpg");
        TestHttp.Response download = http.authorization(dispatcher.basic()).get(file.get("download").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.contentType()).startsWith("image/jpeg");
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jpeg.toByteArray()));
        assertThat(file.get("sha256").asString()).as("the bytes arrived whole").isEqualTo(sha);
        Login nobody = fixtures.user(Role.DISPATCHER);
        assertThat(http.authorization(nobody.basic()).get(file.get("download").asString()).status()).isEqualTo(404);
        assertThat(http.authorization(dispatcher.basic()).get("/api/inbox/drafts/" + (draftId + 1000000) + "/files/"
                + file.get("id").asLong()).status()).isEqualTo(404);

        // completed: the photo is on the request, the note of the refused one is the office's private note
        long customer = fixtures.customerWithoutLogin();
        TestHttp.Response registered = http.authorization(dispatcher.basic()).post("/api/inbox/drafts/" + draftId + "/register",
                "{\"customerId\": " + customer + ", \"address\": {\"line\": \"3 Pipe Street\", \"lat\": 10.5, \"lon\": " + (lon0 + 0.5)
                        + "}, \"services\": [{\"serviceTypeId\": " + serviceType + ", \"quantity\": 1}], \"deadline\": \""
                        + OffsetDateTime.now().plusDays(7) + "\"}");
        assertThat(registered.status()).isEqualTo(201);
        long requestId = registered.json().get("id").asLong();
        TestHttp.Response files = http.authorization(dispatcher.basic()).get("/api/requests/" + requestId + "/files");
        assertThat(files.status()).isEqualTo(200);
        assertThat(files.json().size()).isEqualTo(1);
        assertThat(files.json().get(0).get("fileName").asString()).isEqualTo("труба.jpg");
        TestHttp.Response onRequest = http.authorization(dispatcher.basic()).get(files.json().get(0).get("download").asString());
        assertThat(onRequest.status()).isEqualTo(200);
        assertThat(onRequest.contentType()).startsWith("image/jpeg");
        assertThat(files.json().get(0).get("sha256").asString()).isEqualTo(sha);
        List<CommentView> comments = requests.comments(requestId, system);
        assertThat(comments).anySatisfy(c -> {
            assertThat(c.visibility()).isEqualTo("private");
            assertThat(c.body()).contains("sink.jpg");
        });
    }
    @Test
    void aRejectedDraftsFilesLeaveTheStoreAndTheDatabase() throws Exception {
        java.io.ByteArrayOutputStream jpeg = jpeg(120, 80);
        String subject = "Spam with a picture " + lon0;
        MimeMessage m = mail("<rejected-files-" + lon0 + "@resident.test>", "spam@resident.test", "orders@fieldplan.test",
                subject, "placeholder");
        withPhotoAndFake(m, "Buy our meters.", jpeg, "offer.jpg", "offer2.jpg", "not a picture");
        MAILBOX.deliver(m);
        assertThat(inbox.readOnce().drafts()).isEqualTo(1);
        long draftId = db.select(org.fieldplan.api.persistence.jooq.Tables.INBOUND_MAIL.ID).from(org.fieldplan.api.persistence.jooq.Tables.INBOUND_MAIL)
                .where(org.fieldplan.api.persistence.jooq.Tables.INBOUND_MAIL.SUBJECT.eq(subject)).fetchSingle().value1();
        var files = org.fieldplan.api.persistence.jooq.Tables.REQUEST_FILE;
        List<String> keys = new java.util.ArrayList<>();
        db.selectFrom(files).where(files.DRAFT_ID.eq(draftId)).fetch().forEach(r -> {
            keys.add(r.getStorageKey());
            if (r.getThumbnailKey() != null) {
                keys.add(r.getThumbnailKey());
            }
        });
        assertThat(keys).as("the photo (and its thumbnail) stored with the draft").isNotEmpty();
        assertThat(store.keys()).containsAll(keys);

        // a reason is required; the failed call changes nothing
        assertThat(http.authorization(dispatcher.basic()).post("/api/inbox/drafts/" + draftId + "/reject", "{\"reason\": \" \"}").status())
                .isEqualTo(400);
        assertThat(db.fetchCount(files, files.DRAFT_ID.eq(draftId))).isEqualTo(1);

        TestHttp.Response rejected = http.authorization(dispatcher.basic()).post("/api/inbox/drafts/" + draftId + "/reject",
                "{\"reason\": \"advertising\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
        assertThat(rejected.json().get("files").size()).isZero();
        assertThat(db.fetchCount(files, files.DRAFT_ID.eq(draftId))).as("the rows are gone").isZero();
        sweeper.sweep();
        assertThat(store.keys()).as("the objects are gone from the store").doesNotContainAnyElementsOf(keys);
        assertThat(http.authorization(dispatcher.basic()).get("/api/inbox/drafts").body()).doesNotContain(subject);
        TestHttp.Response one = http.authorization(dispatcher.basic()).get("/api/inbox/drafts/" + draftId);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("status").asString()).isEqualTo("rejected");
    }
}
