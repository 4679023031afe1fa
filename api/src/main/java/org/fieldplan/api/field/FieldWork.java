package org.fieldplan.api.field;

import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_EDIT;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_EDIT_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP;
import static org.fieldplan.api.persistence.jooq.Tables.ROUTE_STOP_MEMBER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.planning.RouteStore;
import org.fieldplan.api.planning.RouteView;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.RequestMessages.NewComment;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The technician's day: their own route only; start and finish a visit (the request moves along the lifecycle, the
 * stop records the actual times and labour, the comment is kept as a private comment); propose a change of services
 * that takes effect only when a dispatcher of the request's zone (or an administrator) confirms it.
 */
@Service
public class FieldWork {

    private final DSLContext db;
    private final RouteStore routes;
    private final RouteWriter routeWriter;
    private final ServiceRequests requests;
    private final RequestWriter requestWriter;
    private final Clock clock;
    private final org.fieldplan.api.notification.NotificationOutbox outbox;
    private final org.fieldplan.api.map.RoadMap roadMap;

    public FieldWork(DSLContext db, RouteStore routes, RouteWriter routeWriter, ServiceRequests requests,
            RequestWriter requestWriter, Clock clock, org.fieldplan.api.notification.NotificationOutbox outbox,
            org.fieldplan.api.map.RoadMap roadMap) {
        this.outbox = outbox;
        this.roadMap = roadMap;
        this.db = db;
        this.routes = routes;
        this.routeWriter = routeWriter;
        this.requests = requests;
        this.requestWriter = requestWriter;
        this.clock = clock;
    }

    public record Line(String serviceCode, String serviceName, int quantity) {}

    public record Visit(int number, long requestId, String registrationNumber, String status, String addressLine,
            double lat, double lon, String customerName, OffsetDateTime arrivalAt, OffsetDateTime startAt,
            @Nullable OffsetDateTime windowStart, @Nullable OffsetDateTime windowEnd, List<Line> services,
            @Nullable OffsetDateTime startedAt, @Nullable OffsetDateTime finishedAt, @Nullable Integer labourMinutes,
            int pendingEdits, List<String> alongside) {}

    /** ... and {@code path}: the way between the visits in their order along the roads, [lat, lon] points. */
    public record Day(LocalDate date, String technicianName, @Nullable OffsetDateTime startsAt,
            @Nullable OffsetDateTime endsAt, List<Visit> visits, List<double[]> path) {}

    public record Done(@Nullable Integer labourMinutes, @Nullable String comment) {}

    public record ProposedLine(@Nullable String serviceCode, @Nullable Integer quantity) {}

    public record Proposal(@Nullable List<ProposedLine> items, @Nullable String note) {}

    public record Edit(long id, long requestId, String registrationNumber, String status, String proposedBy, String note,
            List<Line> items, List<Line> current, OffsetDateTime createdAt, @Nullable String decidedBy,
            @Nullable String decisionReason) {}

