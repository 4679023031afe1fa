package org.fieldplan.api.planning.job;

import static org.fieldplan.api.persistence.jooq.Tables.PLAN_JOB;
import static org.fieldplan.api.persistence.jooq.Tables.PLAN_JOB_TASK;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.PlanJobRecord;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.job.PlanJobMessages.Job;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.planning.job.PlanJobMessages.ProgressEvent;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.engine.domain.FieldPlan;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of {@code plan_job}: a job's row from queued to published, its counters and best plan, who may
 * see it, and how it reads on the API. Every instance shares these rows (heartbeats, stop requests).
 */
@Component
class PlanJobStore {

    static final int STALE_SECONDS = 30;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext db;
    private final Clock clock;
    private final ZoneScope zoneScope;

    PlanJobStore(DSLContext db, Clock clock, ZoneScope zoneScope) {
        this.db = db;
        this.clock = clock;
        this.zoneScope = zoneScope;
    }

    long insert(PlanScope scope, int seconds, CurrentUser user, String instance) {
        return db.insertInto(PLAN_JOB)
                .set(PLAN_JOB.FROM_DAY, scope.from()).set(PLAN_JOB.TO_DAY, scope.to())
                .set(PLAN_JOB.ZONE_IDS, String.join(",", scope.zoneIds().stream().map(String::valueOf).toList()))
                .set(PLAN_JOB.SECONDS, seconds).set(PLAN_JOB.STATUS, PlanJobStatus.QUEUED)
                .set(PLAN_JOB.CREATED_BY, user.recordedUserId()).set(PLAN_JOB.CREATED_BY_NAME, user.username())
                .set(PLAN_JOB.CREATED_AT, OffsetDateTime.now(clock)).set(PLAN_JOB.OWNER, instance)
                .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .returningResult(PLAN_JOB.ID).fetchSingle().value1();
    }

