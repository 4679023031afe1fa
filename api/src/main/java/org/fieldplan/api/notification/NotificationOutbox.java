package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.notification.NotificationFacts.Facts;
import org.fieldplan.api.notification.NotificationFacts.Stop;
import org.fieldplan.api.request.RequestStatus;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records notifications in the outbox table. Every method must run inside the transaction that makes the change being
 * announced, so a notification exists exactly when its change was committed; the {@link OutboxDrainer} delivers them
 * afterwards, one per transaction. Messages are rendered here, from the templates of {@link MailTemplates}, in the
 * customer's language and on the customer's channel (e-mail, SMS or Telegram; none when they opted out); e-mails about
 * a visit's time carry an iCalendar event ({@link VisitCalendar}) and a Reply-To with a token that turns a reply into
 * a comment on the request. Staff notices (a new request in my zone, a comment or mention, a technician's proposed
 * change, a dispute, an overdue request, a booking outside office hours) go by e-mail in English and Russian.
 */
@Component
public class NotificationOutbox {

    public static final String STATUS_CHANGED = "status_changed";
    public static final String DEADLINE_PASSED = "deadline_passed";
    public static final String VISIT_UPDATE = "visit_update";
    public static final String COMMENT = "comment";
    public static final String STAFF = "staff";

    private static final DateTimeFormatter DEADLINE_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final Pattern MENTION = Pattern.compile("(?<![\\w@])@([A-Za-z0-9._-]{2,100})");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final DSLContext db;
    private final Clock clock;
    private final NotificationFacts facts;
    private final MailTemplates templates;
    private final MessageProperties messages;
    private final NotificationProperties properties;
    private final ZoneId zone;

    @org.springframework.beans.factory.annotation.Autowired
    NotificationOutbox(DSLContext db, Clock clock, NotificationFacts facts, MailTemplates templates,
                       MessageProperties messages, NotificationProperties properties, FieldPlanProperties company) {
        this(db, clock, facts, templates, messages, properties, company.timeZone());
    }

    private NotificationOutbox(NotificationOutbox of, Clock clock) {
        this(of.db, clock, of.facts, of.templates, of.messages, of.properties, of.zone);
    }

    private NotificationOutbox(DSLContext db, Clock clock, NotificationFacts facts, MailTemplates templates,
                               MessageProperties messages, NotificationProperties properties, ZoneId zone) {
        this.db = db;
        this.clock = clock;
        this.facts = facts;
        this.templates = templates;
        this.messages = messages;
        this.properties = properties;
        this.zone = zone;
    }

    /** The drain workers to wake after a commit that queued messages; absent when the tests drain themselves. */
    private @Nullable OutboxWakeUp wakeUp;

    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void wakeUp(OutboxWakeUp wakeUp) {
        this.wakeUp = wakeUp;
    }

    /** The same outbox reading another clock (tests of the deadline watch). */
    NotificationOutbox at(Clock other) {
        NotificationOutbox copy = new NotificationOutbox(this, other);
        copy.wakeUp = wakeUp;
        return copy;
    }