    // ---- the technician ---------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public Day day(LocalDate date, CurrentUser user) {
        long technician = technician(user);
        RouteView route = routes.route(technician, date);
        String name = db.fetchValue("SELECT name FROM technician WHERE id = ?", technician).toString();
        if (route == null) {
            return new Day(date, name, null, null, List.of(), List.of());
        }
        Map<Long, List<Line>> lines = lines(route.stops().stream().map(RouteView.Stop::requestId).toList());
        Map<Long, Integer> pending = new HashMap<>();
        db.select(REQUEST_EDIT.REQUEST_ID, org.jooq.impl.DSL.count()).from(REQUEST_EDIT)
                .where(REQUEST_EDIT.STATUS.eq("pending")).groupBy(REQUEST_EDIT.REQUEST_ID)
                .forEach(r -> pending.put(r.value1(), r.value2()));
        List<Visit> visits = new ArrayList<>();
        int n = 1;
        for (RouteView.Stop s : route.stops()) {
            visits.add(new Visit(n++, s.requestId(), s.registrationNumber(), s.requestStatus(), s.addressLine(), s.lat(),
                    s.lon(), s.customerName(), s.arrivalAt(), s.startAt(), s.windowStart(), s.windowEnd(),
                    lines.getOrDefault(s.requestId(), List.of()), s.startedAt(), s.finishedAt(), s.labourMinutes(),
                    pending.getOrDefault(s.requestId(), 0), s.alongside()));
        }
        List<double[]> path = new ArrayList<>();
        if (visits.size() > 1) {
            org.fieldplan.geo.road.RouteGeometry way = roadMap.routeGeometry(
                    visits.stream().map(v -> new org.fieldplan.engine.travel.GeoPoint(v.lat(), v.lon())).toList());
            for (int i = 0; i < way.lats().length; i++) {
                path.add(new double[] {way.lats()[i], way.lons()[i]});
            }
        }
        return new Day(date, name, route.startsAt(), route.endsAt(), visits, path);
    }

    @Transactional
    public void start(long requestId, CurrentUser user) {
        ownStop(requestId, user);
        // the day's lock first (as every route writer), then the request's row: one lock order, no deadlock
        routeWriter.markStarted(requestId, OffsetDateTime.now(clock));
        requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.IN_PROGRESS, "Started on site"), user);
    }

    @Transactional
    public void done(long requestId, Done done, CurrentUser user) {
        ownStop(requestId, user); // another technician's visit is not found, whatever the body says
        List<FieldProblem> problems = new ArrayList<>();
        if (done.labourMinutes() == null || done.labourMinutes() < 1 || done.labourMinutes() > 24 * 60) {
            problems.add(new FieldProblem("labourMinutes", done.labourMinutes(), "give the minutes actually worked, 1 to 1440"));
        }
        if (done.comment() != null && done.comment().length() > 4000) {
            problems.add(new FieldProblem("comment", done.comment().length() + " characters", "is longer than 4000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        routeWriter.markFinished(requestId, OffsetDateTime.now(clock), done.labourMinutes());
        requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.DONE, "Finished on site, " + done.labourMinutes()
                + " min of labour"), user);
        if (done.comment() != null && !done.comment().isBlank()) {
            requests.addComment(requestId, new NewComment("private", done.comment().strip()), user);
        }
    }

    @Transactional
    public Edit propose(long requestId, Proposal proposal, CurrentUser user) {
        ownStop(requestId, user);
        List<FieldProblem> problems = new ArrayList<>();
        Map<Long, Integer> items = new LinkedHashMap<>();
        List<ProposedLine> lines = proposal.items() == null ? List.of() : proposal.items();
        if (lines.isEmpty()) {
            problems.add(new FieldProblem("items", null, "name at least one service with its new quantity"));
        }
        for (int i = 0; i < lines.size(); i++) {
            ProposedLine line = lines.get(i);
            Long type = line.serviceCode() == null ? null
                    : db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(line.serviceCode())).fetchOne(SERVICE_TYPE.ID);
            if (type == null) {
                problems.add(new FieldProblem("items[" + i + "].serviceCode", line.serviceCode(), "is not a service type code"));
            } else if (items.containsKey(type)) {
                problems.add(new FieldProblem("items[" + i + "].serviceCode", line.serviceCode(), "is named twice"));
            }
            if (line.quantity() == null || line.quantity() < 1 || line.quantity() > 10_000) {
                problems.add(new FieldProblem("items[" + i + "].quantity", line.quantity(), "must be between 1 and 10000"));
            }
            if (type != null && line.quantity() != null) {
                items.put(type, line.quantity());
            }
        }
        String note = proposal.note() == null ? "" : proposal.note().strip();
        if (note.isEmpty() || note.length() > 2000) {
            problems.add(new FieldProblem("note", proposal.note(), "say what you found, in at most 2000 characters"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = db.insertInto(REQUEST_EDIT).set(REQUEST_EDIT.REQUEST_ID, requestId)
                .set(REQUEST_EDIT.PROPOSED_BY, user.recordedUserId()).set(REQUEST_EDIT.PROPOSED_BY_NAME, user.username())
                .set(REQUEST_EDIT.NOTE, note).set(REQUEST_EDIT.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(REQUEST_EDIT.ID).fetchSingle().value1();
        items.forEach((type, quantity) -> db.insertInto(REQUEST_EDIT_ITEM).set(REQUEST_EDIT_ITEM.EDIT_ID, id)
                .set(REQUEST_EDIT_ITEM.SERVICE_TYPE_ID, type).set(REQUEST_EDIT_ITEM.QUANTITY, quantity).execute());
        outbox.editProposed(requestId, user.username()); // the dispatcher is asked to confirm or reject it
        return edit(id);
    }

    // ---- the dispatcher ----------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<Edit> edits(@Nullable String status, CurrentUser user) {
        var where = status == null ? org.jooq.impl.DSL.noCondition() : REQUEST_EDIT.STATUS.eq(status);
        List<Edit> out = new ArrayList<>();
        for (Long id : db.select(REQUEST_EDIT.ID).from(REQUEST_EDIT).join(SERVICE_REQUEST).on(SERVICE_REQUEST.ID.eq(REQUEST_EDIT.REQUEST_ID))
                .where(where, zoneOf(user)).orderBy(REQUEST_EDIT.ID).fetch(REQUEST_EDIT.ID)) {
            out.add(edit(id));
        }
        return out;
    }

    @Transactional
    public Edit confirm(long editId, CurrentUser user) {
        var edit = pendingVisible(editId, user);
        List<RequestWriter.ItemChange> items = new ArrayList<>();
        for (var item : db.selectFrom(REQUEST_EDIT_ITEM).where(REQUEST_EDIT_ITEM.EDIT_ID.eq(editId)).fetch()) {
            items.add(new RequestWriter.ItemChange(item.getServiceTypeId(), item.getQuantity()));
        }
        // the request feature writes the items, a history row and the new version; a closed request refuses (409)
        requestWriter.changeItems(edit.getRequestId(), null, items, "Edit " + editId + " by " + edit.getProposedByName()
                + " confirmed.", user);
        decide(edit, "confirmed", null, user);
        requests.addComment(edit.getRequestId(), new NewComment("private", "Edit by " + edit.getProposedByName()
                + " confirmed: " + edit.getNote()), user);
        return edit(editId);
    }

    @Transactional
    public Edit reject(long editId, @Nullable String reason, CurrentUser user) {
        var edit = pendingVisible(editId, user);
        if (reason == null || reason.isBlank() || reason.length() > 2000) {
            throw new InvalidInputException("reason", reason, "say why, in at most 2000 characters");
        }
        decide(edit, "rejected", reason.strip(), user);
        return edit(editId);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void decide(org.fieldplan.api.persistence.jooq.tables.records.RequestEditRecord edit, String status,
            @Nullable String reason, CurrentUser user) {
        db.update(REQUEST_EDIT).set(REQUEST_EDIT.STATUS, status).set(REQUEST_EDIT.DECIDED_BY_NAME, user.username())
                .set(REQUEST_EDIT.DECIDED_AT, OffsetDateTime.now(clock)).set(REQUEST_EDIT.DECISION_REASON, reason)
                .where(REQUEST_EDIT.ID.eq(edit.getId())).execute();
    }

    private org.fieldplan.api.persistence.jooq.tables.records.RequestEditRecord pendingVisible(long editId, CurrentUser user) {
        var edit = db.select(REQUEST_EDIT.asterisk()).from(REQUEST_EDIT).join(SERVICE_REQUEST)
                .on(SERVICE_REQUEST.ID.eq(REQUEST_EDIT.REQUEST_ID)).where(REQUEST_EDIT.ID.eq(editId), zoneOf(user))
                .forUpdate().of(REQUEST_EDIT).fetchOneInto(REQUEST_EDIT);
        if (edit == null) {
            throw new NotFoundException("edit", editId);
        }
        if (!edit.getStatus().equals("pending")) {
            throw new ConflictException("Edit " + editId + " is already " + edit.getStatus() + "; only a pending edit can be decided.");
        }
        return edit;
    }

    /** Edits of the requests the caller may see (a dispatcher: their zones'; see {@link ZoneScope}). */
    private org.jooq.Condition zoneOf(CurrentUser user) {
        return ZoneScope.requests(user);
    }

    private Edit edit(long id) {
        var e = db.selectFrom(REQUEST_EDIT).where(REQUEST_EDIT.ID.eq(id)).fetchSingle();
        List<Line> items = new ArrayList<>();
        db.select(SERVICE_TYPE.CODE, SERVICE_TYPE.NAME, REQUEST_EDIT_ITEM.QUANTITY).from(REQUEST_EDIT_ITEM).join(SERVICE_TYPE)
                .on(SERVICE_TYPE.ID.eq(REQUEST_EDIT_ITEM.SERVICE_TYPE_ID)).where(REQUEST_EDIT_ITEM.EDIT_ID.eq(id))
                .orderBy(SERVICE_TYPE.CODE).forEach(r -> items.add(new Line(r.value1(), r.value2(), r.value3())));
        String number = db.select(SERVICE_REQUEST.REGISTRATION_NUMBER).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(e.getRequestId())).fetchSingle().value1();
        return new Edit(id, e.getRequestId(), number, e.getStatus(), e.getProposedByName(), e.getNote(), items,
                lines(List.of(e.getRequestId())).getOrDefault(e.getRequestId(), List.of()), e.getCreatedAt(),
                e.getDecidedByName(), e.getDecisionReason());
    }

    private Map<Long, List<Line>> lines(List<Long> requestIds) {
        Map<Long, List<Line>> out = new HashMap<>();
        db.select(SERVICE_REQUEST_ITEM.REQUEST_ID, SERVICE_TYPE.CODE, SERVICE_TYPE.NAME, SERVICE_REQUEST_ITEM.QUANTITY)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.in(requestIds)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .forEach(r -> out.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(new Line(r.value2(), r.value3(), r.value4())));
        return out;
    }

    private long technician(CurrentUser user) {
        if (!user.is(Role.TECHNICIAN) || user.technicianId() == null) {
            throw new NotFoundException("technician's day of user", user.username());
        }
        return user.technicianId();
    }

    /** The request is on one of the caller's routes, or "not found" (another technician's visit is not theirs to see). */
    private void ownStop(long requestId, CurrentUser user) {
        long technician = technician(user);
        boolean mine = db.fetchExists(db.selectOne().from(ROUTE_STOP).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP.ROUTE_ID))
                .where(ROUTE_STOP.REQUEST_ID.eq(requestId), ROUTE.TECHNICIAN_ID.eq(technician)))
                // or the caller is another technician of the team the work needs (any of them may start or finish it)
                || db.fetchExists(db.selectOne().from(ROUTE_STOP_MEMBER).join(ROUTE).on(ROUTE.ID.eq(ROUTE_STOP_MEMBER.ROUTE_ID))
                        .where(ROUTE_STOP_MEMBER.REQUEST_ID.eq(requestId), ROUTE.TECHNICIAN_ID.eq(technician)));
        if (!mine) {
            throw new NotFoundException("visit", requestId);
        }
    }
}
