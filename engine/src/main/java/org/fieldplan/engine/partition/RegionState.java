package org.fieldplan.engine.partition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.timefold.solver.core.api.score.HardMediumSoftScore;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.Progress;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.engine.travel.TravelTimes;
import org.jspecify.annotations.Nullable;

/**
 * The region's current plan, by ids: each shift's route, its pinned prefix, and which part each shift and visit
 * belongs to. Sub-problems are built from it (copies of the facts with local location indexes and their own
 * matrix) and solved sub-plans are written back. Thread-safe; sub-problems solved at the same time must cover
 * disjoint parts.
 */
final class RegionState {

    private final RegionProblem problem;
    private final List<Shift> shifts;
    private final List<Visit> visits;
    private final Map<String, Visit> visitById = new HashMap<>();
    private final Map<String, Technician> technicianById = new HashMap<>();
    private final Map<String, List<String>> routes = new LinkedHashMap<>();
    private final Map<String, Integer> pinned = new HashMap<>();
    private final Map<String, Integer> shiftPart = new HashMap<>();
    private final Map<String, Integer> visitPart = new HashMap<>();
    private int partCount;
    private final Map<String, Long> slack = new HashMap<>();
    /** Each solved shift's travel seconds and metres (with the way home) as its last solve left it. */
    private final Map<String, long[]> shiftTravel = new HashMap<>();

    RegionState(RegionProblem problem, List<Partitioner.Part> parts) {
        this.problem = problem;
        this.shifts = problem.shifts();
        this.visits = problem.visits();
        this.partCount = parts.size();
        for (Visit v : visits) {
            visitById.put(v.getId(), v);
        }
        for (Technician t : problem.technicians()) {
            technicianById.put(t.id(), t);
        }
        for (Shift s : shifts) {
            List<String> route = new ArrayList<>();
            s.getVisits().forEach(v -> route.add(v.getId()));
            routes.put(s.getId(), route);
            pinned.put(s.getId(), s.getPinnedVisitCount());
        }
        assignParts(parts);
    }

    private void assignParts(List<Partitioner.Part> parts) {
        shiftPart.clear();
        visitPart.clear();
        for (int p = 0; p < parts.size(); p++) {
            for (Shift s : parts.get(p).shifts()) {
                shiftPart.put(s.getId(), p);
            }
            for (Visit v : parts.get(p).visits()) {
                visitPart.put(v.getId(), p);
            }
        }
    }

    synchronized int partCount() {
        return partCount;
    }

    /**
     * The region's shifts as they are now (copies holding the current routes, the region's own visit objects), for
     * drawing the parts again around the routes ({@link Partitioner#split} keeps a routed visit with its shift).
     */
    synchronized List<Shift> shiftsWithRoutes() {
        List<Shift> out = new ArrayList<>(shifts.size());
        for (Shift s : shifts) {
            Shift copy = s.copyWith(s.getTechnician(), s.getStartLocation(), s.getEndLocation());
            for (String id : routes.get(s.getId())) {
                copy.getVisits().add(visitById.get(id));
            }
            out.add(copy);
        }
        return out;
    }

    /**
     * Draws the parts again (same routes, new borders): later solves take their members from {@code parts}. No solve
     * may run while this happens.
     */
    synchronized void repartition(List<Partitioner.Part> parts) {
        partCount = parts.size();
        assignParts(parts);
    }

    /**
     * The region's figures per part as the last solves left them (assigned, unassigned, travel; score: the unassigned
     * priorities as the medium level, hard and soft zero): a fresh start for the progress tally after
     * {@link #repartition}.
     */
    synchronized Progress[] partFigures() {
        int[] assigned = new int[partCount];
        int[] unassigned = new int[partCount];
        int[] priority = new int[partCount];
        long[] seconds = new long[partCount];
        long[] metres = new long[partCount];
        Set<String> routed = new HashSet<>();
        for (Map.Entry<String, List<String>> e : routes.entrySet()) {
            int p = shiftPart.get(e.getKey());
            assigned[p] += e.getValue().size();
            routed.addAll(e.getValue());
            long[] t = shiftTravel.get(e.getKey());
            if (t != null) {
                seconds[p] += t[0];
                metres[p] += t[1];
            }
        }
        for (Map.Entry<String, Integer> e : visitPart.entrySet()) {
            if (!routed.contains(e.getKey())) {
                unassigned[e.getValue()]++;
                priority[e.getValue()] += visitById.get(e.getKey()).getPriority();
            }
        }
        Progress[] out = new Progress[partCount];
        for (int p = 0; p < partCount; p++) {
            out[p] = new Progress(HardMediumSoftScore.ofMedium(-priority[p]), assigned[p], unassigned[p], seconds[p],
                    metres[p], Duration.ZERO);
        }
        return out;
    }

