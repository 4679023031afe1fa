package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.INBOUND_MAIL;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the company's mailbox over IMAP: a reply to a notification (its Reply-To carried {@code local+<token>@domain},
 * the token naming the request, never the subject) becomes a public comment on that request, written by the customer
 * through the request feature, so the dispatcher hears of it; a new e-mail to the intake address becomes a draft request
 * (source e-mail) that a dispatcher completes with address and services ({@code /api/inbox/drafts}); anything else is
 * recorded as ignored. Each message is handled once, in its own transaction, keyed by its Message-ID
 * ({@code inbound_mail}), and only then flagged as seen: a crash in between reads it again and changes nothing.
 */
@Component
public class MailInbox {

    private static final Logger log = LoggerFactory.getLogger(MailInbox.class);
    private static final Pattern QUOTE_START = Pattern.compile(
            "(?m)^(>.*|On .{3,200} wrote:\\s*|.{3,200} (пишет|написал|написала):\\s*|-{2,} ?Original Message ?-{2,}.*|-{2,} ?Исходное сообщение ?-{2,}.*)$");

    /** What one read did. */
    public record Read(int comments, int drafts, int ignored, int seenBefore) {}

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final InboxProperties inbox;
    private final MessageProperties messages;
    private final ServiceRequests requests;
    private final org.fieldplan.api.file.Attachments attachments;

    MailInbox(DSLContext db, TransactionTemplate tx, Clock clock, InboxProperties inbox, MessageProperties messages,
              ServiceRequests requests, org.fieldplan.api.file.Attachments attachments) {
        this.attachments = attachments;
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.inbox = inbox;
        this.messages = messages;
        this.requests = requests;
    }

