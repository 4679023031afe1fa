package org.fieldplan.api.cabinet;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fieldplan.api.booking.CabinetBookings;
import org.fieldplan.api.customer.CustomerPreferences;
import org.fieldplan.api.request.RequestMessages.CommentView;
import org.fieldplan.api.request.RequestMessages.HistoryEntry;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.NewRating;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cabinet as the customer's contact people see it: the organisation's requests, each with its timeline, the public
 * conversation with the office and the actions open now. Reading and every change go through {@link ServiceRequests},
 * which scopes them to the caller's customer (another customer's request is 404).
 */
@Service
class CabinetService {

    /** Actions a customer may take, and the status each one moves the request to. */
    static final Map<String, RequestStatus> ACTIONS = Map.of("agree", RequestStatus.AGREED, "refuse", RequestStatus.REFUSED,
            "accept", RequestStatus.ACCEPTED, "dispute", RequestStatus.DISPUTED, "cancel", RequestStatus.CANCELLED);

    record Member(String displayName, @Nullable String email, boolean you) {}

    record Overview(long customerId, String customerName, String username, CustomerPreferences.Preferences preferences,
                    List<Member> members) {}

    record Window(OffsetDateTime start, OffsetDateTime end) {}

    record Step(String status, OffsetDateTime at) {}

    record Message(long id, String author, boolean fromOffice, boolean mine, String body, OffsetDateTime at) {}

    record Action(String action, String method, String path) {}

    record Line(String service, String serviceCode, int quantity, BigDecimal unitPrice, boolean priceIsFrom) {}

    record CabinetRequest(long id, String registrationNumber, String status, String statusLabel, String addressLine,
                          double lat, double lon, List<Line> services, BigDecimal total, boolean totalIsFrom, @Nullable Window window,
                          @Nullable String technicianName, OffsetDateTime deadline, OffsetDateTime createdAt,
                          ServiceRequestView.@Nullable RatingView rating, List<Step> timeline, List<Message> messages,
                          List<Action> actions, int version) {}

    private final DSLContext db;
    private final ServiceRequests requests;
    private final CustomerPreferences preferences;
    private final CabinetBookings bookings;
    private final org.fieldplan.api.document.RequestDocuments documents;

    CabinetService(DSLContext db, ServiceRequests requests, CustomerPreferences preferences, CabinetBookings bookings,
                   org.fieldplan.api.document.RequestDocuments documents) {
        this.documents = documents;
        this.db = db;
        this.requests = requests;
        this.preferences = preferences;
        this.bookings = bookings;
    }

