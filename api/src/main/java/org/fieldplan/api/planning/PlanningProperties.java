package org.fieldplan.api.planning;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.LocalTime;
import org.fieldplan.engine.partition.PartitionSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How shifts are made from schedules ({@code fieldplan.planning.*}).
 *
 * @param lunchMinutes          length of the floating lunch break (0 = none)
 * @param lunchEarliest         the lunch starts at this time at the earliest
 * @param lunchLatestEnd        and ends by this time
 * @param lunchAfterMinutes     only shifts longer than this get a lunch break
 * @param overtimeMinutes       a route may end this long after the last working interval (soft overtime)
 * @param solverSlots           planning jobs this instance solves at once (each takes a core for its search); more
 *                              jobs wait in the cluster's queue for a free slot on any instance (docs/cluster.md)
 * @param partitionAbove        a job whose scope has more visits than this is solved in parts (the engine's
 *                              PartitionedSolver: parts solved at the same time, then pairs of neighbouring parts;
 *                              docs/planning.md "Big jobs"); at most this many: one Timefold solve of the whole scope
 * @param maxVisitsPerPart      a part of such a job holds about this many visits at most
 */
@ConfigurationProperties("fieldplan.planning")
@Validated
public record PlanningProperties(
        @DefaultValue("30") @Min(0) int lunchMinutes,
        @DefaultValue("12:00") @NotNull LocalTime lunchEarliest,
        @DefaultValue("14:30") @NotNull LocalTime lunchLatestEnd,
        @DefaultValue("360") @Min(0) int lunchAfterMinutes,
        @DefaultValue("0") @Min(0) int overtimeMinutes,
        @DefaultValue("1") @Min(1) int solverSlots,
        @DefaultValue("1500") @Min(1) int partitionAbove,
        @DefaultValue("" + PartitionSettings.DEFAULT_MAX_VISITS_PER_PART) @Min(1) int maxVisitsPerPart) {}
