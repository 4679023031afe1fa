package org.fieldplan.api.planning.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceCurrentlyExecutingException;
import com.github.kagkarlsson.scheduler.exceptions.TaskInstanceNotFoundException;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.fieldplan.api.cluster.ClusterProperties;
import org.fieldplan.api.cluster.ClusterTimers;
import org.fieldplan.api.cluster.InstanceName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The cluster's queue of planning jobs: a db-scheduler over {@code plan_job_task} with as many threads as this
 * instance has solver slots. A queued job is one execution (task {@value #TASK}, instance = the job's id); an
 * instance claims it only when it has a free slot (lock-and-fetch, {@code FOR UPDATE SKIP LOCKED}), so exactly one
 * instance runs it, and beats into it while it runs. When that instance dies, the execution's heartbeat goes stale
 * and another instance revives it and resumes the job from its stored best plan ({@link PlanJobRunner#run}); an
 * instance that shuts down hands its jobs back first.
 */
@Component
class PlanJobQueue implements SmartLifecycle {

    static final String TASK = "plan-job";
    private static final Logger LOG = LoggerFactory.getLogger(PlanJobQueue.class);

    private final DataSource dataSource;
    private final ClusterProperties cluster;
    private final InstanceName instance;
    private final PlanJobRunner runner;
    private final CustomTask<Void> task;
    private final SchedulerClient client;
    private @Nullable Scheduler scheduler;

    PlanJobQueue(DataSource dataSource, ClusterProperties cluster, InstanceName instance, PlanJobRunner runner) {
        this.dataSource = dataSource;
        this.cluster = cluster;
        this.instance = instance;
        this.runner = runner;
        this.task = Tasks.custom(TASK, Void.class)
                // a job whose instance died keeps its place in the queue (its first due time): it goes before the jobs
                // queued after it, instead of behind them as db-scheduler's stock revival (due now) would put it
                .onDeadExecution((complete, operations) -> {
                    LOG.info("planning job {}: its instance {} stopped beating; queued again in its place",
                            complete.getExecution().taskInstance.getId(), complete.getExecution().pickedBy);
                    operations.reschedule(complete, complete.getExecution().executionTime);
                })
                .onFailure((complete, operations) -> {
                    // a fault outside the solver (the solver's own failures end the job as failed): try again soon
                    LOG.warn("planning job {} could not run here; queued again", complete.getExecution().taskInstance.getId());
                    operations.reschedule(complete, Instant.now().plusSeconds(5));
                })
                .execute((taskInstance, context) -> {
                    long id = Long.parseLong(taskInstance.getId());
                    PlanJobRunner.Outcome outcome = runner.run(id);
                    if (outcome == PlanJobRunner.Outcome.HANDED_BACK) {
                        // back into the queue in its place, for the next instance with a free slot
                        return (complete, operations) -> operations.reschedule(complete, complete.getExecution().executionTime);
                    }
                    return new CompletionHandler.OnCompleteRemove<>();
                });
        // puts jobs into the queue (and takes waiting ones out); works whether or not this instance's scheduler runs
        this.client = SchedulerClient.Builder.create(dataSource, List.of(task)).tableName("plan_job_task").build();
    }

    /** Puts job {@code id} into the queue (due now); false when it is already there. */
    boolean enqueue(long id) {
        return client.scheduleIfNotExists(task.instance(String.valueOf(id)), Instant.now());
    }

    /** Takes job {@code id} out of the queue when no instance has begun it; false when one has (or it is not there). */
    boolean cancelIfWaiting(long id) {
        try {
            client.cancel(task.instance(String.valueOf(id)));
            return true;
        } catch (TaskInstanceCurrentlyExecutingException | TaskInstanceNotFoundException e) {
            return false;
        }
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        Scheduler s = ClusterTimers.builder(dataSource, "plan_job_task", List.of(task), cluster, instance, runner.slots())
                .build();
        s.start();
        scheduler = s;
        LOG.info("planning job queue started on {}: {} solver slot(s); a job of a dead instance is taken over within {}",
                instance, runner.slots(), cluster.takeOverBound());
    }

    @Override
    public synchronized void stop() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            // jobs solving here store their best plan and go back to the queue, then the scheduler stops
            runner.handBackAll(Duration.ofSeconds(8));
            s.stop();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