    @Transactional(readOnly = true)
    Overview overview(CurrentUser user) {
        long customerId = customerOf(user);
        List<Member> members = new ArrayList<>();
        db.select(APP_USER.ID, APP_USER.DISPLAY_NAME, APP_USER.EMAIL).from(APP_USER)
                .where(APP_USER.ID.in(db.select(CUSTOMER_MEMBER.USER_ID).from(CUSTOMER_MEMBER).where(CUSTOMER_MEMBER.CUSTOMER_ID.eq(customerId)))
                        .or(APP_USER.ID.eq(db.select(CUSTOMER.USER_ID).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)))))
                .orderBy(APP_USER.ID)
                .forEach(r -> members.add(new Member(r.value2(), r.value3(), r.value1() == user.userId())));
        String name = db.select(CUSTOMER.NAME).from(CUSTOMER).where(CUSTOMER.ID.eq(customerId)).fetchSingle(CUSTOMER.NAME);
        return new Overview(customerId, name, user.username(), preferences.of(customerId), members);
    }

    CustomerPreferences.Preferences setPreferences(CurrentUser user, @Nullable String language, @Nullable String channel,
                                                   @Nullable Boolean optedOut, @Nullable String telegramChatId) {
        long customerId = customerOf(user);
        List<FieldProblem> problems = new ArrayList<>();
        if (language != null && !language.equals("en") && !language.equals("ru")) {
            problems.add(new FieldProblem("language", language, "must be 'en' or 'ru'"));
        }
        if (channel != null && !List.of("email", "sms", "telegram").contains(channel)) {
            problems.add(new FieldProblem("channel", channel, "must be 'email', 'sms' or 'telegram'"));
        }
        if (telegramChatId != null && !telegramChatId.isBlank() && !telegramChatId.strip().matches("-?[0-9]{1,20}|@[A-Za-z0-9_]{5,32}")) {
            problems.add(new FieldProblem("telegramChatId", telegramChatId, "is a Telegram chat id (digits) or @channelname"));
        }
        CustomerPreferences.Preferences now = preferences.of(customerId);
        if ("sms".equals(channel) && (now.phone() == null || now.phone().isBlank())) {
            problems.add(new FieldProblem("channel", channel, "needs a phone number on your customer record; ask the office to add it"));
        }
        if ("telegram".equals(channel) && (telegramChatId == null || telegramChatId.isBlank()) && now.telegramChatId() == null) {
            problems.add(new FieldProblem("telegramChatId", telegramChatId, "is needed for the Telegram channel"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return preferences.set(customerId, language, channel, optedOut, telegramChatId);
    }

    @Transactional(readOnly = true)
    List<CabinetRequest> list(CurrentUser user) {
        customerOf(user);
        List<CabinetRequest> out = new ArrayList<>();
        for (ServiceRequestView v : requests.list(new ServiceRequests.Filter(null, null, null, null, ServiceRequests.MAX_PAGE, 0), user)) {
            out.add(view(v, user, false));
        }
        return out;
    }

    @Transactional(readOnly = true)
    CabinetRequest get(long id, CurrentUser user) {
        customerOf(user);
        return view(requests.get(id, user), user, true);
    }

    @Transactional
    CommentView comment(long id, @Nullable String body, CurrentUser user) {
        customerOf(user);
        return requests.addComment(id, new NewComment("public", body), user);
    }

    @Transactional
    CabinetRequest act(long id, @Nullable String action, @Nullable String note, @Nullable Integer expectedVersion, CurrentUser user) {
        customerOf(user);
        ServiceRequestView current = requests.get(id, user); // another customer's request: 404 before anything else is said about the input
        RequestStatus to = action == null ? null : ACTIONS.get(action.strip().toLowerCase(Locale.ROOT));
        if (to == null) {
            throw new InvalidInputException("action", action, "must be one of " + ACTIONS.keySet().stream().sorted().toList());
        }
        if ((to == RequestStatus.AGREED || to == RequestStatus.REFUSED)
                && documents.decideOpenSpecification(id, to == RequestStatus.AGREED ? "agree" : "refuse", note, user)) {
            return get(id, user); // the office's specification for a booked visit: decided, the visit stays
        }
        if (to == RequestStatus.CANCELLED && !bookings.changeable(windowStart(id))) {
            throw bookings.tooLate(current.registrationNumber()); // the visit is close: the office decides
        }
        requests.changeStatus(id, expectedVersion, new StatusChange(to.code(), note, null), user);
        return get(id, user);
    }

    @Transactional
    CabinetRequest rate(long id, @Nullable Integer stars, @Nullable String text, CurrentUser user) {
        customerOf(user);
        requests.rate(id, new NewRating(stars, text), user);
        return get(id, user);
    }

    private @Nullable OffsetDateTime windowStart(long id) {
        return db.select(SERVICE_REQUEST.WINDOW_START).from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(id))
                .fetchOne(SERVICE_REQUEST.WINDOW_START);
    }

    private static long customerOf(CurrentUser user) {
        if (user.customerId() == null) {
            throw new org.springframework.security.access.AccessDeniedException(
                    "The cabinet is the customers'; this account belongs to no customer record.");
        }
        return user.customerId();
    }

    private CabinetRequest view(ServiceRequestView v, CurrentUser user, boolean detail) {
        var extra = db.select(SERVICE_REQUEST.WINDOW_START, SERVICE_REQUEST.WINDOW_END, TECHNICIAN.NAME, CUSTOMER.LANGUAGE)
                .from(SERVICE_REQUEST).leftJoin(TECHNICIAN).on(TECHNICIAN.ID.eq(SERVICE_REQUEST.TECHNICIAN_ID))
                .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .where(SERVICE_REQUEST.ID.eq(v.id())).fetchSingle();
        Window window = extra.value1() != null ? new Window(extra.value1(), extra.value2())
                : v.preferredWindow() != null ? new Window(v.preferredWindow().start(), v.preferredWindow().end()) : null;
        RequestStatus status = RequestStatus.fromCode(v.status());
        Locale locale = "ru".equals(extra.value4()) ? Locale.forLanguageTag("ru") : Locale.ENGLISH;
        List<Line> lines = v.services().stream()
                .map(s -> new Line(s.serviceTypeName(), s.serviceTypeCode(), s.quantity(), s.unitPrice(), s.priceIsFrom())).toList();
        BigDecimal total = lines.stream().map(l -> l.unitPrice().multiply(BigDecimal.valueOf(l.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Step> timeline = new ArrayList<>();
        List<Message> messages = new ArrayList<>();
        if (detail) {
            for (HistoryEntry h : requests.history(v.id(), user)) {
                if (h.from() == null || !h.from().equals(h.to())) {
                    timeline.add(new Step(h.to(), h.changedAt()));
                }
            }
            List<Long> organisation = db.select(CUSTOMER_MEMBER.USER_ID).from(CUSTOMER_MEMBER)
                    .where(CUSTOMER_MEMBER.CUSTOMER_ID.eq(v.customerId())).fetch(CUSTOMER_MEMBER.USER_ID);
            Long primary = db.select(CUSTOMER.USER_ID).from(CUSTOMER).where(CUSTOMER.ID.eq(v.customerId())).fetchOne(CUSTOMER.USER_ID);
            for (CommentView c : requests.comments(v.id(), user)) {
                boolean customerSide = c.authorId() != null ? organisation.contains(c.authorId()) || c.authorId().equals(primary)
                        : c.authorName().endsWith(" by e-mail"); // a reply by e-mail from an address without an account
                messages.add(new Message(c.id(), c.authorName(), !customerSide, c.authorId() != null && c.authorId() == user.userId(),
                        c.body(), c.createdAt()));
            }
        }
        String base = "/api/cabinet/requests/" + v.id();
        List<Action> actions = new ArrayList<>();
        boolean changeable = bookings.changeable(extra.value1());
        ACTIONS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(a -> v.allowedNextStatuses().contains(a.getValue().code()))
                .filter(a -> a.getValue() != RequestStatus.CANCELLED || changeable)
                .forEach(a -> actions.add(new Action(a.getKey(), "POST", base + "/actions")));
        if ((status == RequestStatus.AGREED || status == RequestStatus.SCHEDULED) && documents.openSpecification(v.id()) != null) {
            // the office sent a specification for the booked visit: agree or refuse it (the visit stays booked)
            actions.add(new Action("agree", "POST", base + "/actions"));
            actions.add(new Action("refuse", "POST", base + "/actions"));
        }
        if (status == RequestStatus.SCHEDULED && changeable) {
            actions.add(new Action("reschedule", "POST", base + "/reschedule"));
        }
        if (v.rating() == null && (status == RequestStatus.DONE || status == RequestStatus.ACCEPTED || status == RequestStatus.DISPUTED)) {
            actions.add(new Action("rate", "PUT", base + "/rating"));
        }
        actions.add(new Action("comment", "POST", base + "/comments"));
        return new CabinetRequest(v.id(), v.registrationNumber(), v.status(), status.label(locale), v.addressLine(), v.lat(), v.lon(), lines, total,
                lines.stream().anyMatch(Line::priceIsFrom), window, extra.value3(), v.deadline(), v.createdAt(), v.rating(),
                timeline, messages, actions, v.version());
    }
}