    @Nullable PlanJobRecord find(long id) {
        return db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).fetchOne();
    }

    /** The job's row, locked until the end of the transaction. */
    PlanJobRecord lock(long id) {
        return db.selectFrom(PLAN_JOB).where(PLAN_JOB.ID.eq(id)).forUpdate().fetchSingle();
    }

    // ---- running ----------------------------------------------------------------------------------------------

    /** Beats into the jobs of {@code ids} that {@code instance} still owns; returns those. */
    Set<Long> beat(Collection<Long> ids, String instance) {
        return new HashSet<>(db.update(PLAN_JOB).set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .where(PLAN_JOB.ID.in(ids), PLAN_JOB.OWNER.eq(instance)).returningResult(PLAN_JOB.ID).fetch(PLAN_JOB.ID));
    }

    /** {@code instance} runs the job from now on (a line of the run log names each instance that ran it). */
    void claim(long id, String instance) {
        db.update(PLAN_JOB).set(PLAN_JOB.OWNER, instance).set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime())
                .set(PLAN_JOB.RUN_LOG, DSL.concat(DSL.coalesce(PLAN_JOB.RUN_LOG.concat(DSL.inline("\n")), DSL.inline("")),
                        DSL.val(instance + " " + OffsetDateTime.now(clock))))
                .where(PLAN_JOB.ID.eq(id)).execute();
    }

    /** A job stopped before any instance began it. */
    void markStoppedWaiting(long id) {
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.STOPPED).set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock))
                .where(PLAN_JOB.ID.eq(id), PLAN_JOB.STATUS.in(PlanJobStatus.RUNNING)).execute();
    }

    /** Jobs waiting in the queue for a solver slot (of any instance). */
    int queued() {
        return db.fetchCount(PLAN_JOB, PLAN_JOB.STATUS.eq(PlanJobStatus.QUEUED));
    }

    List<Long> stopRequested(Collection<Long> ids) {
        return db.select(PLAN_JOB.ID).from(PLAN_JOB).where(PLAN_JOB.ID.in(ids), PLAN_JOB.STOP_REQUESTED.isTrue()).fetch(PLAN_JOB.ID);
    }

    /**
     * Jobs left queued or solving by an instance that stopped beating, and that are in nobody's queue any more (the
     * queue revives a job of a dead instance for another one: such a job is not interrupted), are interrupted
     * (resumable).
     */
    int interruptSilentJobs(String instance) {
        return db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.INTERRUPTED)
                .set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock))
                .set(PLAN_JOB.ERROR, "the service instance running it stopped; resume it to go on from its best plan")
                .where(PLAN_JOB.STATUS.in(PlanJobStatus.RUNNING),
                        PLAN_JOB.OWNER.isNull().or(PLAN_JOB.OWNER.ne(instance)),
                        DSL.coalesce(PLAN_JOB.HEARTBEAT_AT, PLAN_JOB.CREATED_AT)
                                .lt(DSL.field("now() - interval '" + STALE_SECONDS + " seconds'", OffsetDateTime.class)),
                        DSL.notExists(DSL.selectOne().from(PLAN_JOB_TASK).where(PLAN_JOB_TASK.TASK_NAME.eq(PlanJobQueue.TASK),
                                PLAN_JOB_TASK.TASK_INSTANCE.eq(PLAN_JOB.ID.cast(String.class)))))
                .execute();
    }

    void requestStop(long id) {
        db.update(PLAN_JOB).set(PLAN_JOB.STOP_REQUESTED, true).where(PLAN_JOB.ID.eq(id)).execute();
    }

    void requeue(long id, int seconds, String instance) {
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.QUEUED).set(PLAN_JOB.OWNER, instance)
                .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime()).set(PLAN_JOB.STOP_REQUESTED, false)
                .set(PLAN_JOB.ERROR, (String) null).set(PLAN_JOB.ENDED_AT, (OffsetDateTime) null)
                .set(PLAN_JOB.ELAPSED_SECONDS, 0).set(PLAN_JOB.STAGE, (String) null).set(PLAN_JOB.STAGE_PARTS, (Integer) null)
                .set(PLAN_JOB.SECONDS, seconds).where(PLAN_JOB.ID.eq(id)).execute();
    }

    /**
     * A stage of the partitioned solve of a running job that {@code instance} owns ended: its name and the number of
     * parts are stored, so that an instance following the job from its row shows them too.
     */
    void saveStage(long id, String stage, int parts, String instance) {
        db.update(PLAN_JOB).set(PLAN_JOB.STAGE, stage.length() > 100 ? stage.substring(0, 100) : stage)
                .set(PLAN_JOB.STAGE_PARTS, parts)
                .where(PLAN_JOB.ID.eq(id), PLAN_JOB.STATUS.in(PlanJobStatus.RUNNING), PLAN_JOB.OWNER.eq(instance)).execute();
    }

    /** The problem is loaded: solving, with the data version and the routes it saw. */
    void markSolving(long id, long dataVersion, PublishMerge.Snapshot seen, String instance) {
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.SOLVING).set(PLAN_JOB.STARTED_AT, OffsetDateTime.now(clock))
                .set(PLAN_JOB.DATA_VERSION, dataVersion).set(PLAN_JOB.LOADED_ROUTES, JSON.writeValueAsString(seen))
                .set(PLAN_JOB.STAGE, (String) null).set(PLAN_JOB.STAGE_PARTS, (Integer) null)
                .where(PLAN_JOB.ID.eq(id), PLAN_JOB.OWNER.eq(instance), PLAN_JOB.STATUS.in(PlanJobStatus.RUNNING)).execute();
    }

    void markFailed(long id, String error, String instance) {
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.FAILED).set(PLAN_JOB.ENDED_AT, OffsetDateTime.now(clock))
                .set(PLAN_JOB.ERROR, error.length() > 1900 ? error.substring(0, 1900) + "..." : error)
                .where(PLAN_JOB.ID.eq(id), PLAN_JOB.OWNER.eq(instance)).execute();
    }

    /**
     * Stores the best plan so far (and, when {@code end} is given, the final status; queued = handed back to the
     * queue) of a running job that {@code instance} owns; returns the rows written (0: not, or no longer, ours).
     */
    int saveBest(long id, FieldPlan best, Plan plan, int elapsedSeconds, @Nullable PlanJobStatus end, String instance) {
        var update = db.update(PLAN_JOB)
                .set(PLAN_JOB.SCORE, String.valueOf(best.getScore()))
                .set(PLAN_JOB.ASSIGNED, best.assignedCount()).set(PLAN_JOB.UNASSIGNED, best.unassignedCount())
                .set(PLAN_JOB.TRAVEL_SECONDS, (int) best.travelSeconds())
                .set(PLAN_JOB.DISTANCE_METRES, (int) Math.min(Integer.MAX_VALUE, best.travelMetres()))
                .set(PLAN_JOB.ELAPSED_SECONDS, elapsedSeconds)
                .set(PLAN_JOB.BEST_PLAN, JSON.writeValueAsString(plan))
                .set(PLAN_JOB.HEARTBEAT_AT, DSL.currentOffsetDateTime());
        if (end != null) {
            update = update.set(PLAN_JOB.STATUS, end)
                    .set(PLAN_JOB.ENDED_AT, end == PlanJobStatus.QUEUED ? null : OffsetDateTime.now(clock));
        }
        return update.where(PLAN_JOB.ID.eq(id), PLAN_JOB.STATUS.in(PlanJobStatus.RUNNING), PLAN_JOB.OWNER.eq(instance)).execute();
    }

    void markPublished(long id) {
        db.update(PLAN_JOB).set(PLAN_JOB.STATUS, PlanJobStatus.PUBLISHED).set(PLAN_JOB.PUBLISHED_AT, OffsetDateTime.now(clock))
                .where(PLAN_JOB.ID.eq(id)).execute();
    }

    long dataVersion() {
        org.jooq.Record v = db.fetchOne("SELECT version FROM plan_data_counter");
        return v == null ? 0 : v.get(0, Long.class);
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    static @Nullable Plan bestPlan(PlanJobRecord r) {
        return r.getBestPlan() == null ? null : JSON.readValue(r.getBestPlan(), Plan.class);
    }

    static PublishMerge.Snapshot loadedRoutes(PlanJobRecord r) {
        return r.getLoadedRoutes() == null ? PublishMerge.Snapshot.NONE
                : JSON.readValue(r.getLoadedRoutes(), PublishMerge.Snapshot.class);
    }

    List<PlanJobRecord> recent() {
        return db.selectFrom(PLAN_JOB).orderBy(PLAN_JOB.ID.desc()).limit(200).fetch();
    }

    PlanJobRecord visible(long id, CurrentUser user) {
        PlanJobRecord r = find(id);
        if (r == null || !mayView(r, user)) {
            throw new NotFoundException("planning job", id);
        }
        return r;
    }

    /** A job is the business of whoever may act in all its zones; a job over all zones is the administrators'. */
    boolean mayView(PlanJobRecord r, CurrentUser user) {
        return zoneScope.coversAll(user, zoneIds(r));
    }

    static List<Long> zoneIds(PlanJobRecord r) {
        if (r.getZoneIds() == null || r.getZoneIds().isBlank()) {
            return List.of();
        }
        return Arrays.stream(r.getZoneIds().split(",")).map(Long::parseLong).toList();
    }

    static PlanScope scope(PlanJobRecord r) {
        return new PlanScope(r.getFromDay(), r.getToDay(), new HashSet<>(zoneIds(r)));
    }

    /** The job's progress as its row says; the stage of a job solved in parts only while it is solving. */
    static ProgressEvent event(PlanJobRecord r) {
        ProgressEvent event = new ProgressEvent(r.getId(), r.getStatus(), r.getScore(), r.getAssigned(),
                r.getUnassigned(), r.getTravelSeconds(), r.getElapsedSeconds());
        return r.getStage() != null && r.getStatus() == PlanJobStatus.SOLVING
                ? event.withStage(r.getStage(), r.getStageParts()) : event;
    }

    static Job view(PlanJobRecord r, boolean withPlan) {
        Plan plan = withPlan ? bestPlan(r) : null;
        return new Job(r.getId(), r.getFromDay(), r.getToDay(), zoneIds(r), r.getSeconds(), r.getStatus(),
                r.getCreatedByName(), r.getCreatedAt().toInstant(), instant(r.getStartedAt()), instant(r.getEndedAt()),
                r.getScore(), r.getAssigned(), r.getUnassigned(), r.getTravelSeconds(), r.getDistanceMetres(),
                r.getElapsedSeconds(), r.getError(), instant(r.getPublishedAt()), plan);
    }

    private static @Nullable Instant instant(@Nullable OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    static List<Job> views(List<PlanJobRecord> rows) {
        List<Job> out = new ArrayList<>();
        rows.forEach(r -> out.add(view(r, false)));
        return out;
    }
}
