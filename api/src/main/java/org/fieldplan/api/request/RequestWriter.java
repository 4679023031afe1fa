package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.fieldplan.api.notification.NotificationOutbox;
import org.fieldplan.api.price.PriceQuote;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceRequestRecord;
import org.fieldplan.api.request.RequestExceptions.VersionMismatch;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jspecify.annotations.Nullable;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of {@code service_request}, its items and its history for the other features: planning
 * (publish), the board (move), bookings, the technician's confirmed edits and the deadline watch ask it. Each
 * operation locks the row, sets what it changes (technician, status, promised window, items), raises the version
 * (the ETag) by one, writes a history row and, when the status moved, queues the customer's notification, all in
 * the caller's transaction (they are {@link Propagation#MANDATORY}: the change belongs with the route change that
 * caused it). A call that changes nothing writes nothing.
 * <p>
 * The caller has already decided that the actor may do this (it is feature code acting on a decision it checked:
 * the board's zone, the planning job's scope); these methods do not apply {@link RequestVisibility}.
 */
@Service
public class RequestWriter {

    private final DSLContext db;
    private final NotificationOutbox outbox;
    private final Clock clock;
    private final Pricer pricer;
    private final RequestPrices prices;

    RequestWriter(DSLContext db, NotificationOutbox outbox, Clock clock, Pricer pricer, RequestPrices prices) {
        this.pricer = pricer;
        this.prices = prices;
        this.db = db;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The window promised to the customer for the start of the service. */
    public record PromisedWindow(OffsetDateTime start, OffsetDateTime end) {
        public PromisedWindow {
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("A promised window ends (" + end + ") before it starts (" + start + ").");
            }
        }
    }

    /** One line of a change of items: the service type and its new quantity (added when the request lacks it). */
    public record ItemChange(long serviceTypeId, int quantity) {}

