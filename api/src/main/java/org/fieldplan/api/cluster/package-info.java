/**
 * Several identical service instances on one database (docs/cluster.md): this instance's name, the once-per-cluster
 * timers (db-scheduler's recurring tasks over {@code scheduled_tasks}) that features contribute as
 * {@link org.fieldplan.api.cluster.ClusterTimer} beans, and the settings both share with the planning job queue.
 */
@NullMarked
package org.fieldplan.api.cluster;

import org.jspecify.annotations.NullMarked;