    /** Reads every unseen message once. */
    public Read readOnce() throws Exception {
        if (inbox.host() == null || inbox.username() == null) {
            throw new IllegalStateException("No mailbox: set fieldplan.notifications.inbox.host, .username and .password.");
        }
        Properties p = new Properties();
        String proto = inbox.protocol();
        p.put("mail.store.protocol", proto);
        p.put("mail." + proto + ".connectiontimeout", String.valueOf(inbox.connectTimeout().toMillis()));
        p.put("mail." + proto + ".timeout", String.valueOf(inbox.readTimeout().toMillis()));
        int comments = 0;
        int drafts = 0;
        int ignored = 0;
        int before = 0;
        Store store = Session.getInstance(p).getStore(proto);
        store.connect(inbox.host(), inbox.port(), inbox.username(), inbox.password());
        try {
            Folder folder = store.getFolder(inbox.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message m : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    String outcome = handle(m);
                    switch (outcome) {
                        case "comment" -> comments++;
                        case "draft" -> drafts++;
                        case "ignored" -> ignored++;
                        default -> before++;
                    }
                    m.setFlag(Flags.Flag.SEEN, true);
                }
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
        return new Read(comments, drafts, ignored, before);
    }

    /** One message in its own transaction: comment, draft, ignored, or seen before. */
    String handle(Message m) throws Exception {
        String messageId = messageId(m);
        String from = m.getFrom() == null || m.getFrom().length == 0 ? null : ((InternetAddress) m.getFrom()[0]).getAddress();
        String subject = m.getSubject();
        String body = text(m);
        String token = token(m);
        boolean toIntake = addressedTo(m, inbox.intakeAddress());
        // the comment a reply became, its request and author: its attachments follow once it is stored
        long[] comment = {0, 0};
        CurrentUser[] commenter = {null};
        String outcome = tx.execute(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            Record2<Long, Long> target = token == null ? null : db.select(NOTIFICATION_OUTBOX.REQUEST_ID, SERVICE_REQUEST.CUSTOMER_ID)
                    .from(NOTIFICATION_OUTBOX).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(NOTIFICATION_OUTBOX.REQUEST_ID))
                    .where(NOTIFICATION_OUTBOX.REPLY_TOKEN.eq(token)).fetchOne();
            String what = target != null ? "comment" : toIntake ? "draft" : "ignored";
            int inserted = db.insertInto(INBOUND_MAIL)
                    .set(INBOUND_MAIL.MESSAGE_ID, cut(messageId, 500))
                    .set(INBOUND_MAIL.FROM_ADDRESS, cut(from, 300))
                    .set(INBOUND_MAIL.SUBJECT, cut(subject, 500))
                    .set(INBOUND_MAIL.BODY, cut(body, 8000))
                    .set(INBOUND_MAIL.OUTCOME, what)
                    .set(INBOUND_MAIL.REQUEST_ID, target == null ? null : target.value1())
                    .set(INBOUND_MAIL.DRAFT_STATUS, what.equals("draft") ? "open" : null)
                    .set(INBOUND_MAIL.RECEIVED_AT, now)
                    .onConflict(INBOUND_MAIL.MESSAGE_ID).doNothing().execute();
            if (inserted == 0) {
                return "seen";
            }
            if (target != null) {
                String reply = reply(body);
                String customerName = db.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.eq(target.value2())).fetchOne(CUSTOMER.NAME);
                // the author: the contact person whose address sent it, else the customer's own account, else by name only
                Long userId = from == null ? null : db.select(org.fieldplan.api.persistence.jooq.Tables.APP_USER.ID)
                        .from(org.fieldplan.api.persistence.jooq.Tables.APP_USER)
                        .join(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER)
                        .on(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER.USER_ID.eq(org.fieldplan.api.persistence.jooq.Tables.APP_USER.ID))
                        .where(org.jooq.impl.DSL.lower(org.fieldplan.api.persistence.jooq.Tables.APP_USER.EMAIL).eq(from.toLowerCase(Locale.ROOT))
                                .and(org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER.CUSTOMER_ID.eq(target.value2())))
                        .limit(1).fetchOne(org.fieldplan.api.persistence.jooq.Tables.APP_USER.ID);
                if (userId == null) {
                    userId = db.select(CUSTOMER.USER_ID).from(CUSTOMER).where(CUSTOMER.ID.eq(target.value2())).fetchOne(CUSTOMER.USER_ID);
                }
                CurrentUser author = new CurrentUser(userId == null ? 0 : userId,
                        cut((customerName == null ? "" : customerName + " ") + "<" + from + "> by e-mail", 200),
                        Role.CUSTOMER, target.value2(), null);
                comment[0] = requests.addComment(target.value1(), new NewComment("public", reply.isBlank() ? "(empty reply)"
                        : cut(reply, ServiceRequests.MAX_COMMENT)), author).id();
                comment[1] = target.value1();
                commenter[0] = author;
            }
            return what;
        });
        if ("comment".equals(outcome) && commenter[0] != null) {
            attach(m, comment[1], comment[0], commenter[0]);
        } else if ("draft".equals(outcome)) {
            Long draftId = db.select(INBOUND_MAIL.ID).from(INBOUND_MAIL).where(INBOUND_MAIL.MESSAGE_ID.eq(cut(messageId, 500)))
                    .fetchOne(INBOUND_MAIL.ID);
            if (draftId != null) {
                attachToDraft(m, draftId);
            }
        }
        log.info("mail {} from {}: {}", messageId, from, outcome);
        return outcome;
    }

    /**
     * The attachments of a reply onto its comment, each through the file feature as if the customer uploaded it (type from
     * the content, the limits per type), each in its own transaction: a refused one does not take the comment or the
     * others with it, and is named to the office in a private note on the request.
     */
    private void attach(Message m, long requestId, long commentId, CurrentUser author) throws Exception {
        List<String> refused = uploadEach(m, "request " + requestId,
                (name, in) -> attachments.upload(requestId, name, "public", commentId, -1, in, false, author));
        if (!refused.isEmpty()) {
            tx.executeWithoutResult(s -> requests.addComment(requestId, new NewComment("private", cut(
                    "Attachments of the customer's e-mail reply not accepted: " + String.join("; ", refused),
                    ServiceRequests.MAX_COMMENT)), CurrentUser.system("e-mail inbox")));
        }
    }

    /**
     * The attachments of a new e-mail onto its draft, through the file feature (type from the content, the limits per
     * type), each in its own transaction; a refused one is named with the reason in the draft's note, which the dispatcher
     * sees with the draft and which becomes a private note on the request the draft is completed into.
     */
    private void attachToDraft(Message m, long draftId) throws Exception {
        List<String> refused = uploadEach(m, "e-mail draft " + draftId,
                (name, in) -> attachments.uploadToDraft(draftId, name, in, CurrentUser.system("e-mail inbox")));
        if (!refused.isEmpty()) {
            String note = cut("Attachments of the e-mail not accepted: " + String.join("; ", refused), 4000);
            tx.executeWithoutResult(s -> db.update(INBOUND_MAIL).set(INBOUND_MAIL.DRAFT_NOTE, note)
                    .where(INBOUND_MAIL.ID.eq(draftId)).execute());
        }
    }

    /** Where one attachment goes (the file feature's upload for a comment or for a draft). */
    @FunctionalInterface
    private interface Upload {
        void to(String name, InputStream in) throws Exception;
    }

    /**
     * Each attachment of {@code m} through {@code upload}, one at a time, so that a refused one takes none of the others
     * with it; returns the refused ones, each named with the file feature's reason.
     */
    private List<String> uploadEach(Message m, String target, Upload upload) throws Exception {
        List<Part> parts = new ArrayList<>();
        attachmentsOf(m, parts);
        List<String> refused = new ArrayList<>();
        for (Part p : parts) {
            String name = p.getFileName() == null ? "attachment" : jakarta.mail.internet.MimeUtility.decodeText(p.getFileName());
            try (InputStream in = p.getInputStream()) {
                upload.to(name, in);
            } catch (org.fieldplan.api.web.ApiException e) {
                refused.add("'" + name + "': " + e.getMessage());
                log.info("mail attachment {} on {} refused: {}", name, target, e.getMessage());
            }
        }
        return refused;
    }

    private static void attachmentsOf(Part p, List<Part> out) throws Exception {
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                attachmentsOf(mp.getBodyPart(i), out);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())
                || (p.getFileName() != null && !p.isMimeType("text/plain") && !p.isMimeType("text/html"))
                || (Part.INLINE.equalsIgnoreCase(p.getDisposition()) && p.getFileName() != null)) {
            out.add(p);
        }
    }

    /** The token of a {@code local+token@domain} recipient whose local part is the reply mailbox's. */
    @Nullable String token(Message m) throws Exception {
        String reply = messages.replyTo();
        if (reply == null || reply.isBlank()) {
            return null;
        }
        String local = reply.substring(0, reply.indexOf('@')).toLowerCase(Locale.ROOT);
        String domain = reply.substring(reply.indexOf('@') + 1).toLowerCase(Locale.ROOT);
        Pattern plus = Pattern.compile(Pattern.quote(local) + "\\+([a-z0-9]{10,40})@" + Pattern.quote(domain));
        for (String candidate : recipients(m)) {
            Matcher matcher = plus.matcher(candidate.toLowerCase(Locale.ROOT));
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    private boolean addressedTo(Message m, @Nullable String address) throws Exception {
        if (address == null || address.isBlank()) {
            return false;
        }
        return recipients(m).stream().anyMatch(a -> a.equalsIgnoreCase(address.strip()));
    }

    /** To, Cc and the delivery headers a server adds for plus addresses. */
    private static List<String> recipients(Message m) throws Exception {
        List<String> out = new ArrayList<>();
        Address[] all = m.getAllRecipients();
        if (all != null) {
            for (Address a : all) {
                if (a instanceof InternetAddress ia) {
                    out.add(ia.getAddress());
                }
            }
        }
        for (String header : new String[] {"Delivered-To", "X-Original-To", "Envelope-To"}) {
            String[] values = m.getHeader(header);
            if (values != null) {
                for (String v : values) {
                    out.add(v.replaceAll("[<>\\s]", ""));
                }
            }
        }
        return out;
    }

    private static String messageId(Message m) throws Exception {
        String[] ids = m.getHeader("Message-ID");
        if (ids != null && ids.length > 0 && !ids[0].isBlank()) {
            return ids[0].strip();
        }
        // no Message-ID: a stable stand-in from what the message says
        String basis = (m.getFrom() == null ? "" : java.util.Arrays.toString(m.getFrom())) + "|" + m.getSentDate() + "|" + m.getSubject();
        return "<sha256." + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8))) + "@fieldplan>";
    }

    /** The message's text: the plain part, else the HTML part without tags. */
    static String text(Part p) throws Exception {
        String plain = part(p, "text/plain");
        if (!plain.isBlank()) {
            return plain;
        }
        return part(p, "text/html").replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "").replaceAll("(?i)<br\\s*/?>|</p>", "\n")
                .replaceAll("<[^>]+>", "").replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    private static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type) && !Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
            Object content = p.getContent();
            if (content instanceof String s) {
                return s;
            }
            try (InputStream in = p.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                in.transferTo(out);
                return out.toString(StandardCharsets.UTF_8);
            }
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                String found = part(bp, type);
                if (!found.isBlank()) {
                    return found;
                }
            }
        }
        return "";
    }

    /** The new text of a reply: everything before the quoted message. */
    static String reply(String body) {
        Matcher m = QUOTE_START.matcher(body);
        String text = m.find() ? body.substring(0, m.start()) : body;
        return text.strip();
    }

    private static @Nullable String cut(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
