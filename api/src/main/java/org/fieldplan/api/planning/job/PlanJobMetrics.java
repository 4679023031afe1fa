package org.fieldplan.api.planning.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Planning jobs as an operator watches them (Prometheus names): {@code fieldplan_planning_solver_slots{state="busy"}}
 * and {@code {state="total"}} of this instance, {@code fieldplan_planning_jobs_queued} (jobs of the whole cluster
 * waiting for a free slot, read from the database at each scrape).
 */
@Component
class PlanJobMetrics {

    PlanJobMetrics(MeterRegistry registry, PlanJobRunner runner, PlanJobStore store) {
        Gauge.builder("fieldplan.planning.solver.slots", runner, PlanJobRunner::busySlots).tag("state", "busy")
                .description("solver slots of this instance").register(registry);
        Gauge.builder("fieldplan.planning.solver.slots", runner, PlanJobRunner::slots).tag("state", "total")
                .description("solver slots of this instance").register(registry);
        Gauge.builder("fieldplan.planning.jobs.queued", store, PlanJobStore::queued)
                .description("planning jobs waiting for a solver slot, cluster-wide").register(registry);
    }
}