    /**
     * The customer hears of every status change, including registration ({@code from} null), in their language; a
     * technician starting a visit tells the customer of the next visit on the route that they are on the way; staff hear
     * of new requests in their zone, bookings outside office hours and disputes.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void statusChanged(long requestId, @Nullable RequestStatus from, RequestStatus to) {
        Facts f = facts.of(requestId);
        if (from == null) {
            customer(f, STATUS_CHANGED, "registered", "registered.subject", null);
            if (f.dispatcherId() != null) {
                staff(f, f.dispatcherId(), "staff_new_request", List.of(f.number(), f.address()));
                if (!isOfficeHours(f.createdAt())) {
                    staff(f, f.dispatcherId(), "staff_after_hours",
                            List.of(f.number(), f.createdAt().atZoneSameInstant(zone).format(DEADLINE_FORMAT)));
                }
            }
            return;
        }
        Map<String, Object> fromLabel = Map.of("fromLabel", from.label(MailTemplates.locale(f.language())));
        switch (to) {
            case QUOTED -> customerWith(f, STATUS_CHANGED, "quoted", "status.subject", null, fromLabel);
            case SCHEDULED -> customerWith(f, STATUS_CHANGED, "scheduled", "status.subject", CalendarMethod.REQUEST, fromLabel);
            case DONE -> customerWith(f, STATUS_CHANGED, "done", "status.subject", null, fromLabel);
            case CANCELLED -> customerWith(f, STATUS_CHANGED, "cancelled", "status.subject",
                    f.windowStart() != null ? CalendarMethod.CANCEL : null, fromLabel);
            default -> customerWith(f, STATUS_CHANGED, "status", "status.subject", null, fromLabel);
        }
        if (to == RequestStatus.DISPUTED && f.dispatcherId() != null) {
            staff(f, f.dispatcherId(), "staff_dispute", List.of(f.number(), f.address()));
        }
        if (to == RequestStatus.IN_PROGRESS) {
            onTheWayToNext(requestId);
        }
    }

    /** A scheduled visit got a new window or technician (a board move, a booking, a publish): the customer hears. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void visitMoved(long requestId) {
        Facts f = facts.of(requestId);
        if (f.status() != RequestStatus.SCHEDULED || f.windowStart() == null) {
            return;
        }
        customer(f, VISIT_UPDATE, "moved", "moved.subject", CalendarMethod.REQUEST);
    }

    /**
     * The customer (in their language, with an apology and the new plan) and the responsible dispatcher (in English
     * and Russian) hear that the deadline passed. Recorded at most once per request and recipient (a unique index backs
     * this); returns how many rows were added.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int deadlinePassed(long requestId) {
        Facts f = facts.of(requestId);
        int added = customer(f, DEADLINE_PASSED, "overdue", "overdue.subject", null);
        Long dispatcherId = f.dispatcherId();
        String status = f.status().label(Locale.ENGLISH);
        String statusRu = f.status().label(MailTemplates.RUSSIAN);
        String deadline = f.deadline().atZoneSameInstant(zone).format(DEADLINE_FORMAT);
        MailTemplates.Rendered en = templates.render("staff", Locale.ENGLISH, "staff_overdue.subject", new Object[] {f.number()},
                staffModel(f, Locale.ENGLISH, "staff_overdue", List.of(f.number(), f.address(), deadline, status), dispatcherId == null));
        MailTemplates.Rendered ru = templates.render("staff", MailTemplates.RUSSIAN, "staff_overdue.subject", new Object[] {f.number()},
                staffModel(f, MailTemplates.RUSSIAN, "staff_overdue", List.of(f.number(), f.address(), deadline, statusRu), dispatcherId == null));
        added += insert(requestId, DEADLINE_PASSED, "overdue", "dispatcher", dispatcherId, "email",
                dispatcherId == null ? null : facts.userEmail(dispatcherId), bilingual(en, ru), null, null);
        return added;
    }

    /**
     * A comment was added: a public comment by staff reaches the customer (who may answer by replying); a customer's
     * comment reaches the request's dispatcher; every administrator or dispatcher {@code @mentioned} hears of it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void commentAdded(long requestId, String visibility, boolean byCustomer, long authorUserId, String authorName,
                             String body) {
        Facts f = facts.of(requestId);
        String excerpt = body.length() > 1500 ? body.substring(0, 1497) + "..." : body;
        if (!byCustomer && "public".equals(visibility)) {
            customerWith(f, COMMENT, "comment", "comment.subject", null, Map.of("author", authorName, "comment", excerpt));
        }
        LinkedHashSet<Long> told = new LinkedHashSet<>();
        if (byCustomer && f.dispatcherId() != null) {
            told.add(f.dispatcherId());
            staff(f, f.dispatcherId(), "staff_customer_comment", List.of(f.number(), authorName, excerpt));
        }
        List<String> names = new ArrayList<>();
        Matcher m = MENTION.matcher(body);
        while (m.find()) {
            names.add(m.group(1));
        }
        for (long mentioned : facts.mentionedStaff(names)) {
            if (mentioned != authorUserId && told.add(mentioned)) {
                staff(f, mentioned, "staff_mention", List.of(f.number(), authorName, excerpt));
            }
        }
    }

    /** A technician proposed a change of a request's work: its dispatcher is asked to confirm or reject it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void editProposed(long requestId, String technicianName) {
        Facts f = facts.of(requestId);
        if (f.dispatcherId() != null) {
            staff(f, f.dispatcherId(), "staff_edit_proposed", List.of(f.number(), technicianName));
        }
    }

    // ---- the customer's messages ---------------------------------------------------------------------------------

    private enum CalendarMethod { REQUEST, CANCEL }

    private int customer(Facts f, String kind, String event, String subjectKey, @Nullable CalendarMethod calendar) {
        return customerWith(f, kind, event, subjectKey, calendar, Map.of());
    }

    private int customerWith(Facts f, String kind, String event, String subjectKey, @Nullable CalendarMethod calendar,
                             Map<String, Object> extra) {
        if (f.optedOut()) {
            return 0;
        }
        Locale locale = MailTemplates.locale(f.language());
        Map<String, Object> model = customerModel(f, locale, event);
        model.putAll(extra);
        Object[] subjectArgs = {f.number(), f.status().label(locale)};
        String channel = channelOf(f);
        if (!channel.equals("email")) {
            String text = templates.message(locale, event + ".short", f.number(), model.get("when"), model.get("requestUrl"),
                    model.getOrDefault("technician", ""), model.getOrDefault("eta", ""));
            String subject = templates.message(locale, subjectKey, subjectArgs);
            String address = channel.equals("sms") ? f.customerPhone() : f.telegramChatId();
            return insert(f.id(), kind, event, "customer", f.customerUserId(), channel, address,
                    new MailTemplates.Rendered(subject, text, ""), null, null);
        }
        MailTemplates.Rendered rendered = templates.render(event, locale, subjectKey, subjectArgs, model);
        String ics = calendar == null || f.windowStart() == null || f.windowEnd() == null ? null
                : VisitCalendar.visit(calendar == CalendarMethod.CANCEL, f.id(), properties.messageIdDomainOrDefault(),
                        f.version(), f.windowStart().toInstant(), f.windowEnd().toInstant(), clock.instant(),
                        templates.message(locale, "calendar.summary", f.number(), services(f)), f.address(),
                        templates.message(locale, "calendar.description", f.number(), model.get("requestUrl")),
                        (String) model.get("requestUrl"), properties.from());
        return insert(f.id(), kind, event, "customer", f.customerUserId(), "email", f.customerEmail(), rendered, ics,
                newToken());
    }

    private static String channelOf(Facts f) {
        return switch (f.preferredChannel()) {
            case "sms" -> f.customerPhone() != null && !f.customerPhone().isBlank() ? "sms" : "email";
            case "telegram" -> f.telegramChatId() != null && !f.telegramChatId().isBlank() ? "telegram" : "email";
            default -> "email";
        };
    }

    private Map<String, Object> customerModel(Facts f, Locale locale, String event) {
        Map<String, Object> model = new LinkedHashMap<>();
        String requestUrl = messages.base() + "/cabinet/requests/" + f.id();
        model.put("name", f.customerName());
        model.put("number", f.number());
        model.put("address", f.address());
        model.put("services", services(f));
        model.put("cabinetUrl", messages.base() + "/cabinet/");
        model.put("requestUrl", requestUrl);
        model.put("acceptUrl", requestUrl + "?action=accept");
        model.put("disputeUrl", requestUrl + "?action=dispute");
        model.put("rateUrl", requestUrl + "?action=rate");
        model.put("agreeUrl", requestUrl + "?action=agree");
        model.put("company", messages.companyName());
        model.put("statusLabel", f.status().label(locale));
        model.put("fromLabel", "");
        model.put("deadline", f.deadline().atZoneSameInstant(zone).format(DEADLINE_FORMAT));
        model.put("workDone", f.status() == RequestStatus.DONE);
        model.put("technician", f.technicianName() == null ? "" : f.technicianName());
        String when = when(f, locale);
        model.put("when", when);
        boolean futureWindow = f.windowStart() != null && f.windowStart().toInstant().isAfter(clock.instant());
        model.put("plan", futureWindow ? when : "");
        String total = f.total().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
        model.put("total", templates.message(locale, f.totalIsFrom() ? "total.from" : "total.exact", total));
        model.put("replyable", messages.replyTo() != null && !messages.replyTo().isBlank());
        List<Map<String, String>> rows = new ArrayList<>();
        rows.add(row(templates.message(locale, "label.number"), f.number()));
        rows.add(row(templates.message(locale, "label.services"), services(f)));
        rows.add(row(templates.message(locale, "label.address"), f.address()));
        if (!when.isEmpty()) {
            rows.add(row(templates.message(locale, "label.when"), when));
        }
        if (f.technicianName() != null && (event.equals("scheduled") || event.equals("moved") || event.equals("on_the_way"))) {
            rows.add(row(templates.message(locale, "label.technician"), f.technicianName()));
        }
        if (event.equals("quoted") || event.equals("registered")) {
            rows.add(row(templates.message(locale, "label.total"), (String) model.get("total")));
        }
        model.put("facts", rows);
        return model;
    }

    private static Map<String, String> row(String label, String value) {
        return Map.of("label", label, "value", value);
    }

    private static String services(Facts f) {
        return String.join(", ", f.lines().stream().map(l -> l.quantity() == 1 ? l.name() : l.name() + " × " + l.quantity()).toList());
    }

    /** "Saturday 5 December 2026, 08:00-10:00" in the company's time zone, or empty when no window is promised. */
    private String when(Facts f, Locale locale) {
        if (f.windowStart() == null || f.windowEnd() == null) {
            return "";
        }
        ZonedDateTime start = f.windowStart().atZoneSameInstant(zone);
        ZonedDateTime end = f.windowEnd().atZoneSameInstant(zone);
        String day = locale.getLanguage().equals("ru") ? "EEEE, d MMMM yyyy" : "EEEE d MMMM yyyy";
        return start.format(DateTimeFormatter.ofPattern(day, locale)) + ", " + start.format(TIME) + "–" + end.format(TIME);
    }

