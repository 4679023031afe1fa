package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_COMMENT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.fieldplan.api.notification.NotificationOutbox;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceRequestRecord;
import org.fieldplan.api.planning.route.RouteRetiming;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.RequestExceptions.Forbidden;
import org.fieldplan.api.request.RequestExceptions.VersionMismatch;
import org.fieldplan.api.request.RequestMessages.CommentView;
import org.fieldplan.api.request.RequestMessages.HistoryEntry;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.NewRating;
import org.fieldplan.api.request.RequestMessages.RequestEdit;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.ServiceRequestView.RatingView;
import org.fieldplan.api.request.ServiceRequestView.ServiceLineView;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reading and changing service requests, always through the caller's {@link RequestVisibility}: a request the
 * caller may not see is "not found". Every change is one transaction: the row is locked, its version compared
 * with the caller's ({@code If-Match}), the change made with the version raised by one, the history and the
 * customer's notification written alongside.
 */
@Service
public class ServiceRequests {

    public static final int MAX_NOTE = 1900; // the column holds 2000; room for the assignment remark
    public static final int MAX_COMMENT = 4000;
    public static final int MAX_RATING_TEXT = 2000;
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 500;

    private final DSLContext db;
    private final NotificationOutbox outbox;
    private final RouteWriter routes;
    private final RouteRetiming retiming;
    private final Clock clock;
    private final RequestPrices prices;
    private final org.springframework.context.ApplicationEventPublisher events;

    ServiceRequests(DSLContext db, NotificationOutbox outbox, RouteWriter routes, RouteRetiming retiming, Clock clock,
                    RequestPrices prices, org.springframework.context.ApplicationEventPublisher events) {
        this.prices = prices;
        this.events = events;
        this.db = db;
        this.outbox = outbox;
        this.routes = routes;
        this.retiming = retiming;
        this.clock = clock;
    }

    /** Filters of the list endpoint; null = any. */
    public record Filter(@Nullable RequestStatus status, @Nullable Long zoneId, @Nullable Boolean outsideServiceArea,
                         @Nullable Long customerId, int limit, int offset) {
    }

