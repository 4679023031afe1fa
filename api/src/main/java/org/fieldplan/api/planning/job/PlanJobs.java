package org.fieldplan.api.planning.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.job.PlanJobMessages.Job;
import org.fieldplan.api.planning.job.PlanJobMessages.NewJob;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Planning jobs as the API offers them: start, stop, resume, publish, read, follow. The parts: the job's row
 * ({@link PlanJobStore}), the solver ({@link PlanJobRunner}), progress events ({@link PlanJobEvents}) and publishing
 * ({@link PlanPublisher}, with the {@link PublishMerge} rule).
 * <p>
 * Re-planning changes as little as possible by starting from what is there: a new job loads the current routes as
 * its starting point (with started, done and pinned stops fixed), and the search only moves what improves the plan.
 */
@Service
public class PlanJobs {

    static final int STALE_SECONDS = PlanJobStore.STALE_SECONDS;
    static final int MAX_SECONDS = 3600;

    private final PlanJobStore store;
    private final PlanJobRunner runner;
    private final PlanJobQueue queue;
    private final PlanJobEvents events;
    private final PlanPublisher publisher;
    private final PlanningProblems problems;
    private final ZoneScope zoneScope;

    PlanJobs(PlanJobStore store, PlanJobRunner runner, PlanJobQueue queue, PlanJobEvents events, PlanPublisher publisher,
            PlanningProblems problems, ZoneScope zoneScope) {
        this.queue = queue;
        this.zoneScope = zoneScope;
        this.store = store;
        this.runner = runner;
        this.events = events;
        this.publisher = publisher;
        this.problems = problems;
    }

    public Job start(NewJob in, CurrentUser user) {
        List<FieldProblem> problemsFound = new ArrayList<>();
        if (in.from() == null) {
            problemsFound.add(new FieldProblem("from", null, "is required: the first day to plan, e.g. 2026-06-02"));
        }
        if (in.to() == null) {
            problemsFound.add(new FieldProblem("to", null, "is required: the last day to plan (the same day for one day)"));
        }
        int seconds = in.seconds() == null ? 30 : in.seconds();
        if (seconds < 1 || seconds > MAX_SECONDS) {
            problemsFound.add(new FieldProblem("seconds", in.seconds(), "must be between 1 and " + MAX_SECONDS));
        }
        // the caller's zones (403 for another's zone or a dispatcher with none); all zones only for administrators
        Set<Long> zones = zoneScope.planningZones(user, in.zoneIds() == null ? List.of()
                : in.zoneIds().stream().filter(java.util.Objects::nonNull).toList());
        if (!problemsFound.isEmpty()) {
            throw new InvalidInputException(problemsFound);
        }
        PlanScope scope = new PlanScope(in.from(), in.to(), zones);
        problems.check(scope); // bad range or unknown zones: 400 before anything is stored
        long id = store.insert(scope, seconds, user, runner.instance());
        queue.enqueue(id); // the first instance with a free solver slot takes it
        return get(id, user, false);
    }

    /** Asks the job to stop (wherever it runs); it keeps its best plan. */
    public Job stop(long id, CurrentUser user) {
        PlanJobRecord job = store.visible(id, user);
        if (!job.getStatus().isRunning()) {
            throw new ConflictException("Job " + id + " is " + job.getStatus().code() + "; only a queued or solving job can be stopped.");
        }
        store.requestStop(id);
        if (job.getStatus() == PlanJobStatus.QUEUED && queue.cancelIfWaiting(id)) {
            store.markStoppedWaiting(id); // no instance had begun it
        }
        runner.stop(id);
        return get(id, user, false);
    }

    /** Solves an interrupted, stopped, finished or failed job again, starting from its best plan. */
    public Job resume(long id, @Nullable Integer seconds, CurrentUser user) {
        PlanJobRecord job = store.visible(id, user);
        if (!PlanJobStatus.RESUMABLE.contains(job.getStatus())) {
            throw new ConflictException("Job " + id + " is " + job.getStatus().code() + "; only an interrupted, stopped, finished "
                    + "or failed job can be resumed.");
        }
        int limit = seconds == null ? job.getSeconds() : seconds;
        if (limit < 1 || limit > MAX_SECONDS) {
            throw new InvalidInputException("seconds", seconds, "must be between 1 and " + MAX_SECONDS);
        }
        store.requeue(id, limit, runner.instance());
        queue.enqueue(id); // solved again from its stored best plan by the first instance with a free slot
        return get(id, user, false);
    }

    /** Makes the job's best plan the published routes (one transaction); see {@link PlanPublisher}. */
    public Job publish(long id, CurrentUser user) {
        store.visible(id, user);
        publisher.publish(id, user);
        events.tell(id, true);
        return get(id, user, false);
    }

    public List<Job> list(CurrentUser user) {
        return PlanJobStore.views(store.recent().stream().filter(r -> store.mayView(r, user)).toList());
    }

    public Job get(long id, CurrentUser user, boolean withPlan) {
        return PlanJobStore.view(store.visible(id, user), withPlan);
    }

    /** Server-sent events: the job's progress now and on each stored improvement, then its final status. */
    public SseEmitter events(long id, CurrentUser user) {
        PlanJobRecord job = store.visible(id, user);
        return events.follow(job, runner.runsHere(id));
    }

    /** Jobs of silent instances are interrupted (see {@link PlanJobRunner}). */
    int interruptSilentJobs() {
        return runner.interruptSilentJobs();
    }

    /** For tests: whether this instance runs the job now. */
    boolean runsHere(long id) {
        return runner.runsHere(id);
    }
}