    /** When request {@code startedId}'s visit starts, the next waiting customer on that route hears the arrival time. */
    private void onTheWayToNext(long startedId) {
        Stop started = facts.stopOf(startedId);
        if (started == null) {
            return;
        }
        Stop next = facts.nextWaiting(started);
        if (next == null) {
            return;
        }
        Instant now = clock.instant();
        Instant byWork = now.plus(Duration.between(started.startAt(), started.endAt())).plusSeconds(next.travelSeconds());
        Instant eta = byWork.isAfter(next.arrivalAt().toInstant()) ? byWork : next.arrivalAt().toInstant();
        Facts f = facts.of(next.requestId());
        String etaText = eta.atZone(zone).format(TIME);
        customerWith(f, VISIT_UPDATE, "on_the_way", "on_the_way.subject", null, Map.of("eta", etaText));
    }

    // ---- staff ----------------------------------------------------------------------------------------------------

    private void staff(Facts f, long userId, String event, List<String> args) {
        MailTemplates.Rendered en = templates.render("staff", Locale.ENGLISH, event + ".subject", new Object[] {f.number()},
                staffModel(f, Locale.ENGLISH, event, args, false));
        MailTemplates.Rendered ru = templates.render("staff", MailTemplates.RUSSIAN, event + ".subject", new Object[] {f.number()},
                staffModel(f, MailTemplates.RUSSIAN, event, args, false));
        insert(f.id(), STAFF, event, "dispatcher", userId, "email", facts.userEmail(userId), bilingual(en, ru), null, null);
    }

