package org.fieldplan.api;

import java.time.LocalDate;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.api.planning.route.RouteStatus;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionTemplate;

/** Test fixtures on the Malta demo company: its requests agreed, and days planned by the engine and published. */
public final class PlannedDemo {

    private PlannedDemo() {}

    /** The office agrees every new or quoted request inside a zone (the lifecycle itself is tested elsewhere). */
    public static void agreeAll(DSLContext db) {
        db.execute("UPDATE service_request SET status = 'agreed' WHERE status IN ('new', 'quoted') AND zone_id IS NOT NULL");
    }

    /** Plans {@code day} (every zone) for {@code seconds} and stores the routes as published. */
    public static FieldPlan publishDay(PlanningProblems problems, RouteWriter store, TransactionTemplate transaction,
            LocalDate day, int seconds) {
        LoadedPlan loaded = problems.load(PlanScope.day(day));
        FieldPlan solved = new PlanSolver().solve(loaded.plan(), SolverSettings.ofSeconds(seconds), ProgressListener.NONE);
        transaction.executeWithoutResult(s -> store.save(loaded, solved, RouteStatus.PUBLISHED, null));
        return solved;
    }
}