    // ---- reading -----------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public ServiceRequestView get(long id, CurrentUser user) {
        List<ServiceRequestView> found = views(SERVICE_REQUEST.ID.eq(id).and(RequestVisibility.of(user)), user, 1, 0);
        if (found.isEmpty()) {
            throw new NotFoundException("service request", id);
        }
        return found.getFirst();
    }

    @Transactional(readOnly = true)
    public ServiceRequestView byNumber(String registrationNumber, CurrentUser user) {
        RegistrationNumber number;
        try {
            number = RegistrationNumber.parse(registrationNumber);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(List.of(new FieldProblem("registrationNumber", registrationNumber, e.getMessage())));
        }
        List<ServiceRequestView> found = views(SERVICE_REQUEST.REGISTRATION_NUMBER.eq(number.toString())
                .and(RequestVisibility.of(user)), user, 1, 0);
        if (found.isEmpty()) {
            throw new NotFoundException("service request", number);
        }
        return found.getFirst();
    }

    @Transactional(readOnly = true)
    public List<ServiceRequestView> list(Filter filter, CurrentUser user) {
        Condition where = RequestVisibility.of(user);
        if (filter.status() != null) {
            where = where.and(SERVICE_REQUEST.STATUS.eq(filter.status().code()));
        }
        if (filter.zoneId() != null) {
            where = where.and(SERVICE_REQUEST.ZONE_ID.eq(filter.zoneId()));
        }
        if (filter.outsideServiceArea() != null) {
            where = where.and(SERVICE_REQUEST.OUTSIDE_SERVICE_AREA.eq(filter.outsideServiceArea()));
        }
        if (filter.customerId() != null) {
            where = where.and(SERVICE_REQUEST.CUSTOMER_ID.eq(filter.customerId()));
        }
        return views(where, user, filter.limit(), filter.offset());
    }

    /** Loads a request without the visibility check, for the caller that just created it. */
    @Transactional(readOnly = true)
    ServiceRequestView load(long id, CurrentUser user) {
        return views(SERVICE_REQUEST.ID.eq(id), user, 1, 0).getFirst();
    }

    @Transactional(readOnly = true)
    public List<HistoryEntry> history(long id, CurrentUser user) {
        visibleOrThrow(id, user);
        return db.selectFrom(SERVICE_REQUEST_HISTORY)
                .where(SERVICE_REQUEST_HISTORY.REQUEST_ID.eq(id))
                .orderBy(SERVICE_REQUEST_HISTORY.ID)
                // history notes are the staff's (edits, technicians, reasons): customers see the transitions only
                .fetch(h -> new HistoryEntry(h.getFromStatus(), h.getToStatus(), h.getChangedBy(), h.getChangedByName(),
                        h.getChangedAt(), user.role().isStaff() ? h.getNote() : null));
    }

    /** The comments the caller may read: customers see only the public ones. */
    @Transactional(readOnly = true)
    public List<CommentView> comments(long id, CurrentUser user) {
        visibleOrThrow(id, user);
        Condition where = SERVICE_REQUEST_COMMENT.REQUEST_ID.eq(id);
        if (!user.role().isStaff()) {
            where = where.and(SERVICE_REQUEST_COMMENT.VISIBILITY.eq("public"));
        }
        return db.selectFrom(SERVICE_REQUEST_COMMENT).where(where).orderBy(SERVICE_REQUEST_COMMENT.ID)
                .fetch(c -> new CommentView(c.getId(), c.getVisibility(), c.getBody(), c.getAuthorId(), c.getAuthorName(),
                        c.getCreatedAt()));
    }

    // ---- changing ----------------------------------------------------------------------------------------

    /**
     * Moves a request along its lifecycle. {@code expectedVersion} null skips the version check (for in-process
     * callers such as the demo loader; the HTTP API always demands If-Match).
     */
    @Transactional
    public ServiceRequestView changeStatus(long id, @Nullable Integer expectedVersion, StatusChange change, CurrentUser user) {
        if (change.status() != null && (change.status().strip().equalsIgnoreCase(RequestStatus.CANCELLED.code())
                || change.status().strip().equalsIgnoreCase(RequestStatus.REFUSED.code()))) {
            routes.lockDayOf(id); // its stop comes off the route: the day's lock before the row's, like every route writer
        }
        ServiceRequestRecord r = lockVisible(id, user, null);
        List<FieldProblem> problems = new ArrayList<>();
        RequestStatus to = null;
        if (change.status() == null) {
            problems.add(new FieldProblem("status", null, "is required: the status to move to, one of " + RequestStatus.allCodes()));
        } else {
            try {
                to = RequestStatus.fromCode(change.status());
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("status", change.status(), "is not a status; use one of " + RequestStatus.allCodes()));
            }
        }
        checkNote(change.note(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        checkVersion(r, expectedVersion);
        RequestStatus from = RequestStatus.fromCode(r.getStatus());
        RequestLifecycle.check(from, to, user.role());
        Long technicianId = r.getTechnicianId();
        if (change.technicianId() != null) {
            requireStaff(user, "assign a technician");
            technicianId = existingTechnician(change.technicianId(), "technicianId");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        update(r, db.newRecord(SERVICE_REQUEST).with(SERVICE_REQUEST.STATUS, to.code())
                .with(SERVICE_REQUEST.TECHNICIAN_ID, technicianId), now);
        db.insertInto(SERVICE_REQUEST_HISTORY)
                .set(SERVICE_REQUEST_HISTORY.REQUEST_ID, id)
                .set(SERVICE_REQUEST_HISTORY.FROM_STATUS, from.code())
                .set(SERVICE_REQUEST_HISTORY.TO_STATUS, to.code())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY, user.recordedUserId())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, user.username())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_AT, now)
                .set(SERVICE_REQUEST_HISTORY.NOTE, statusNote(change.note(), r.getTechnicianId(), technicianId))
                .execute();
        RequestMilestones.refresh(db, id); // the reports' milestones, from this history row on
        if (to == RequestStatus.QUOTED) {
            prices.freeze(id, r.getZoneId(), now); // the quoted prices hold, whatever the catalogue does later
        }
        outbox.statusChanged(id, from, to);
        // documents (specification on quoted, act on done) follow in this transaction
        events.publishEvent(new RequestStatusChanged(id, from, to, user));
        if (to == RequestStatus.CANCELLED || to == RequestStatus.REFUSED) {
            // off its route under the day's lock (the route's version raised); the stops after it move earlier
            RouteWriter.RouteOf was = routes.removeRequest(id);
            if (was != null) {
                retiming.retime(was.technicianId(), was.day());
            }
        }
        return load(id, user);
    }

    /** Staff edit priority, deadline, preferred window, technician or description. */
    @Transactional
    public ServiceRequestView edit(long id, @Nullable Integer expectedVersion, RequestEdit edit, CurrentUser user) {
        requireStaff(user, "edit service requests");
        ServiceRequestRecord r = lockVisible(id, user, null);
        List<FieldProblem> problems = new ArrayList<>();
        if (edit.priority() != null && (edit.priority() < 1 || edit.priority() > 5)) {
            problems.add(new FieldProblem("priority", edit.priority(), "must be 1 (low) to 5 (urgent)"));
        }
        if (edit.preferredWindow() != null) {
            RequestIntake.checkWindow(edit.preferredWindow(), problems);
        }
        if (edit.description() != null && edit.description().length() > RequestIntake.MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", edit.description().length() + " characters",
                    "is longer than " + RequestIntake.MAX_DESCRIPTION + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        checkVersion(r, expectedVersion);
        ServiceRequestRecord changes = db.newRecord(SERVICE_REQUEST);
        List<String> what = new ArrayList<>();
        if (edit.priority() != null && edit.priority() != r.getPriority().intValue()) {
            changes.setPriority(edit.priority().shortValue());
            what.add("priority " + r.getPriority() + " -> " + edit.priority());
        }
        if (edit.deadline() != null && !edit.deadline().isEqual(r.getDeadline())) {
            changes.setDeadline(edit.deadline());
            what.add("deadline " + r.getDeadline() + " -> " + edit.deadline());
        }
        PreferredWindow window = edit.preferredWindow();
        if (window != null && !(sameInstant(window.start(), r.getPreferredStart()) && sameInstant(window.end(), r.getPreferredEnd()))) {
            changes.setPreferredStart(window.start());
            changes.setPreferredEnd(window.end());
            what.add("preferred window " + (r.getPreferredStart() == null ? "none" : r.getPreferredStart() + ".." + r.getPreferredEnd())
                    + " -> " + window.start() + ".." + window.end());
        }
        if (edit.technicianId() != null && !edit.technicianId().equals(r.getTechnicianId())) {
            changes.setTechnicianId(existingTechnician(edit.technicianId(), "technicianId"));
            what.add("technician " + (r.getTechnicianId() == null ? "none" : r.getTechnicianId()) + " -> " + edit.technicianId());
        }
        if (edit.description() != null && !java.util.Objects.equals(blankToNull(edit.description()), r.getDescription())) {
            changes.setDescription(blankToNull(edit.description()));
            what.add("description changed");
        }
        if (what.isEmpty()) {
            return load(id, user); // nothing to change: no new version, no history entry
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        // edits appear in the history as entries whose status stays the same, with what changed in the note
        db.insertInto(SERVICE_REQUEST_HISTORY)
                .set(SERVICE_REQUEST_HISTORY.REQUEST_ID, id)
                .set(SERVICE_REQUEST_HISTORY.FROM_STATUS, r.getStatus())
                .set(SERVICE_REQUEST_HISTORY.TO_STATUS, r.getStatus())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY, user.recordedUserId())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, user.username())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_AT, now)
                .set(SERVICE_REQUEST_HISTORY.NOTE, "Edited: " + String.join("; ", what) + ".")
                .execute();
        update(r, changes, now);
        return load(id, user);
    }

    private static boolean sameInstant(@Nullable OffsetDateTime a, @Nullable OffsetDateTime b) {
        return a == null ? b == null : b != null && a.isEqual(b);
    }

    @Transactional
    public CommentView addComment(long id, NewComment comment, CurrentUser user) {
        visibleOrThrow(id, user);
        List<FieldProblem> problems = new ArrayList<>();
        String visibility = comment.visibility() == null ? "public" : comment.visibility().strip().toLowerCase();
        if (!visibility.equals("public") && !visibility.equals("private")) {
            problems.add(new FieldProblem("visibility", comment.visibility(), "must be 'public' (the customer sees it) or 'private' (staff only)"));
        }
        String body = comment.body() == null ? "" : comment.body().strip();
        if (body.isEmpty()) {
            problems.add(new FieldProblem("body", comment.body(), "is required: the text of the comment"));
        } else if (body.length() > MAX_COMMENT) {
            problems.add(new FieldProblem("body", body.length() + " characters", "is longer than " + MAX_COMMENT + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (visibility.equals("private") && !user.role().isStaff()) {
            throw new Forbidden("A customer's comments are always public; leave out visibility or send 'public'.");
        }
        var c = db.insertInto(SERVICE_REQUEST_COMMENT)
                .set(SERVICE_REQUEST_COMMENT.REQUEST_ID, id)
                .set(SERVICE_REQUEST_COMMENT.AUTHOR_ID, user.recordedUserId())
                .set(SERVICE_REQUEST_COMMENT.AUTHOR_NAME, user.username())
                .set(SERVICE_REQUEST_COMMENT.VISIBILITY, visibility)
                .set(SERVICE_REQUEST_COMMENT.BODY, body)
                .set(SERVICE_REQUEST_COMMENT.CREATED_AT, OffsetDateTime.now(clock))
                .returning()
                .fetchSingle();
        outbox.commentAdded(id, visibility, user.is(Role.CUSTOMER), user.recordedUserId() == null ? -1 : user.recordedUserId(),
                user.username(), body);
        return new CommentView(c.getId(), c.getVisibility(), c.getBody(), c.getAuthorId(), c.getAuthorName(), c.getCreatedAt());
    }

    /**
     * The customer rates finished work: 1-5 stars and an optional text, once, when the request is done,
     * accepted or disputed. Ratings stay on the request for later analysis.
     */
    @Transactional
    public ServiceRequestView rate(long id, NewRating rating, CurrentUser user) {
        ServiceRequestRecord r = lockVisible(id, user, null);
        if (!user.is(Role.CUSTOMER)) {
            throw new Forbidden("Only the customer rates the work on their request; a " + user.role().code() + " cannot.");
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (rating.stars() == null || rating.stars() < 1 || rating.stars() > 5) {
            problems.add(new FieldProblem("stars", rating.stars(), "must be a whole number from 1 (poor) to 5 (excellent)"));
        }
        if (rating.text() != null && rating.text().length() > MAX_RATING_TEXT) {
            problems.add(new FieldProblem("text", rating.text().length() + " characters", "is longer than " + MAX_RATING_TEXT + " characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        if (status != RequestStatus.DONE && status != RequestStatus.ACCEPTED && status != RequestStatus.DISPUTED) {
            throw new ConflictException("Service request " + r.getRegistrationNumber() + " is '" + status.code()
                    + "'; it can be rated once the work is done (status done, accepted or disputed).");
        }
        if (r.getRating() != null) {
            throw new ConflictException("Service request " + r.getRegistrationNumber() + " was already rated (" + r.getRating()
                    + " stars on " + r.getRatedAt() + "); a rating is given once.");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        update(r, db.newRecord(SERVICE_REQUEST)
                .with(SERVICE_REQUEST.RATING, rating.stars().shortValue())
                .with(SERVICE_REQUEST.RATING_TEXT, blankToNull(rating.text()))
                .with(SERVICE_REQUEST.RATED_AT, now), now);
        return load(id, user);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void visibleOrThrow(long id, CurrentUser user) {
        if (!db.fetchExists(SERVICE_REQUEST, SERVICE_REQUEST.ID.eq(id).and(RequestVisibility.of(user)))) {
            throw new NotFoundException("service request", id);
        }
    }

    private ServiceRequestRecord lockVisible(long id, CurrentUser user, @Nullable Integer expectedVersion) {
        ServiceRequestRecord r = db.selectFrom(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(id).and(RequestVisibility.of(user)))
                .forUpdate()
                .fetchOne();
        if (r == null) {
            throw new NotFoundException("service request", id);
        }
        checkVersion(r, expectedVersion);
        return r;
    }

    private static void checkVersion(ServiceRequestRecord r, @Nullable Integer expectedVersion) {
        if (expectedVersion != null && expectedVersion.intValue() != r.getVersion()) {
            throw new VersionMismatch(r.getId(), r.getRegistrationNumber(), expectedVersion, r.getVersion());
        }
    }

    /** Writes the changed fields of {@code changes}, raising the version; the row is already locked. */
    private void update(ServiceRequestRecord current, ServiceRequestRecord changes, OffsetDateTime now) {
        changes.setUpdatedAt(now);
        changes.setVersion(current.getVersion() + 1);
        int rows = db.update(SERVICE_REQUEST)
                .set(changes)
                .where(SERVICE_REQUEST.ID.eq(current.getId()))
                .and(SERVICE_REQUEST.VERSION.eq(current.getVersion()))
                .execute();
        if (rows != 1) {
            // cannot happen while we hold the row lock; if it does, nobody's change is lost: we fail
            throw new VersionMismatch(current.getId(), current.getRegistrationNumber(), current.getVersion(), -1);
        }
        RequestMilestones.refresh(db, current.getId()); // zone, technician, rating and the like, as the reports read them
    }

    private long existingTechnician(long technicianId, String field) {
        if (!db.fetchExists(TECHNICIAN, TECHNICIAN.ID.eq(technicianId))) {
            throw new InvalidInputException(List.of(new FieldProblem(field, technicianId, "names no technician")));
        }
        return technicianId;
    }

    private static void requireStaff(CurrentUser user, String what) {
        if (!user.is(Role.ADMINISTRATOR) && !user.is(Role.DISPATCHER)) {
            throw new Forbidden("Only an administrator or dispatcher may " + what + "; you are a " + user.role().code() + ".");
        }
    }

    private static void checkNote(@Nullable String note, List<FieldProblem> problems) {
        if (note != null && note.length() > MAX_NOTE) {
            problems.add(new FieldProblem("note", note.length() + " characters", "is longer than " + MAX_NOTE + " characters"));
        }
    }

    private static @Nullable String statusNote(@Nullable String note, @Nullable Long technicianBefore, @Nullable Long technicianAfter) {
        String given = blankToNull(note);
        if (java.util.Objects.equals(technicianBefore, technicianAfter)) {
            return given;
        }
        String assigned = "Technician " + (technicianBefore == null ? "none" : technicianBefore) + " -> " + technicianAfter + ".";
        return given == null ? assigned : given + " " + assigned;
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private List<ServiceRequestView> views(Condition where, CurrentUser user, int limit, int offset) {
        List<Record> rows = db.select(SERVICE_REQUEST.asterisk(), CUSTOMER.NAME, ZONE.NAME)
                .from(SERVICE_REQUEST)
                .join(CUSTOMER).on(CUSTOMER.ID.eq(SERVICE_REQUEST.CUSTOMER_ID))
                .leftJoin(ZONE).on(ZONE.ID.eq(SERVICE_REQUEST.ZONE_ID))
                .where(where)
                .orderBy(SERVICE_REQUEST.ID)
                .limit(limit).offset(offset)
                .fetch();
        Map<Long, List<ServiceLineView>> lines = lines(rows.stream().map(r -> r.get(SERVICE_REQUEST.ID)).toList());
        List<ServiceRequestView> views = new ArrayList<>(rows.size());
        for (Record row : rows) {
            ServiceRequestRecord r = row.into(SERVICE_REQUEST);
            Point p = (Point) r.getLocation();
            RequestStatus status = RequestStatus.fromCode(r.getStatus());
            views.add(new ServiceRequestView(
                    r.getId(), r.getRegistrationNumber(), status.code(),
                    RequestLifecycle.nextFor(status, user.role()).stream().sorted().map(RequestStatus::code).toList(),
                    r.getCustomerId(), row.get(CUSTOMER.NAME), r.getAddressId(), r.getAddressLine(), p.getY(), p.getX(),
                    r.getZoneId(), row.get(ZONE.NAME), r.getDispatcherId(), r.getOutsideServiceArea(),
                    r.getSource(), r.getPriority(), r.getDeadline(),
                    r.getPreferredStart() == null ? null : new PreferredWindow(r.getPreferredStart(), r.getPreferredEnd()),
                    r.getTechnicianId(), r.getDescription(), lines.getOrDefault(r.getId(), List.of()),
                    r.getRating() == null ? null : new RatingView(r.getRating(), r.getRatingText(), r.getRatedAt()),
                    r.getCreatedAt(), r.getUpdatedAt(), r.getVersion(),
                    new ServiceRequestView.PriceView(r.getRequestType(), r.getPriceTotal(), r.getPriceIsFrom(), r.getCurrency(),
                            r.getPricesFrozenAt())));
        }
        return views;
    }

    private Map<Long, List<ServiceLineView>> lines(Collection<Long> requestIds) {
        if (requestIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> modifiers = new java.util.HashMap<>();
        db.selectFrom(SERVICE_REQUEST_ITEM_MODIFIER).where(SERVICE_REQUEST_ITEM_MODIFIER.REQUEST_ID.in(requestIds))
                .orderBy(SERVICE_REQUEST_ITEM_MODIFIER.POSITION)
                .forEach(m -> modifiers.computeIfAbsent(m.getRequestId() + "/" + m.getLine(), k -> new ArrayList<>()).add(m.getName()));
        return db.select(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_REQUEST_ITEM.LINE, SERVICE_TYPE.ID, SERVICE_TYPE.CODE,
                        SERVICE_TYPE.NAME, SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_REQUEST_ITEM.UNIT_PRICE,
                        SERVICE_REQUEST_ITEM.PRICE_IS_FROM, SERVICE_REQUEST_ITEM.LIST_PRICE, SERVICE_REQUEST_ITEM.LINE_TOTAL,
                        SERVICE_REQUEST_ITEM.EXTRA)
                .from(SERVICE_REQUEST_ITEM)
                .join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(requestIds))
                .orderBy(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_REQUEST_ITEM.LINE)
                .fetch()
                .stream()
                .collect(Collectors.groupingBy(r -> r.value1(), Collectors.mapping(
                        r -> new ServiceLineView(r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(),
                                r.value9(), r.value10(), r.value11(), modifiers.getOrDefault(r.value1() + "/" + r.value2(), List.of())),
                        Collectors.toList())));
    }
}
