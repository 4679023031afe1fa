package org.fieldplan.api.planning.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.edit.RouteEditor;
import org.fieldplan.engine.edit.RouteRules;
import org.fieldplan.engine.solver.PlanSolver;
import org.jspecify.annotations.Nullable;

/**
 * The publish-merge rule, as a pure function of three things: the routes a job saw when it loaded its problem
 * ({@link Snapshot}), its best plan, and the problem loaded again at publish time (whose shifts carry the routes
 * as they are now). No database: the {@link PlanPublisher} loads and stores around it.
 * <ol>
 * <li>A route has <em>changed</em> when its version differs from the one the job saw (a booking, a board move or
 * pin, field work, an absence). On a changed route, a stop is <em>newer</em> when the job saw it elsewhere or
 * after another stop (it was booked or moved there). A stop on any route that the job's plan does not know at all
 * is newer too.</li>
 * <li>The job's plan is put into the problem (pinned, started and done stops stay first), then each newer stop is
 * taken out of where the plan put it and inserted into its current technician's route right after the stop it
 * follows now (first after the pins when it is first now), through the engine's {@link RouteEditor}, re-timed.</li>
 * <li>A stop that is on a route now and that the merged plan leaves out is put back into its technician's route at
 * the cheapest place that breaks no hard rule. If there is none and the job saw it there, the job's decision to
 * leave it out stands (it fits nowhere); if it came there after the job loaded it is <em>lost</em>.</li>
 * <li>The routes the merge touched are checked against the hard rules ({@link RouteRules}). Lost stops or broken
 * rules refuse the publish (409, naming the changes); so do requests that came into the days without a route
 * since the job loaded ({@link Result#added()}: resume the job to plan them).</li>
 * </ol>
 */
public final class PublishMerge {

    private PublishMerge() {
    }

    /** One route as a job saw it: its version (null: none then) and its requests in order. */
    public record SeenRoute(long technicianId, LocalDate day, @Nullable Integer version, List<Long> requestIds) {}

    /** Every route of a job's days as it saw them when it loaded its problem. */
    public record Snapshot(List<SeenRoute> routes) {
        public static final Snapshot NONE = new Snapshot(List.of());
    }

    /** A stop kept from a change made after the job loaded. */
    public record Kept(long requestId, String label, String where) {}

    /**
     * @param kept       newer stops re-inserted into the plan
     * @param added      requests with no route that came into the days since the job loaded (labels)
     * @param lost       stops on a route now that the merged plan cannot place (labels)
     * @param violations hard rules broken by the merge, in words
     */
    public record Result(List<Kept> kept, List<String> added, List<String> lost, List<String> violations) {
        public boolean publishable() {
            return added.isEmpty() && lost.isEmpty() && violations.isEmpty();
        }
    }

    /** The routes of {@code loaded} as loaded: the versions read and each shift's initial stops. */
    public static Snapshot snapshot(LoadedPlan loaded) {
        Map<ShiftKey, List<Long>> stops = new HashMap<>();
        for (Shift shift : loaded.plan().getShifts()) {
            stops.put(loaded.shiftKey(shift), shift.getVisits().stream().filter(loaded::isRequest).map(loaded::requestId).toList());
        }
        Set<ShiftKey> keys = new LinkedHashSet<>(stops.keySet());
        keys.addAll(loaded.routeVersions().keySet());
        List<SeenRoute> out = new ArrayList<>();
        for (ShiftKey k : keys) {
            out.add(new SeenRoute(k.technicianId(), k.day(), loaded.routeVersion(k), stops.getOrDefault(k, List.of())));
        }
        return new Snapshot(out);
    }

    private record Placement(ShiftKey route, @Nullable Long after) {}

