package org.fieldplan.api.cluster;

import java.time.Duration;

/**
 * Work that runs once across the cluster every {@code every} (after the previous run ended), on whichever instance
 * picks it: a feature declares it as a bean; {@link ClusterTimers} runs it as a db-scheduler recurring task.
 *
 * @param name  the task's name in {@code scheduled_tasks} (stable across versions)
 * @param every the delay between the end of one run and the start of the next
 * @param work  the work; an exception is logged and the next run comes as usual
 */
public record ClusterTimer(String name, Duration every, Runnable work) {}
