package org.fieldplan.api.cabinet;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SIGN_IN_CODE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fieldplan.api.customer.CustomerPreferences;
import org.fieldplan.api.notification.MailTemplates;
import org.fieldplan.api.notification.MessageProperties;
import org.fieldplan.api.notification.NotificationProperties;
import org.fieldplan.api.notification.NotificationSender;
import org.fieldplan.api.notification.OutboxDrainer;
import org.fieldplan.api.notification.OutboxMessage;
import org.fieldplan.api.persistence.jooq.tables.records.SignInCodeRecord;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.UserAccounts;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Customers sign in without a password. Asking for a code with an e-mail address or phone number finds the customer
 * record it belongs to (a contact person's own account first, else the customer record with the latest request) and
 * sends a six-digit code and a link to that address or number, the answer being the same whether or not the contact is
 * known (nobody can probe who is a customer). The code and the link work once, for {@code code-valid-for}; after
 * {@code max-wrong-codes} wrong codes the issued code stops working; only SHA-256 hashes are stored. A customer record
 * without an account (everyone who booked on the site) gets one on the first sign-in; contact people of an organisation
 * each have their own ({@code customer_member}), all seeing the organisation's requests. Staff invite a contact person.
 */
@Service
public class CustomerSignIn {

    private static final Logger log = LoggerFactory.getLogger(CustomerSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String EMAIL = "[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s]{2,63}";
    private static final String LINK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    /** A code issued and where it goes. */
    record Issued(long id, long userId, String channel, String address, String code, String link, String language) {}

    /** Who signed in. */
    public record SignedIn(long userId, String username, long customerId, String customerName, String language) {}

    /** A contact person invited by staff. */
    public record Invited(long userId, String username, long customerId, String sentTo) {}

    private final DSLContext db;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CabinetProperties properties;
    private final SignInLimits limits;
    private final UserAccounts accounts;
    private final CustomerPreferences preferences;
    private final NotificationSender sender;
    private final NotificationProperties notifications;
    private final MessageProperties messages;
    private final MailTemplates templates;

    CustomerSignIn(DSLContext db, TransactionTemplate tx, Clock clock, CabinetProperties properties, SignInLimits limits,
                   UserAccounts accounts, CustomerPreferences preferences, NotificationSender sender,
                   NotificationProperties notifications, MessageProperties messages, MailTemplates templates) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
        this.properties = properties;
        this.limits = limits;
        this.accounts = accounts;
        this.preferences = preferences;
        this.sender = sender;
        this.notifications = notifications;
        this.messages = messages;
        this.templates = templates;
    }

    /** A contact as typed: an e-mail address (lower case) or a phone number (digits with a leading +). */
    record Contact(String channel, String value) {}

    static Contact contact(@Nullable String raw) {
        String s = raw == null ? "" : raw.strip();
        if (s.matches(EMAIL) && s.length() <= 200) {
            return new Contact("email", s.toLowerCase(Locale.ROOT));
        }
        String digits = s.replaceAll("[\\s().-]", "");
        if (digits.matches("\\+?[0-9]{6,15}")) {
            return new Contact("sms", digits.startsWith("+") ? digits : "+" + digits);
        }
        throw new InvalidInputException("contact", raw == null ? null : (s.length() > 60 ? s.substring(0, 60) + "..." : s),
                "is neither an e-mail address nor a phone number; give the one the company has for you");
    }

    static @Nullable String language(@Nullable String lang) {
        if (lang == null || lang.isBlank()) {
            return null;
        }
        String l = lang.strip().toLowerCase(Locale.ROOT);
        if (!l.equals("en") && !l.equals("ru")) {
            throw new InvalidInputException("lang", lang, "must be 'en' or 'ru'");
        }
        return l;
    }

    /** Sends a code and a link when the contact belongs to a customer; says nothing about whether it does. */
    public void sendCode(@Nullable String rawContact, @Nullable String lang, String client) {
        Contact contact = contact(rawContact);
        String language = language(lang);
        limits.codeFor(contact.value(), client);
        Issued issued = tx.execute(s -> {
            Record2<Long, Long> target = find(contact);
            if (target == null) {
                return null;
            }
            long customerId = target.value1();
            Long userId = target.value2();
            if (userId == null) {
                userId = newMember(customerId, contact, null, null);
            }
            if (language != null) {
                preferences.setLanguage(customerId, language);
            }
            return issue(userId, customerId, contact);
        });
        if (issued == null) {
            log.info("sign-in code asked for an unknown contact ({}): nothing sent", contact.channel());
            return;
        }
        deliver(issued);
    }

    /** Checks a code sent to the contact; the signed-in customer, or 400 naming the code. */
    public SignedIn verifyCode(@Nullable String rawContact, @Nullable String code, String client) {
        List<FieldProblem> problems = new ArrayList<>();
        Contact contact = null;
        try {
            contact = contact(rawContact);
        } catch (InvalidInputException e) {
            problems.addAll(e.errors());
        }
        String typed = code == null ? "" : code.replaceAll("\\s", "");
        if (!typed.matches("[0-9]{6}")) {
            problems.add(new FieldProblem("code", code, "is the six digits of the message we sent"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        limits.check(client);
        Contact c = contact;
        SignedIn in = tx.execute(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            SignInCodeRecord row = db.selectFrom(SIGN_IN_CODE)
                    .where(SIGN_IN_CODE.ADDRESS.eq(c.value()).and(SIGN_IN_CODE.USED_AT.isNull())
                            .and(SIGN_IN_CODE.EXPIRES_AT.gt(now)).and(SIGN_IN_CODE.FAILED_ATTEMPTS.lt(properties.maxWrongCodes())))
                    .orderBy(SIGN_IN_CODE.ID.desc()).limit(1).forUpdate().fetchOne();
            if (row == null) {
                return null;
            }
            if (!MessageDigest.isEqual(row.getCodeHash().getBytes(StandardCharsets.US_ASCII),
                    sha256(c.value() + ":" + typed).getBytes(StandardCharsets.US_ASCII))) {
                row.setFailedAttempts(row.getFailedAttempts() + 1);
                row.store();
                return null;
            }
            return use(row, now);
        });
        if (in == null) {
            throw new InvalidInputException("code", code, "is wrong, used or expired; ask for a new code");
        }
        return in;
    }

    /** Checks the link's token (single use); the signed-in customer, or 400 naming the token. */
    public SignedIn verifyLink(@Nullable String token, String client) {
        if (token == null || !token.matches("[A-Za-z0-9]{20,64}")) {
            throw new InvalidInputException("token", token == null ? null : "(" + token.length() + " characters)",
                    "is not a sign-in link's token; open the link from the message again or ask for a new code");
        }
        limits.check(client);
        SignedIn in = tx.execute(s -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            SignInCodeRecord row = db.selectFrom(SIGN_IN_CODE)
                    .where(SIGN_IN_CODE.LINK_HASH.eq(sha256(token)).and(SIGN_IN_CODE.USED_AT.isNull())
                            .and(SIGN_IN_CODE.EXPIRES_AT.gt(now)))
                    .forUpdate().fetchOne();
            return row == null ? null : use(row, now);
        });
        if (in == null) {
            throw new InvalidInputException("token", "(hidden)", "is used or expired; ask for a new code");
        }
        return in;
    }

    /** Staff invite a contact person of a customer: an account of their own and a sign-in link sent to them. */
    public Invited invite(long customerId, @Nullable String name, @Nullable String email, @Nullable String phone,
                          @Nullable String lang, CurrentUser actor) {
        List<FieldProblem> problems = new ArrayList<>();
        String display = name == null ? "" : name.strip();
        if (display.isEmpty() || display.length() > 200) {
            problems.add(new FieldProblem("name", name, "is the contact person's name, 1-200 characters"));
        }
        Contact byEmail = null;
        Contact byPhone = null;
        if (email != null && !email.isBlank()) {
            try {
                byEmail = contact(email);
                if (!byEmail.channel().equals("email")) {
                    problems.add(new FieldProblem("email", email, "is not an e-mail address"));
                }
            } catch (InvalidInputException e) {
                problems.add(new FieldProblem("email", email, "is not an e-mail address"));
            }
        }
        if (phone != null && !phone.isBlank()) {
            try {
                byPhone = contact(phone);
                if (!byPhone.channel().equals("sms")) {
                    problems.add(new FieldProblem("phone", phone, "is not a phone number"));
                }
            } catch (InvalidInputException e) {
                problems.add(new FieldProblem("phone", phone, "is not a phone number"));
            }
        }
        if (byEmail == null && byPhone == null && problems.stream().noneMatch(p -> p.field().equals("email") || p.field().equals("phone"))) {
            problems.add(new FieldProblem("email", email, "give an e-mail address or a phone number to send the invitation to"));
        }
        String language = null;
        try {
            language = language(lang);
        } catch (InvalidInputException e) {
            problems.addAll(e.errors());
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Contact to = byEmail != null ? byEmail : byPhone;
        Contact mail = byEmail;
        Contact tel = byPhone;
        String lng = language;
        Issued issued = tx.execute(s -> {
            if (lng != null) {
                preferences.setLanguage(customerId, lng);
            }
            long userId = newMember(customerId, to, mail == null ? null : mail.value(), tel == null ? null : tel.value(),
                    display, actor.recordedUserId());
            return issue(userId, customerId, to);
        });
        deliver(issued);
        String username = db.select(APP_USER.USERNAME).from(APP_USER).where(APP_USER.ID.eq(issued.userId())).fetchSingle(APP_USER.USERNAME);
        return new Invited(issued.userId(), username, customerId, to.value());
    }

    // ---- inside the transactions -------------------------------------------------------------------------------

    /** (customer id, user id or null) for a contact: a member's own account first, else the latest customer record. */
    private @Nullable Record2<Long, Long> find(Contact contact) {
        var memberMatch = contact.channel().equals("email")
                ? DSL.lower(APP_USER.EMAIL).eq(contact.value())
                : DSL.field("regexp_replace({0}, '[^0-9]', '', 'g')", String.class, APP_USER.PHONE).eq(contact.value().substring(1));
        Record2<Long, Long> member = db.select(CUSTOMER_MEMBER.CUSTOMER_ID, CUSTOMER_MEMBER.USER_ID)
                .from(CUSTOMER_MEMBER).join(APP_USER).on(APP_USER.ID.eq(CUSTOMER_MEMBER.USER_ID))
                .where(memberMatch.and(APP_USER.ENABLED.isTrue()))
                .orderBy(CUSTOMER_MEMBER.CREATED_AT.desc()).limit(1).fetchOne();
        if (member != null) {
            return member;
        }
        var customerMatch = contact.channel().equals("email")
                ? DSL.lower(CUSTOMER.EMAIL).eq(contact.value())
                : DSL.field("regexp_replace({0}, '[^0-9]', '', 'g')", String.class, CUSTOMER.PHONE).eq(contact.value().substring(1));
        var latest = DSL.field(DSL.select(DSL.max(SERVICE_REQUEST.CREATED_AT)).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.CUSTOMER_ID.eq(CUSTOMER.ID)));
        return db.select(CUSTOMER.ID, CUSTOMER.USER_ID).from(CUSTOMER)
                .where(customerMatch)
                .orderBy(latest.desc().nullsLast(), CUSTOMER.ID.desc()).limit(1).fetchOne();
    }

    private long newMember(long customerId, Contact contact, @Nullable String displayName, @Nullable Long invitedBy) {
        return newMember(customerId, contact, contact.channel().equals("email") ? contact.value() : null,
                contact.channel().equals("sms") ? contact.value() : null,
                displayName != null ? displayName : db.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchSingle(CUSTOMER.NAME),
                invitedBy);
    }

    private long newMember(long customerId, Contact contact, @Nullable String email, @Nullable String phone, String displayName,
                           @Nullable Long invitedBy) {
        String username = "cabinet-" + customerId + "-" + random(8, "abcdefghijkmnpqrstuvwxyz23456789");
        long userId = accounts.create(new UserAccounts.NewAccount(username, random(40, LINK_ALPHABET), displayName, email,
                Set.of(Role.CUSTOMER)), phone);
        db.insertInto(CUSTOMER_MEMBER).set(CUSTOMER_MEMBER.USER_ID, userId).set(CUSTOMER_MEMBER.CUSTOMER_ID, customerId)
                .set(CUSTOMER_MEMBER.INVITED_BY, invitedBy).set(CUSTOMER_MEMBER.CREATED_AT, OffsetDateTime.now(clock)).execute();
        return userId;
    }

    private Issued issue(long userId, long customerId, Contact contact) {
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        String token = random(40, LINK_ALPHABET);
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = db.insertInto(SIGN_IN_CODE)
                .set(SIGN_IN_CODE.USER_ID, userId)
                .set(SIGN_IN_CODE.CUSTOMER_ID, customerId)
                .set(SIGN_IN_CODE.CHANNEL, contact.channel())
                .set(SIGN_IN_CODE.ADDRESS, contact.value())
                .set(SIGN_IN_CODE.CODE_HASH, sha256(contact.value() + ":" + code))
                .set(SIGN_IN_CODE.LINK_HASH, sha256(token))
                .set(SIGN_IN_CODE.EXPIRES_AT, now.plus(properties.codeValidFor()))
                .set(SIGN_IN_CODE.CREATED_AT, now)
                .returningResult(SIGN_IN_CODE.ID).fetchSingle().value1();
        String language = db.select(CUSTOMER.LANGUAGE).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchSingle(CUSTOMER.LANGUAGE);
        return new Issued(id, userId, contact.channel(), contact.value(), code, messages.base() + "/cabinet/sign-in?token=" + token, language);
    }

    private SignedIn use(SignInCodeRecord row, OffsetDateTime now) {
        row.setUsedAt(now);
        row.store();
        var r = db.select(APP_USER.USERNAME, APP_USER.ENABLED, CUSTOMER.NAME, CUSTOMER.LANGUAGE).from(APP_USER)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(row.getCustomerId()))
                .where(APP_USER.ID.eq(row.getUserId())).fetchOne();
        if (r == null || !r.value2()) {
            return null;
        }
        return new SignedIn(row.getUserId(), r.value1(), row.getCustomerId(), r.value3(), r.value4());
    }

    /** Sends the code outside any transaction, straight through the channel (a sign-in code does not wait in the outbox). */
    private void deliver(Issued issued) {
        Locale locale = MailTemplates.locale(issued.language());
        long minutes = properties.codeValidFor().toMinutes();
        boolean sms = issued.channel().equals("sms");
        String subject = templates.message(locale, "signin.subject", issued.code());
        String body = sms ? templates.message(locale, "signin.short", issued.code(), String.valueOf(minutes), issued.link())
                : templates.message(locale, "signin.body", issued.code(), String.valueOf(minutes), issued.link())
                  + "\n\n" + templates.message(locale, "signin.ignore");
        OutboxMessage message = new OutboxMessage(issued.id(), null, "sign_in", "customer", null, issued.address(), subject,
                body, 1, OutboxDrainer.messageId(issued.id(), "signin", notifications.messageIdDomainOrDefault()),
                issued.channel(), null, null, null);
        try {
            sender.send(message);
        } catch (Exception e) {
            // the caller may ask again (within the limits); the reason goes to the log, not to an anonymous caller
            log.warn("sign-in code #{} could not be sent by {}: {}", issued.id(), issued.channel(), e.toString());
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String random(int length, String alphabet) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