    private Map<String, Object> staffModel(Facts f, Locale locale, String event, List<String> args, boolean noDispatcher) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("event", event);
        model.put("body", templates.message(locale, event + ".body", args.toArray()));
        model.put("number", f.number());
        model.put("noDispatcher", noDispatcher);
        model.put("deskUrl", messages.base() + "/desk/requests/" + f.id());
        return model;
    }

    private static MailTemplates.Rendered bilingual(MailTemplates.Rendered en, MailTemplates.Rendered ru) {
        return new MailTemplates.Rendered(en.subject() + " / " + ru.subject(), en.text() + "\n\n---\n\n" + ru.text(),
                en.html() + "\n<hr>\n" + ru.html());
    }

    private boolean isOfficeHours(OffsetDateTime at) {
        ZonedDateTime local = at.atZoneSameInstant(zone);
        boolean weekday = local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
        return weekday && !local.toLocalTime().isBefore(messages.officeOpens()) && local.toLocalTime().isBefore(messages.officeCloses());
    }

    private static String newToken() {
        StringBuilder b = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            b.append(TOKEN_ALPHABET.charAt(RANDOM.nextInt(TOKEN_ALPHABET.length())));
        }
        return b.toString();
    }

    private int insert(long requestId, String kind, String event, String role, @Nullable Long userId, String channel,
                       @Nullable String address, MailTemplates.Rendered message, @Nullable String calendar,
                       @Nullable String replyToken) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String subject = message.subject().length() > 300 ? message.subject().substring(0, 297) + "..." : message.subject();
        String body = message.text().length() > 4000 ? message.text().substring(0, 3997) + "..." : message.text();
        var insert = db.insertInto(NOTIFICATION_OUTBOX)
                .set(NOTIFICATION_OUTBOX.REQUEST_ID, requestId)
                .set(NOTIFICATION_OUTBOX.KIND, kind)
                .set(NOTIFICATION_OUTBOX.EVENT, event)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_ROLE, role)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_USER_ID, userId)
                .set(NOTIFICATION_OUTBOX.RECIPIENT_ADDRESS, address)
                .set(NOTIFICATION_OUTBOX.CHANNEL, channel)
                .set(NOTIFICATION_OUTBOX.SUBJECT, subject)
                .set(NOTIFICATION_OUTBOX.BODY, body)
                .set(NOTIFICATION_OUTBOX.HTML_BODY, message.html().isEmpty() ? null : message.html())
                .set(NOTIFICATION_OUTBOX.CALENDAR, calendar)
                .set(NOTIFICATION_OUTBOX.REPLY_TOKEN, replyToken)
                .set(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT, now)
                .set(NOTIFICATION_OUTBOX.CREATED_AT, now);
        if (wakeUp != null) {
            wakeUp.queued(); // the drain starts when this transaction commits, not at the timer's next run
        }
        if (DEADLINE_PASSED.equals(kind)) {
            // the partial unique index notification_outbox_deadline_once turns a second announcement into a no-op
            return insert.onConflict(NOTIFICATION_OUTBOX.REQUEST_ID, NOTIFICATION_OUTBOX.RECIPIENT_ROLE)
                    .where(NOTIFICATION_OUTBOX.KIND.eq(DEADLINE_PASSED))
                    .doNothing().execute();
        }
        return insert.execute();
    }
}