    /**
     * Puts {@code plan} into {@code loaded}'s problem (changing its shifts) with the changes made since
     * {@code seen} kept, as described in the class comment.
     */
    public static Result merge(LoadedPlan loaded, Plan plan, Snapshot seen) {
        // where each request is now, and where the job saw it
        Map<Long, Placement> now = new HashMap<>();
        Map<ShiftKey, Shift> shiftByKey = new HashMap<>();
        for (Shift shift : loaded.plan().getShifts()) {
            ShiftKey key = loaded.shiftKey(shift);
            shiftByKey.put(key, shift);
            Long previous = null;
            for (Visit v : shift.getVisits()) {
                if (loaded.isRequest(v)) {
                    now.put(loaded.requestId(v), new Placement(key, previous));
                    previous = loaded.requestId(v);
                }
            }
        }
        Map<Long, Placement> then = new HashMap<>();
        Map<ShiftKey, @Nullable Integer> seenVersions = new HashMap<>();
        for (SeenRoute r : seen.routes()) {
            ShiftKey key = new ShiftKey(r.technicianId(), r.day());
            seenVersions.put(key, r.version());
            Long previous = null;
            for (long id : r.requestIds()) {
                then.put(id, new Placement(key, previous));
                previous = id;
            }
        }
        Set<Long> known = new HashSet<>();
        plan.routes().forEach(r -> r.stops().forEach(s -> known.add(s.requestId())));
        plan.unassigned().forEach(u -> known.add(u.requestId()));

        // newer stops, in route order; requests that came in without a route
        List<Long> newer = new ArrayList<>();
        for (Shift shift : loaded.plan().getShifts()) {
            ShiftKey key = loaded.shiftKey(shift);
            boolean changed = !Objects.equals(loaded.routeVersion(key), seenVersions.get(key));
            for (Visit v : shift.getVisits()) {
                if (!loaded.isRequest(v)) {
                    continue;
                }
                long id = loaded.requestId(v);
                if (!known.contains(id) || (changed && !Objects.equals(then.get(id), now.get(id)))) {
                    newer.add(id);
                }
            }
        }
        List<String> added = new ArrayList<>();
        for (Visit v : loaded.plan().getVisits()) {
            if (loaded.isRequest(v) && !known.contains(loaded.requestId(v)) && !now.containsKey(loaded.requestId(v))
                    && !v.isPinned()) {
                added.add(v.getLabel());
            }
        }

        StoredPlans.apply(loaded, plan);
        PlanSolver.score(loaded.plan());

        Set<Shift> touched = new LinkedHashSet<>();
        List<Kept> kept = new ArrayList<>();
        for (long id : newer) {
            Visit v = loaded.visitOf(id);
            Placement at = now.get(id);
            Shift target = shiftByKey.get(at.route());
            if (v.isPinned() && v.getShift() == target) {
                continue; // a pinned, started or done stop: already where it is now
            }
            if (v.getShift() != null) {
                touched.add(v.getShift());
                RouteEditor.remove(v);
            }
            int position = target.getPinnedVisitCount();
            String where = "first on " + target.getTechnician().name() + "'s route of " + at.route().day();
            if (at.after() != null) {
                Visit before = loaded.visitOf(at.after());
                int index = target.getVisits().indexOf(before);
                position = index >= 0 ? index + 1 : target.getVisits().size();
                where = "on " + target.getTechnician().name() + "'s route of " + at.route().day() + " after " + before.getLabel();
            }
            RouteEditor.insert(target, v, position);
            touched.add(target);
            kept.add(new Kept(id, v.getLabel(), where));
        }

        // nothing on a route now is dropped
        List<String> lost = new ArrayList<>();
        for (Map.Entry<Long, Placement> e : now.entrySet()) {
            Visit v = loaded.visitOf(e.getKey());
            if (v.getShift() != null) {
                continue;
            }
            Shift home = shiftByKey.get(e.getValue().route());
            int position = RouteEditor.bestPosition(home, v);
            if (position < 0) {
                if (!Objects.equals(then.get(e.getKey()), e.getValue())) {
                    // it came there after the job loaded: the job had no say, so it may not drop it
                    lost.add(v.getLabel() + " (on " + home.getTechnician().name() + "'s route of " + e.getValue().route().day() + ")");
                }
                // else the job saw it there and left it out (it fits nowhere): its decision stands, as planned
            } else {
                RouteEditor.insert(home, v, position);
                touched.add(home);
                kept.add(new Kept(e.getKey(), v.getLabel(), "put back on " + home.getTechnician().name() + "'s route of "
                        + e.getValue().route().day()));
            }
        }
        List<String> violations = new ArrayList<>();
        for (Shift shift : touched) {
            violations.addAll(RouteRules.violations(shift, loaded.plan().getOrigin()));
        }
        return new Result(kept, added, lost, violations);
    }
}