    /**
     * Assigns or reassigns the technician (a board move, a publish that moved the visit to someone else); the status
     * stays. The new technician can then see and start the request; the previous one no longer sees it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void assign(long requestId, long technicianId, String note, CurrentUser actor) {
        reassign(requestId, technicianId, note, actor, true);
    }

    /**
     * The request's technician changes and its time does not (a replan gave an absent technician's visit or team lead
     * to someone else at the same start; a board move of a whole team kept its promised window): the technician
     * becomes {@code technicianId}, with a history row, but the customer is not told (their appointment is
     * unchanged). A closed request is refused.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void reassignSameTime(long requestId, long technicianId, String note, CurrentUser actor) {
        reassign(requestId, technicianId, note, actor, false);
    }

    private void reassign(long requestId, long technicianId, String note, CurrentUser actor, boolean notify) {
        ServiceRequestRecord r = lock(requestId);
        requireTechnician(technicianId);
        if (Objects.equals(r.getTechnicianId(), technicianId)) {
            return;
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        if (status.isClosed()) {
            throw closed(r, "assign a technician to it");
        }
        write(r, db.newRecord(SERVICE_REQUEST).with(SERVICE_REQUEST.TECHNICIAN_ID, technicianId), status, status,
                note + " Technician " + name(r.getTechnicianId()) + " -> " + name(technicianId) + ".", actor, notify);
    }

    /**
     * A note in the request's history about its work that changes no field of the request (a member of its team was
     * replaced, its team moved): the status stays, the version rises (the card shows the new row), nobody is
     * notified.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void note(long requestId, String note, CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        write(r, db.newRecord(SERVICE_REQUEST), status, status, note, actor, false);
    }

    /**
     * Schedules the request with {@code technicianId}: agreed becomes scheduled; a request already scheduled, in
     * progress or done keeps its status and only changes technician and window. {@code window} null keeps the
     * promised window there is (or none).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void schedule(long requestId, long technicianId, @Nullable PromisedWindow window, String note, CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        requireTechnician(technicianId);
        RequestStatus from = RequestStatus.fromCode(r.getStatus());
        if (from.isClosed()) {
            throw closed(r, "schedule it");
        }
        if (from != RequestStatus.AGREED && from != RequestStatus.SCHEDULED && from != RequestStatus.IN_PROGRESS
                && from != RequestStatus.DONE) {
            throw new ApiException(HttpStatus.CONFLICT, "not-schedulable", "Not ready to schedule", "Service request "
                    + r.getRegistrationNumber() + " is '" + from.code() + "'; only an agreed request can be scheduled.",
                    java.util.Map.of("status", from.code()));
        }
        RequestStatus to = from == RequestStatus.AGREED ? RequestStatus.SCHEDULED : from;
        ServiceRequestRecord changes = db.newRecord(SERVICE_REQUEST);
        List<String> what = new ArrayList<>();
        if (to != from) {
            changes.setStatus(to.code());
        }
        if (!Objects.equals(r.getTechnicianId(), technicianId)) {
            changes.setTechnicianId(technicianId);
            what.add("Technician " + name(r.getTechnicianId()) + " -> " + name(technicianId) + ".");
        }
        if (window != null && !(same(window.start(), r.getWindowStart()) && same(window.end(), r.getWindowEnd()))) {
            changes.setWindowStart(window.start());
            changes.setWindowEnd(window.end());
            what.add("Promised window " + window.start() + ".." + window.end() + ".");
        }
        if (to == from && what.isEmpty()) {
            return;
        }
        write(r, changes, from, to, (note + " " + String.join(" ", what)).strip(), actor);
    }

    /**
     * Moves the request to another customer record (the office merged a duplicate contact into it); the status stays,
     * a history row names both records and the version rises. Allowed on closed requests too: it corrects whose the
     * request is, not the work.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeCustomer(long requestId, long customerId, String note, CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        if (r.getCustomerId() == customerId) {
            return;
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        write(r, db.newRecord(SERVICE_REQUEST).with(SERVICE_REQUEST.CUSTOMER_ID, customerId), status, status,
                note + " Customer " + r.getCustomerId() + " -> " + customerId + ".", actor);
    }

    /** Promises the customer {@code window} (a booking before it is placed); the status stays. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void promiseWindow(long requestId, PromisedWindow window, String note, CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        if (same(window.start(), r.getWindowStart()) && same(window.end(), r.getWindowEnd())) {
            return;
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        if (status.isClosed()) {
            throw closed(r, "promise it a window");
        }
        write(r, db.newRecord(SERVICE_REQUEST).with(SERVICE_REQUEST.WINDOW_START, window.start())
                .with(SERVICE_REQUEST.WINDOW_END, window.end()), status, status,
                note + " Promised window " + window.start() + ".." + window.end() + ".", actor);
    }

    /**
     * Sets the quantities of {@code items} (a confirmed technician's edit): lines of those services get the new
     * quantity, services the request lacks are added at the type's price. A history row names the change and the
     * version rises. Refused (409) on a closed request; {@code expectedVersion} (null: not checked) as with If-Match.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void changeItems(long requestId, @Nullable Integer expectedVersion, List<ItemChange> items, String note,
            CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        if (expectedVersion != null && expectedVersion != r.getVersion()) {
            throw new VersionMismatch(r.getId(), r.getRegistrationNumber(), expectedVersion, r.getVersion());
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        if (status.isClosed()) {
            throw closed(r, "change its services");
        }
        List<FieldProblem> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).quantity() < 1 || items.get(i).quantity() > 10_000) {
                problems.add(new FieldProblem("items[" + i + "].quantity", items.get(i).quantity(), "must be between 1 and 10000"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        List<String> what = new ArrayList<>();
        for (ItemChange item : items) {
            var type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(item.serviceTypeId())).fetchOne();
            if (type == null) {
                throw new InvalidInputException("serviceTypeId", item.serviceTypeId(), "names no service type");
            }
            Integer before = db.select(SERVICE_REQUEST_ITEM.QUANTITY).from(SERVICE_REQUEST_ITEM)
                    .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId), SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID.eq(type.getId()))
                    .fetchOne(SERVICE_REQUEST_ITEM.QUANTITY);
            if (before == null) {
                // a service the request lacks: priced now by the catalogue and the modifiers of today (the frozen
                // lines keep their prices)
                Integer last = db.select(org.jooq.impl.DSL.max(SERVICE_REQUEST_ITEM.LINE)).from(SERVICE_REQUEST_ITEM)
                        .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).fetchOne(0, Integer.class);
                PriceQuote priced = pricer.price(r.getZoneId(), List.of(new Pricer.Ask(type, item.quantity(), false)),
                        OffsetDateTime.now(clock).atZoneSameInstant(clock.getZone()).toLocalDate());
                prices.insertLine(requestId, last == null ? 1 : last + 1, priced.lines().getFirst());
                what.add(type.getCode() + " 0 -> " + item.quantity());
            } else if (before != item.quantity()) {
                db.update(SERVICE_REQUEST_ITEM).set(SERVICE_REQUEST_ITEM.QUANTITY, item.quantity())
                        .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId), SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID.eq(type.getId()))
                        .execute();
                what.add(type.getCode() + " " + before + " -> " + item.quantity());
            }
        }
        if (!what.isEmpty()) {
            prices.recomputeTotal(requestId);
        }
        if (what.isEmpty()) {
            return;
        }
        write(r, db.newRecord(SERVICE_REQUEST), status, status,
                (note + " Services: " + String.join(", ", what) + ".").strip(), actor);
    }

    /**
     * Removes an extra service line (one the server added for the zone or the management company) from a request that
     * is still {@code new} with prices not frozen: the office takes it off before the quote, as the customer may before
     * sending. Afterwards (quoted, booked on the site, or any later state) it is refused with 409 naming the state, since
     * the customer has seen or agreed those prices; a line that is not an extra is a 400 naming it. The total is
     * recomputed from the remaining lines, a history row names the removed service and the version rises.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void removeExtra(long requestId, @Nullable Integer expectedVersion, int line, CurrentUser actor) {
        ServiceRequestRecord r = lock(requestId);
        if (expectedVersion != null && expectedVersion != r.getVersion()) {
            throw new VersionMismatch(r.getId(), r.getRegistrationNumber(), expectedVersion, r.getVersion());
        }
        RequestStatus status = RequestStatus.fromCode(r.getStatus());
        if (status != RequestStatus.NEW || r.getPricesFrozenAt() != null) {
            java.util.Map<String, Object> facts = new java.util.LinkedHashMap<>();
            facts.put("status", r.getStatus());
            if (r.getPricesFrozenAt() != null) {
                facts.put("pricesFrozenAt", r.getPricesFrozenAt().toString());
            }
            throw new ApiException(HttpStatus.CONFLICT, "prices-frozen", "Prices frozen", "Service request "
                    + r.getRegistrationNumber() + " is '" + r.getStatus() + "'" + (r.getPricesFrozenAt() != null
                    ? " with its prices frozen since " + r.getPricesFrozenAt() : "") + "; an extra service can be removed only "
                    + "while the request is 'new', before it is quoted or booked.", facts);
        }
        var item = db.select(SERVICE_REQUEST_ITEM.EXTRA, SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_TYPE.CODE).from(SERVICE_REQUEST_ITEM)
                .join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId), SERVICE_REQUEST_ITEM.LINE.eq(line)).fetchOne();
        if (item == null || !item.value1()) {
            List<Integer> extras = db.select(SERVICE_REQUEST_ITEM.LINE).from(SERVICE_REQUEST_ITEM)
                    .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId), SERVICE_REQUEST_ITEM.EXTRA.isTrue())
                    .orderBy(SERVICE_REQUEST_ITEM.LINE).fetch(SERVICE_REQUEST_ITEM.LINE);
            throw new InvalidInputException("line", line, (item == null ? "names no line" : "is not an extra service line")
                    + " of request " + r.getRegistrationNumber() + (extras.isEmpty() ? " (it has no extra services)" : " (its extra lines: " + extras + ")"));
        }
        db.deleteFrom(SERVICE_REQUEST_ITEM).where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId), SERVICE_REQUEST_ITEM.LINE.eq(line)).execute();
        prices.recomputeTotal(requestId);
        write(r, db.newRecord(SERVICE_REQUEST), status, status,
                "Extra service removed: " + item.value3() + " x " + item.value2() + ".", actor);
    }

    /**
     * Stamps that the deadline was announced (the deadline watch, with its notification queued alongside). Not an
     * edit of the request: the version stays, so nobody's If-Match breaks, and no history row is written.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markDeadlineNotified(long requestId, OffsetDateTime at) {
        db.update(SERVICE_REQUEST).set(SERVICE_REQUEST.DEADLINE_NOTIFIED_AT, at).where(SERVICE_REQUEST.ID.eq(requestId)).execute();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private ServiceRequestRecord lock(long requestId) {
        ServiceRequestRecord r = db.selectFrom(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId)).forUpdate().fetchOne();
        if (r == null) {
            throw new NotFoundException("service request", requestId);
        }
        return r;
    }

    private void write(ServiceRequestRecord current, ServiceRequestRecord changes, RequestStatus from, RequestStatus to,
            String note, CurrentUser actor) {
        write(current, changes, from, to, note, actor, true);
    }

    private void write(ServiceRequestRecord current, ServiceRequestRecord changes, RequestStatus from, RequestStatus to,
            String note, CurrentUser actor, boolean notify) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        changes.setUpdatedAt(now);
        changes.setVersion(current.getVersion() + 1);
        db.update(SERVICE_REQUEST).set(changes).where(SERVICE_REQUEST.ID.eq(current.getId())).execute();
        db.insertInto(SERVICE_REQUEST_HISTORY)
                .set(SERVICE_REQUEST_HISTORY.REQUEST_ID, current.getId())
                .set(SERVICE_REQUEST_HISTORY.FROM_STATUS, from.code())
                .set(SERVICE_REQUEST_HISTORY.TO_STATUS, to.code())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY, actor.recordedUserId())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, actor.username())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_AT, now)
                .set(SERVICE_REQUEST_HISTORY.NOTE, note.length() > 2000 ? note.substring(0, 1997) + "..." : note)
                .execute();
        RequestMilestones.refresh(db, current.getId()); // the reports' milestones, from this history row on
        if (!notify) {
            return;
        }
        if (from != to) {
            outbox.statusChanged(current.getId(), from, to);
        } else if (to == RequestStatus.SCHEDULED && (changes.changed(SERVICE_REQUEST.WINDOW_START)
                || changes.changed(SERVICE_REQUEST.WINDOW_END) || changes.changed(SERVICE_REQUEST.TECHNICIAN_ID))) {
            outbox.visitMoved(current.getId()); // a new time or technician: the customer's calendar event follows
        }
    }

    private void requireTechnician(long technicianId) {
        if (!db.fetchExists(TECHNICIAN, TECHNICIAN.ID.eq(technicianId))) {
            throw new InvalidInputException("technicianId", technicianId, "names no technician");
        }
    }

    private String name(@Nullable Long technicianId) {
        if (technicianId == null) {
            return "none";
        }
        String name = db.select(TECHNICIAN.NAME).from(TECHNICIAN).where(TECHNICIAN.ID.eq(technicianId)).fetchOne(TECHNICIAN.NAME);
        return name == null ? String.valueOf(technicianId) : name + " (" + technicianId + ")";
    }

    private static ApiException closed(ServiceRequestRecord r, String what) {
        return new ApiException(HttpStatus.CONFLICT, "request-closed", "Request closed", "Service request "
                + r.getRegistrationNumber() + " is '" + r.getStatus() + "', which is closed; you cannot " + what
                + ". Register a new request for further work.", java.util.Map.of("status", r.getStatus()));
    }

    private static boolean same(OffsetDateTime a, @Nullable OffsetDateTime b) {
        return b != null && a.isEqual(b);
    }
}
