package org.fieldplan.api.planning.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.engine.travel.TravelTimes;

/**
 * The travel-time port a big job's partitioned solve uses: the loader has already asked the road network for the
 * scope's whole matrix (the stored plans are scored over it), so a part's, a redrawn part's or a boundary pair's matrix
 * is cut out of that one instead of being routed again. A point the loaded plan does not hold goes to {@code fallback}.
 */
final class LoadedTravelTimes implements TravelTimes {

    private final TravelMatrix matrix;
    private final Map<GeoPoint, Integer> indexOf = new HashMap<>();
    private final TravelTimes fallback;

    LoadedTravelTimes(TravelMatrix matrix, List<Location> locations, TravelTimes fallback) {
        this.matrix = matrix;
        this.fallback = fallback;
        for (Location l : locations) {
            indexOf.putIfAbsent(l.point(), l.index());
        }
    }

    /** Over {@code plan}'s matrix and every place it names (shifts' ends, technicians' homes, visits). */
    static LoadedTravelTimes of(FieldPlan plan, TravelTimes fallback) {
        List<Location> places = new java.util.ArrayList<>();
        for (Technician t : plan.getTechnicians()) {
            places.add(t.home());
        }
        for (Shift s : plan.getShifts()) {
            places.add(s.getStartLocation());
            places.add(s.getEndLocation());
        }
        for (Visit v : plan.getVisits()) {
            places.add(v.getLocation());
        }
        return new LoadedTravelTimes(plan.getTravelMatrix(), places, fallback);
    }

    @Override
    public TravelMatrix matrix(List<GeoPoint> points) {
        int n = points.size();
        int[] index = new int[n];
        for (int i = 0; i < n; i++) {
            Integer at = indexOf.get(points.get(i));
            if (at == null) {
                return fallback.matrix(points);
            }
            index[i] = at;
        }
        int[] seconds = new int[n * n];
        int[] metres = new int[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                seconds[i * n + j] = matrix.seconds(index[i], index[j]);
                metres[i * n + j] = matrix.metres(index[i], index[j]);
            }
        }
        return TravelMatrix.of(n, seconds, metres);
    }
}
