package org.fieldplan.api.planning.job;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.LocalDateTime;
import java.util.EnumSet;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.planning.route.DayLock;
import org.fieldplan.api.planning.route.RouteStatus;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes a job's best plan, in one transaction under the locks of its days (the locks bookings, board moves and
 * every other route writer take, in ascending order): the problem is loaded again as it is now, the plan merged into
 * it by the {@link PublishMerge} rule (changes made since the job loaded are kept, or the publish is refused with 409
 * naming them), the routes written published through the route editor, emptied routes of absent technicians
 * deleted, and each routed request scheduled with its technician and a promised window through the request feature
 * (an existing window is kept; otherwise a window of {@value #WINDOW_MINUTES} minutes containing the planned start).
 */
@Component
class PlanPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PlanPublisher.class);
    static final int WINDOW_MINUTES = 120;
    private static final Set<RequestStatus> SCHEDULABLE = EnumSet.of(RequestStatus.AGREED, RequestStatus.SCHEDULED);

    private final DSLContext db;
    private final PlanJobStore store;
    private final PlanningProblems problems;
    private final DayLock locks;
    private final RouteWriter routes;
    private final RequestWriter requests;
    private final TransactionTemplate transaction;
    private final FieldPlanProperties fieldPlan;

    PlanPublisher(DSLContext db, PlanJobStore store, PlanningProblems problems, DayLock locks, RouteWriter routes,
            RequestWriter requests, TransactionTemplate transaction, FieldPlanProperties fieldPlan) {
        this.db = db;
        this.store = store;
        this.problems = problems;
        this.locks = locks;
        this.routes = routes;
        this.requests = requests;
        this.transaction = transaction;
        this.fieldPlan = fieldPlan;
    }

    /** @return what the merge kept from changes made after the job loaded (empty when nothing changed) */
    List<PublishMerge.Kept> publish(long id, CurrentUser user) {
        return transaction.execute(tx -> {
            PlanJobRecord job = store.lock(id);
            if (!PlanJobStatus.PUBLISHABLE.contains(job.getStatus()) || job.getBestPlan() == null) {
                throw new ConflictException("Job " + id + " is " + job.getStatus().code() + (job.getBestPlan() == null
                        ? " without a plan" : "") + "; publish a finished, stopped or interrupted job that has a plan.");
            }
            Plan plan = PlanJobStore.bestPlan(job);
            locks.lock(job.getFromDay(), job.getToDay());
            LoadedPlan loaded = problems.load(PlanJobStore.scope(job));
            PublishMerge.Result merged = PublishMerge.merge(loaded, plan, PlanJobStore.loadedRoutes(job));
            if (!merged.added().isEmpty()) {
                List<String> added = merged.added();
                throw new ConflictException(added.size() + " service request(s) came into these days since job " + id
                        + " loaded its problem (" + String.join("; ", added.subList(0, Math.min(5, added.size())))
                        + (added.size() > 5 ? "; ..." : "") + "); resume the job so that the plan includes them, then publish.",
                        Map.of("added", added));
            }
            if (!merged.publishable()) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("changed", merged.kept().stream().map(k -> k.label() + " " + k.where()).toList());
                details.put("lost", merged.lost());
                details.put("violations", merged.violations());
                throw new ConflictException("The routes of job " + id + "'s days changed since it loaded its problem ("
                        + String.join("; ", merged.kept().stream().map(k -> k.label() + " " + k.where()).limit(5).toList())
                        + ") and its plan cannot keep those changes: "
                        + String.join("; ", merged.lost().isEmpty() ? merged.violations()
                                : merged.lost().stream().map(l -> l + " would be dropped").toList())
                        + ". Resume the job so that it plans around them, then publish.", details);
            }
            routes.save(loaded, loaded.plan(), RouteStatus.PUBLISHED, id);
            routes.deleteEmptyRoutesOfAbsent(job.getFromDay(), job.getToDay());
            String note = "Planned by planning job " + id + ".";
            for (Shift shift : loaded.plan().getShifts()) {
                long technician = loaded.technicianId(shift);
                for (Visit v : shift.getVisits()) {
                    if (loaded.isRequest(v) && v.getTiming() != null) {
                        schedule(loaded, loaded.requestId(v), technician, v.getTiming().start(), note, user);
                    }
                }
            }
            store.markPublished(id);
            if (!merged.kept().isEmpty()) {
                LOG.info("published job {} keeping {} change(s) made since it loaded: {}", id, merged.kept().size(), merged.kept());
            }
            return merged.kept();
        });
    }

    private void schedule(LoadedPlan loaded, long requestId, long technician, long start, String note, CurrentUser actor) {
        var r = db.select(SERVICE_REQUEST.STATUS, SERVICE_REQUEST.WINDOW_START).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(requestId)).fetchSingle();
        if (!SCHEDULABLE.contains(RequestStatus.fromCode(r.value1()))) {
            return;
        }
        LocalDateTime at = loaded.plan().getOrigin().plusSeconds(start);
        LocalDateTime day = at.toLocalDate().atStartOfDay();
        long minutes = ChronoUnit.MINUTES.between(day, at);
        LocalDateTime from = day.plusMinutes(minutes / WINDOW_MINUTES * WINDOW_MINUTES);
        RequestWriter.PromisedWindow window = r.value2() != null ? null
                : new RequestWriter.PromisedWindow(from.atZone(fieldPlan.timeZone()).toOffsetDateTime(),
                        from.plusMinutes(WINDOW_MINUTES).atZone(fieldPlan.timeZone()).toOffsetDateTime());
        requests.schedule(requestId, technician, window, note, actor);
    }
}
