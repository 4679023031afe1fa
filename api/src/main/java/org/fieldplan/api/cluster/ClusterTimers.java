package org.fieldplan.api.cluster;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The once-per-cluster timers: every {@link ClusterTimer} bean becomes a db-scheduler recurring task in
 * {@code scheduled_tasks}. Whichever instance picks a due run executes it (the row is locked with
 * {@code FOR UPDATE SKIP LOCKED}); a run whose instance died is revived by another after the dead-execution time.
 * Nothing runs when {@code fieldplan.cluster.timers=false}.
 */
@Component
public class ClusterTimers implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTimers.class);

    private final DataSource dataSource;
    private final ClusterProperties properties;
    private final InstanceName instance;
    private final List<ClusterTimer> timers;
    private @Nullable Scheduler scheduler;

    ClusterTimers(DataSource dataSource, ClusterProperties properties, InstanceName instance, List<ClusterTimer> timers) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.instance = instance;
        this.timers = timers;
    }

    /** A db-scheduler over {@code table} with this cluster's heartbeat, polling and dead-execution settings. */
    public static com.github.kagkarlsson.scheduler.SchedulerBuilder builder(DataSource dataSource, String table,
            List<Task<?>> tasks, ClusterProperties properties, InstanceName instance, int threads) {
        return Scheduler.create(dataSource, tasks)
                .tableName(table)
                .schedulerName(new SchedulerName.Fixed(instance.value()))
                .threads(threads)
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeat())
                .missedHeartbeatsLimit(properties.missedHeartbeats())
                // claim only as many executions as there are free threads: what waits stays free for other instances
                .pollUsingLockAndFetch(0.5, 1.0)
                .shutdownMaxWait(Duration.ofSeconds(10));
    }

    @Override
    public synchronized void start() {
        if (!properties.timers() || timers.isEmpty() || scheduler != null) {
            return;
        }
        List<RecurringTask<Void>> recurring = new ArrayList<>();
        for (ClusterTimer timer : timers) {
            RecurringTask<Void> task = Tasks.recurring(timer.name(), FixedDelay.of(timer.every()))
                    .execute((inst, ctx) -> {
                        try {
                            timer.work().run();
                        } catch (RuntimeException e) {
                            LOG.warn("cluster timer {} failed: {}", timer.name(), e.toString(), e);
                        }
                    });
            recurring.add(task);
        }
        Scheduler s = builder(dataSource, "scheduled_tasks", List.of(), properties, instance, 2)
                .startTasks(recurring)
                .build();
        s.start();
        scheduler = s;
        LOG.info("cluster timers started on {}: {}", instance, timers.stream().map(t -> t.name() + " every " + t.every()).toList());
    }

    @Override
    public synchronized void stop() {
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.stop();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