    /** A sub-problem of the given parts: copies with local location indexes and their own matrix. */
    FieldPlan build(Set<Integer> parts, TravelTimes travel) {
        List<Shift> localShifts = new ArrayList<>();
        List<Visit> localVisits = new ArrayList<>();
        List<GeoPoint> points = new ArrayList<>();
        Map<Integer, Location> local = new HashMap<>();
        Map<String, Technician> techs = new LinkedHashMap<>();
        synchronized (this) {
            Map<String, Visit> copies = new HashMap<>();
            for (Visit v : visits) {
                Integer part = visitPart.get(v.getId());
                if (part != null && parts.contains(part)) {
                    copies.put(v.getId(), null);
                }
            }
            List<Shift> chosen = new ArrayList<>();
            for (Shift s : shifts) {
                if (parts.contains(shiftPart.get(s.getId()))) {
                    chosen.add(s);
                    Technician t = s.getTechnician();
                    techs.computeIfAbsent(t.id(), id -> new Technician(t.id(), t.name(), t.skills(),
                            at(t.home(), local, points)));
                }
            }
            Map<String, Integer> groupMembersHere = new HashMap<>();
            for (Visit v : visits) {
                if (copies.containsKey(v.getId()) && v.getGroup() != null) {
                    groupMembersHere.merge(v.getGroup().id(), 1, Integer::sum);
                }
            }
            for (Visit v : visits) {
                if (copies.containsKey(v.getId())) {
                    Technician preferred = v.getPreferredTechnician();
                    Technician localPreferred = preferred == null ? null : techs.getOrDefault(preferred.id(), preferred);
                    Visit copy = v.copyWith(at(v.getLocation(), local, points), v.getTimeWindows(), localPreferred);
                    if (v.getGroup() != null && groupMembersHere.get(v.getGroup().id()) < v.getGroup().size()) {
                        // a boundary pass left the group's members in two parts: here it is a lone visit at the group's
                        // start (its window), whose partners are planned in the other part
                        copy.leaveGroup();
                    }
                    copies.put(v.getId(), copy);
                    localVisits.add(copy);
                }
            }
            for (Shift s : chosen) {
                Shift copy = s.copyWith(techs.get(s.getTechnician().id()), at(s.getStartLocation(), local, points),
                        at(s.getEndLocation(), local, points));
                for (String id : routes.get(s.getId())) {
                    copy.getVisits().add(copies.get(id));
                }
                copy.pinVisits(pinned.get(s.getId()));
                localShifts.add(copy);
            }
        }
        TravelMatrix matrix = travel.matrix(points);
        FieldPlan plan = new FieldPlan(problem.origin(), new ArrayList<>(techs.values()), problem.zones(), localShifts,
                localVisits, matrix);
        plan.setConstraintWeightOverrides(problem.weights());
        return plan;
    }

    private static Location at(Location global, Map<Integer, Location> local, List<GeoPoint> points) {
        return local.computeIfAbsent(global.index(), i -> {
            points.add(new GeoPoint(global.lat(), global.lon()));
            return new Location(points.size() - 1, global.lat(), global.lon());
        });
    }

    /** Writes a solved sub-plan's routes back; a visit that moved to another part's shift moves with it. */
    synchronized void absorb(FieldPlan solved) {
        for (Shift s : solved.getShifts()) {
            List<String> route = new ArrayList<>();
            int part = shiftPart.get(s.getId());
            for (Visit v : s.getVisits()) {
                route.add(v.getId());
                visitPart.put(v.getId(), part);
            }
            routes.put(s.getId(), route);
            slack.put(s.getId(), s.getNominalEnd() - s.getEndTime());
            shiftTravel.put(s.getId(), new long[] {s.travelSeconds(), s.travelMetres()});
        }
    }

    /**
     * Moves each visit its part left unassigned to a nearby part (of the nearest {@code tries} by centre) with a shift
     * that could serve it and has room left before its nominal end, so that the next solve there can place it.
     *
     * @return how many visits moved
     */
    synchronized int rehomeUnassigned(List<Partitioner.Part> parts, int tries) {
        java.util.Set<String> routed = new java.util.HashSet<>();
        routes.values().forEach(routed::addAll);
        Map<Integer, List<Shift>> shiftsOf = new HashMap<>();
        for (Shift s : shifts) {
            shiftsOf.computeIfAbsent(shiftPart.get(s.getId()), p -> new ArrayList<>()).add(s);
        }
        Partitioner.Plane plane = Partitioner.Plane.of(shifts, visits);
        int moved = 0;
        for (Visit v : visits) {
            Integer own = visitPart.get(v.getId());
            if (own == null || routed.contains(v.getId()) || v.getGroup() != null) {
                continue; // a visit group stays whole in its part
            }
            double x = plane.x(v.getLocation());
            double y = plane.y(v.getLocation());
            List<Integer> near = new ArrayList<>();
            for (int p = 0; p < parts.size(); p++) {
                if (p != own) {
                    near.add(p);
                }
            }
            near.sort(java.util.Comparator.comparingDouble(p -> Math.hypot(parts.get(p).x() - x, parts.get(p).y() - y)));
            long need = v.getServiceDuration() + 2 * Partitioner.TRAVEL_ALLOWANCE;
            search:
            for (int p : near.subList(0, Math.min(tries, near.size()))) {
                for (Shift s : shiftsOf.getOrDefault(p, List.of())) {
                    long room = slack.getOrDefault(s.getId(), 0L);
                    if (room >= need && Partitioner.couldServe(s, v)) {
                        slack.put(s.getId(), room - need);
                        visitPart.put(v.getId(), p);
                        moved++;
                        break search;
                    }
                }
            }
        }
        return moved;
    }

    synchronized int partOfShift(String shiftId) {
        return shiftPart.get(shiftId);
    }

    synchronized @Nullable Integer partOfVisit(String visitId) {
        return visitPart.get(visitId);
    }

    synchronized int visitCount(int part) {
        int n = 0;
        for (Integer p : visitPart.values()) {
            if (p == part) {
                n++;
            }
        }
        return n;
    }

    synchronized int prioritySum(int part) {
        int n = 0;
        for (Map.Entry<String, Integer> e : visitPart.entrySet()) {
            if (e.getValue() == part) {
                n += visitById.get(e.getKey()).getPriority();
            }
        }
        return n;
    }

    synchronized Map<String, List<String>> routes() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        routes.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
