package org.fieldplan.api.planning.job;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.planning.job.PlanJobMessages.NewAbsence;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import java.util.function.LongPredicate;
import org.fieldplan.api.planning.route.RouteWriter;
import org.jooq.DSLContext;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.fieldplan.api.planning.replan.ReplanProposals;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A technician off on a day (staff): {@code PUT /api/absences/{technicianId}/{day}}. The planner makes no shift for
 * them that day and their stops become plannable again; a re-plan of that day (a planning job) places them.
 */
@RestController
@RequestMapping("/api/absences")
class AbsenceController {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AbsenceController.class);

    private final DSLContext db;
    private final RouteWriter routes;
    private final Clock clock;
    private final ZoneScope scope;
    private final ReplanProposals proposals;
    private final TransactionTemplate transaction;

    AbsenceController(DSLContext db, RouteWriter routes, Clock clock, ZoneScope scope, ReplanProposals proposals,
            TransactionTemplate transaction) {
        this.scope = scope;
        this.proposals = proposals;
        this.transaction = transaction;
        this.db = db;
        this.routes = routes;
        this.clock = clock;
    }

    @Operation(summary = "Mark a technician absent on a day")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians of their zones.")
    @PutMapping("/{technicianId}/{day}")
    ResponseEntity<AbsenceAnswer> put(@PathVariable long technicianId,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day, @RequestBody NewAbsence body) {
        List<FieldProblem> problems = new ArrayList<>();
        String reason = body.reason() == null ? "" : body.reason().strip();
        if (reason.isEmpty() || reason.length() > 500) {
            problems.add(new FieldProblem("reason", body.reason(), "say why in at most 500 characters, e.g. \"sick\""));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        CurrentUser user = CurrentUser.fromContext();
        scope.requireTechnician(user, technicianId); // 404 for a technician outside the caller's zones
        ReplanProposals.Published before = transaction.execute(tx -> {
        ReplanProposals.Published stops = proposals.capture(day, technicianId);
        db.insertInto(TECHNICIAN_ABSENCE).set(TECHNICIAN_ABSENCE.TECHNICIAN_ID, technicianId).set(TECHNICIAN_ABSENCE.DAY, day)
                .set(TECHNICIAN_ABSENCE.REASON, reason).set(TECHNICIAN_ABSENCE.CREATED_AT, OffsetDateTime.now(clock))
                .set(TECHNICIAN_ABSENCE.CREATED_BY, user.recordedUserId())
                .onConflict(TECHNICIAN_ABSENCE.TECHNICIAN_ID, TECHNICIAN_ABSENCE.DAY).doUpdate()
                .set(TECHNICIAN_ABSENCE.REASON, reason).execute();
        // the stops of the caller's zones come off the route (under the day's lock) and are planned again; other
        // zones' stops stay for their dispatchers; started or finished ones stay
        routes.removeStops(technicianId, day, mayTouch(user));
        return stops;
        });
        // the minimal-change replan of the day, proposed to the dispatcher (solved after the absence committed)
        Long proposal = null;
        try {
            proposal = before == null ? null : proposals.propose(before, user).orElse(null);
        } catch (RuntimeException e) { // the absence stands; the day is planned again by a planning job instead
            LOG.warn("no replan proposal for the absence of technician {} on {}", technicianId, day, e);
        }
        return ResponseEntity.ok(new AbsenceAnswer(day, reason, proposal));
    }

    /**
     * The absence recorded; {@code proposalId}: the replan proposal made for it (GET /api/replan/proposals/{id}), or
     * null when the technician had nothing that could move that day.
     */
    record AbsenceAnswer(LocalDate day, String reason, @org.jspecify.annotations.Nullable Long proposalId) {}

    /** The zones whose stops the caller may take off a route: {@link ZoneScope}'s zones of the caller. */
    private LongPredicate mayTouch(CurrentUser user) {
        ZoneScope.Zones zones = scope.zones(user);
        return zones::covers;
    }

    @Operation(summary = "Remove an absence")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: technicians of their zones.")
    @DeleteMapping("/{technicianId}/{day}")
    ResponseEntity<Void> delete(@PathVariable long technicianId,
            @PathVariable @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
        scope.requireTechnician(CurrentUser.fromContext(), technicianId);
        if (db.deleteFrom(TECHNICIAN_ABSENCE).where(TECHNICIAN_ABSENCE.TECHNICIAN_ID.eq(technicianId),
                TECHNICIAN_ABSENCE.DAY.eq(day)).execute() == 0) {
            throw new NotFoundException("absence", technicianId + "/" + day);
        }
        return ResponseEntity.noContent().build();
    }
}
