package org.fieldplan.api.planning.route;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.engine.domain.Shift;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives a route new times after a stop was taken off it (a cancellation): the stops that follow move earlier where
 * their windows allow, as the engine's clock times them, in the same order. The route is rewritten only when the day's
 * problem holds exactly the stops stored on it, so a stop the planner cannot see (an address off the road network)
 * is never dropped; otherwise the route keeps its earlier, still feasible times.
 */
@Component
public class RouteRetiming {

    private final PlanningProblems problems;
    private final RouteWriter routes;

    RouteRetiming(PlanningProblems problems, RouteWriter routes) {
        this.problems = problems;
        this.routes = routes;
    }

    /**
     * Re-times the route of {@code technicianId} on {@code day} from its stops as they are stored now.
     *
     * @return whether the route was rewritten
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean retime(long technicianId, LocalDate day) {
        List<Long> stored = routes.stopsOf(technicianId, day);
        if (stored.isEmpty()) {
            return false;
        }
        LoadedPlan loaded = problems.load(new PlanScope(day, day, Set.of()));
        Shift shift = loaded.plan().getShifts().stream().filter(s -> loaded.technicianId(s) == technicianId).findFirst()
                .orElse(null);
        if (shift == null) {
            return false; // absent, or no working interval that day: nothing to time the stops by
        }
        List<Long> loadedStops = shift.getVisits().stream().filter(loaded::isRequest).map(loaded::requestId).toList();
        if (!loadedStops.equals(stored)) {
            return false;
        }
        routes.saveShifts(loaded, List.of(shift), null, null);
        return true;
    }
}
