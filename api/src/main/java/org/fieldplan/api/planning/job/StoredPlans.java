package org.fieldplan.api.planning.job;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.job.PlanJobMessages.Plan;
import org.fieldplan.api.planning.job.PlanJobMessages.Route;
import org.fieldplan.api.planning.job.PlanJobMessages.Stop;
import org.fieldplan.api.planning.job.PlanJobMessages.Unassigned;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.solver.PlanExplainer;

/** A job's plan between the engine and its stored form ({@link Plan}), both ways. Pure: no database. */
final class StoredPlans {

    private StoredPlans() {
    }

    /** The solution as stored: routes with stops and times; with reasons for the unassigned ones when asked. */
    static Plan of(LoadedPlan loaded, FieldPlan best, boolean explain) {
        List<Route> out = new ArrayList<>();
        for (Shift shift : best.getShifts()) {
            List<Stop> stops = new ArrayList<>();
            for (Visit v : shift.getVisits()) {
                LoadedPlan.Member member = loaded.member(v);
                if (!loaded.isRequest(v) && member == null) {
                    continue;
                }
                VisitTiming t = v.getTiming();
                long start = t == null ? shift.getStartTime() : t.start();
                stops.add(new Stop(member != null ? member.requestId() : loaded.requestId(v), v.getLabel(),
                        loaded.instant(t == null ? start : Math.min(t.arrival(), start)),
                        loaded.instant(start), loaded.instant(t == null ? start : t.departure()),
                        t == null ? 0 : t.travelSeconds(), member == null ? null : member.number()));
            }
            if (!stops.isEmpty()) {
                LoadedPlan.ShiftKey key = loaded.shiftKey(shift);
                out.add(new Route(key.technicianId(), shift.getTechnician().name(), key.day(), (int) shift.travelSeconds(),
                        (int) Math.min(Integer.MAX_VALUE, shift.travelMetres()), stops));
            }
        }
        List<Unassigned> unassigned = new ArrayList<>();
        PlanExplainer explainer = explain ? new PlanExplainer(best) : null;
        for (Visit v : best.getVisits()) {
            if (v.getShift() == null && loaded.isRequest(v)) {
                List<String> reasons = explainer == null ? List.of() : explainer.whyUnassigned(v);
                unassigned.add(new Unassigned(loaded.requestId(v), v.getLabel(), reasons));
            }
        }
        loaded.excluded().forEach(e -> unassigned.add(new Unassigned(e.requestId(), e.registrationNumber(), List.of(e.reason()))));
        return new Plan(out, unassigned);
    }

    /**
     * Puts the stored plan's routes into the freshly loaded problem: each shift keeps its pinned prefix (pinned,
     * started and done stops), then gets the plan's stops in the plan's order. Shadow times are stale afterwards:
     * score the plan or re-time the routes.
     */
    static void apply(LoadedPlan loaded, Plan plan) {
        Map<String, Visit> visits = new HashMap<>();
        loaded.plan().getVisits().forEach(v -> visits.put(v.getId(), v));
        Map<String, Shift> shifts = new HashMap<>();
        Set<String> placed = new HashSet<>();
        for (Shift shift : loaded.plan().getShifts()) {
            shifts.put(shift.getId(), shift);
            int pinned = shift.getPinnedVisitCount();
            List<Visit> keep = new ArrayList<>(shift.getVisits().subList(0, pinned));
            keep.forEach(v -> placed.add(v.getId()));
            shift.setVisits(keep);
            shift.pinVisits(pinned);
        }
        for (Route route : plan.routes()) {
            Shift shift = shifts.get(LoadedPlan.shiftId(route.technicianId(), route.day()));
            if (shift == null) {
                continue; // the technician is off that day now
            }
            List<Visit> list = new ArrayList<>(shift.getVisits());
            for (Stop stop : route.stops()) {
                Visit v = visits.get(stop.member() == null || stop.member() < 2 ? LoadedPlan.visitId(stop.requestId())
                        : LoadedPlan.memberVisitId(stop.requestId(), stop.member()));
                if (v != null && placed.add(v.getId())) {
                    list.add(v);
                }
            }
            int pinned = shift.getPinnedVisitCount();
            shift.setVisits(list);
            shift.pinVisits(pinned);
        }
    }
}
