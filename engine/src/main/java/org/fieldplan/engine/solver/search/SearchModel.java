package org.fieldplan.engine.solver.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.RouteClock;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.VisitTiming;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * The facts the search heuristics need, as primitive arrays indexed by a visit number (position in
 * {@link FieldPlan#getVisits()}) and a shift number (position in {@link FieldPlan#getShifts()}). Built
 * once per phase; it reads no planning variable, so it stays valid while the routes change.
 */
final class SearchModel {

    /** Stand-in for an unreachable leg in the estimator: far too long for any window. */
    static final int UNREACHABLE_SECONDS = Integer.MAX_VALUE / 4;

    final List<Visit> visits;
    final List<Shift> shifts;
    private final int visitCount;
    private final int shiftCount;
    final Map<Visit, Integer> visitIndex;
    final Map<Shift, Integer> shiftIndex;

    /** The search's number of each matrix location (-1: not used by the plan); see {@link #placeNumbers}. */
    final int[] locationNumber;
    /** How many places the search's matrices hold (the plan's used locations). */
    final int matrixSize;
    /** The legs, {@code seconds[from * matrixSize + to]}; null when {@link #narrow} (then {@link #seconds16}). */
    final int[] seconds;
    /**
     * The matrix transposed: {@code secondsTo[to * matrixSize + from]}, so that the legs into one visit from every
     * place of a route are read from one row (the insertion search reads the legs out of and into the visit it places
     * for every position it tries; read down a column of the matrix, each was a cache miss: JFR, 2026-12-06); null
     * when {@link #narrow}.
     */
    final int[] secondsTo;
    /**
     * Whether every leg is below {@link #NO_ROAD_16} seconds (18 hours; every road matrix of a day): then the matrices
     * are kept in 16 bits ({@link #seconds16}, {@link #secondsTo16}), {@link #NO_ROAD_16} standing for no road, so that
     * a row of a visit is half as many cache lines (the two leg reads per position were a third of the travel search
     * after the third round's other changes, JFR; ten parts' int matrices are ~97 MB against a 32 MB L3).
     */
    final boolean narrow;
    /** A 16-bit leg's value for "no road" ({@link #UNREACHABLE_SECONDS} when read). */
    static final char NO_ROAD_16 = 0xFFFF;
    final char[] seconds16;
    final char[] secondsTo16;
    final int[] visitLocation;
    final long[] service;
    final long[] ready;
    final long[] latestStart;
    final int[] demand;
    /** True when a visit needs the exact start rule (several windows or zone segments), not ready/latestStart. */
    final boolean[] complexStart;
    /** windowBounds[v]: the visit's windows as start, end pairs in their order (complex visits only, else null). */
    final long[][] windowBounds;
    /**
     * zoneStarts[v * shiftCount + s]: for a complex visit in a shift with zone segments, the starts the visit's zone
     * rule allows there: for each segment of one of its zones and each window (or the segment alone when the visit
     * has none), the pair (lo, hi) of {@code max(segment start, window start)} and
     * {@code min(segment end - service, window end)}, all pairs in one list sorted by lo (pairs with lo > hi, which
     * no ready time can use, left out); null where the rule does not apply. Precomputed because
     * {@link #earliestStart} runs for every position the insertion search tries and walking the segments and windows
     * there (List iterators, Set lookups) was a third of the travel search's time (JFR, 2026-12-06); one sorted list
     * instead of a list per segment since the third round (the first pair whose hi is not before the ready time
     * gives the start: {@link #earliestStart(long[], long[], long)}).
     */
    private final long[][] zoneStarts;
    /**
     * zoneSegments[v * shiftCount + s]: where the zone rule applies ({@link Visit#isZoneRestrictedIn}), the start, end
     * pairs of the shift's segments of one of the visit's zones in the shift's order (a service must lie inside one);
     * null where it does not apply.
     */
    private final long[][] zoneSegments;
    /** breaks[s]: the shift's breaks in its order (by earliest start) as triples earliest start, latest end, duration. */
    final long[][] breaks;

    final int[] shiftStartLocation;
    final int[] shiftEndLocation;
    final long[] shiftStart;
    final long[] shiftLatestEnd;
    final int[] shiftCapacity;
    /** Shifts with breaks or zone segments: their insertions are timed exactly by the engine's RouteClock. */
    final boolean[] exactTiming;
    /** compatible[v * shiftCount + s]: the technician has the skills, serves a zone of the visit, the day is not past the deadline. */
    final boolean[] compatible;

    /** groupMembers[v]: the visit numbers of every member of v's visit group (v included), or null for a lone visit. */
    final int[][] groupMembers;
    /** shiftTechnician[s]: a number per technician (shifts of one person share it). */
    final int[] shiftTechnician;

    /** neighbours[v]: other visits ordered by travel time from/to v (the nearest first), at most {@code k}. */
    final int[][] neighbours;

    SearchModel(FieldPlan plan, int neighbourCount) {
        this.visits = List.copyOf(plan.getVisits());
        this.shifts = List.copyOf(plan.getShifts());
        this.visitCount = visits.size();
        this.shiftCount = shifts.size();
        TravelMatrix matrix = plan.getTravelMatrix();
        // the search's own numbering of the places: only those the plan uses, along a Hilbert curve over their
        // coordinates, so that places near each other have near numbers and the legs an insertion reads from one
        // visit's rows (to the places of the routes near it) lie on a few cache lines instead of one line each
        // (those reads were a third of the travel search's time, JFR 2026-12-06); the travel values are the same
        int[] placeOf = placeNumbers(matrix.size(), visits, shifts);
        int size = 0;
        for (int p : placeOf) {
            size = Math.max(size, p + 1);
        }
        this.locationNumber = placeOf;
        this.matrixSize = size;
        int[] raw = matrix.secondsArray();
        int rawSize = matrix.size();
        int[] seconds = new int[size * size];
        int[] secondsTo = new int[size * size];
        // row by row in the search's numbering (each written in order, read from one raw row), then the transposed copy
        // in tiles of 64 x 64 (writing it down columns as well was a cache miss per value)
        int[] rawOf = new int[size];
        for (int location = 0; location < rawSize; location++) {
            if (placeOf[location] >= 0) {
                rawOf[placeOf[location]] = location;
            }
        }
        for (int f = 0; f < size; f++) {
            int rawRow = rawOf[f] * rawSize;
            int row = f * size;
            for (int t = 0; t < size; t++) {
                int value = raw[rawRow + rawOf[t]];
                seconds[row + t] = value == TravelMatrix.UNREACHABLE ? UNREACHABLE_SECONDS : value;
            }
        }
        for (int f0 = 0; f0 < size; f0 += 64) {
            for (int t0 = 0; t0 < size; t0 += 64) {
                for (int f = f0, fEnd = Math.min(size, f0 + 64); f < fEnd; f++) {
                    for (int t = t0, tEnd = Math.min(size, t0 + 64); t < tEnd; t++) {
                        secondsTo[t * size + f] = seconds[f * size + t];
                    }
                }
            }
        }
        boolean fits = true;
        for (int value : seconds) {
            fits &= value == UNREACHABLE_SECONDS || (value >= 0 && value < NO_ROAD_16);
        }
        this.narrow = fits;
        if (fits) {
            this.seconds16 = narrowed(seconds);
            this.secondsTo16 = narrowed(secondsTo);
            this.seconds = null;
            this.secondsTo = null;
        } else {
            this.seconds16 = null;
            this.secondsTo16 = null;
            this.seconds = seconds;
            this.secondsTo = secondsTo;
        }
        int n = visits.size();
        int m = shifts.size();
        visitIndex = new IdentityHashMap<>(n * 2);
        shiftIndex = new IdentityHashMap<>(m * 2);
        visitLocation = new int[n];
        service = new long[n];
        ready = new long[n];
        latestStart = new long[n];
        demand = new int[n];
        complexStart = new boolean[n];
        for (int v = 0; v < n; v++) {
            Visit visit = visits.get(v);
            visitIndex.put(visit, v);
            visitLocation[v] = placeOf[visit.getLocation().index()];
            service[v] = visit.getServiceDuration();
            List<TimeWindow> windows = visit.getTimeWindows();
            ready[v] = windows.isEmpty() ? Long.MIN_VALUE / 4 : windows.get(0).start();
            long latest = windows.isEmpty() ? Long.MAX_VALUE / 4 : windows.get(windows.size() - 1).end();
            if (visit.hasDeadline()) {
                latest = Math.min(latest, visit.getDeadline() - visit.getServiceDuration());
            }
            latestStart[v] = latest;
            demand[v] = visit.getDemand();
            complexStart[v] = windows.size() > 1 || !visit.getZones().isEmpty();
        }
        windowBounds = new long[n][];
        zoneStarts = new long[n * m][];
        zoneSegments = new long[n * m][];
        for (int v = 0; v < n; v++) {
            if (!complexStart[v]) {
                continue;
            }
            Visit visit = visits.get(v);
            List<TimeWindow> windows = visit.getTimeWindows();
            long[] bounds = new long[windows.size() * 2];
            for (int w = 0; w < windows.size(); w++) {
                bounds[2 * w] = windows.get(w).start();
                bounds[2 * w + 1] = windows.get(w).end();
            }
            windowBounds[v] = bounds;
            for (int s = 0; s < m; s++) {
                if (visit.isZoneRestrictedIn(shifts.get(s))) {
                    zoneStarts[v * m + s] = zoneStartRule(visit, shifts.get(s));
                    zoneSegments[v * m + s] = segmentsOfZones(visit, shifts.get(s));
                }
            }
        }
        shiftStartLocation = new int[m];
        shiftEndLocation = new int[m];
        shiftStart = new long[m];
        shiftLatestEnd = new long[m];
        shiftCapacity = new int[m];
        exactTiming = new boolean[m];
        breaks = new long[m][];
        for (int s = 0; s < m; s++) {
            Shift shift = shifts.get(s);
            shiftIndex.put(shift, s);
            shiftStartLocation[s] = placeOf[shift.getStartLocation().index()];
            shiftEndLocation[s] = placeOf[shift.getEndLocation().index()];
            shiftStart[s] = shift.getStartTime();
            shiftLatestEnd[s] = shift.getLatestEnd();
            shiftCapacity[s] = shift.hasCapacityLimit() ? shift.getCapacity() : Integer.MAX_VALUE;
            exactTiming[s] = !shift.getBreaks().isEmpty() || !shift.getZoneSegments().isEmpty();
            List<ShiftBreak> shiftBreaks = shift.getBreaks();
            breaks[s] = new long[3 * shiftBreaks.size()];
            for (int b = 0; b < shiftBreaks.size(); b++) {
                breaks[s][3 * b] = shiftBreaks.get(b).earliestStart();
                breaks[s][3 * b + 1] = shiftBreaks.get(b).latestEnd();
                breaks[s][3 * b + 2] = shiftBreaks.get(b).duration();
            }
        }
        compatible = new boolean[n * m];
        for (int v = 0; v < n; v++) {
            Visit visit = visits.get(v);
            for (int s = 0; s < m; s++) {
                Shift shift = shifts.get(s);
                boolean ok = shift.getTechnician().skills().containsAll(visit.getRequiredSkills());
                if (ok && visit.isZoneRestrictedIn(shift)) {
                    ok = visit.getZones().stream().anyMatch(shift::serves);
                }
                if (ok && visit.hasDeadline()) {
                    ok = shift.getStartTime() + visit.getServiceDuration() <= visit.getDeadline();
                }
                compatible[v * m + s] = ok;
            }
        }
        groupMembers = new int[n][];
        Map<String, List<Integer>> groups = new java.util.HashMap<>();
        for (int v = 0; v < n; v++) {
            org.fieldplan.engine.domain.VisitGroup g = visits.get(v).getGroup();
            if (g != null) {
                groups.computeIfAbsent(g.id(), k -> new ArrayList<>()).add(v);
            }
        }
        for (List<Integer> members : groups.values()) {
            int[] all = members.stream().mapToInt(Integer::intValue).toArray();
            for (int v : all) {
                groupMembers[v] = all;
            }
        }
        shiftTechnician = new int[m];
        Map<String, Integer> technicianNumber = new java.util.HashMap<>();
        for (int s = 0; s < m; s++) {
            shiftTechnician[s] = technicianNumber.computeIfAbsent(shifts.get(s).getTechnician().id(),
                    k -> technicianNumber.size());
        }
        neighbours = nearest(Math.min(neighbourCount, Math.max(0, n - 1)));
    }

    int travel(int fromLocation, int toLocation) {
        return narrow ? wide(seconds16[fromLocation * matrixSize + toLocation]) : seconds[fromLocation * matrixSize + toLocation];
    }

    /** The leg from {@code fromLocation} to {@code toLocation} read from the transposed matrix (the same value). */
    int travelInto(int toLocation, int fromLocation) {
        return narrow ? wide(secondsTo16[toLocation * matrixSize + fromLocation])
                : secondsTo[toLocation * matrixSize + fromLocation];
    }

    /** A 16-bit leg as seconds. */
    static int wide(char leg) {
        return leg == NO_ROAD_16 ? UNREACHABLE_SECONDS : leg;
    }

    private static char[] narrowed(int[] legs) {
        char[] out = new char[legs.length];
        for (int i = 0; i < legs.length; i++) {
            out[i] = legs[i] == UNREACHABLE_SECONDS ? NO_ROAD_16 : (char) legs[i];
        }
        return out;
    }

    boolean compatible(int v, int s) {
        return compatible[v * shiftCount + s];
    }

    int visitCount() {
        return visitCount;
    }

    int shiftCount() {
        return shiftCount;
    }

    /**
     * The earliest service start of visit {@code v} in shift {@code s} when ready at {@code time}: the same as
     * {@link Visit#earliestServiceStart(Shift, long)} (the earliest start inside a zone segment of one of its zones and
     * a window, else the first window still open, else {@code time}), read from the precomputed arrays.
     */
    long earliestStart(int v, int s, long time) {
        return complexStart[v] ? earliestStart(zoneStarts[v * shiftCount + s], windowBounds[v], time)
                : Math.max(time, ready[v]);
    }

    /**
     * The zone rule of a complex visit in a shift ({@link #zoneStarts}; null where it does not apply), for callers that
     * try many ready times of one visit in one shift ({@link #earliestStart(long[], long[], long)}).
     */
    long[] zoneRule(int v, int s) {
        return zoneStarts[v * shiftCount + s];
    }

    /**
     * {@link #earliestStart(int, int, long)} of a complex visit from its zone rule ({@link #zoneRule}, may be null) and
     * its {@link #windowBounds}: the first zone pair (sorted by lo) whose hi is not before {@code time} gives the
     * earliest start in a segment (a pair earlier in that order with hi before {@code time} cannot be used, and a later
     * one starts no earlier); with none, the first window still open, else {@code time}.
     */
    static long earliestStart(long[] rule, long[] windows, long time) {
        if (rule != null) {
            for (int i = 1; i < rule.length; i += 2) {
                if (rule[i] >= time) {
                    return Math.max(time, rule[i - 1]);
                }
            }
        }
        for (int w = 1; w < windows.length; w += 2) {
            if (windows[w] >= time) {
                return Math.max(time, windows[w - 1]);
            }
        }
        return time;
    }

    /**
     * Whether visit {@code v} starting at {@code start} in shift {@code s} keeps the visit's own hard rules the exact
     * check needs: not after its latest start (last window, deadline), inside one of its windows, and with the whole
     * service inside a segment of one of its zones where the zone rule applies. With a reachable leg and no break late
     * this is what {@link RouteClock}'s timing of the visit would break none of those rules for (the search's primitive
     * clock, {@code RoutePlanner}, uses it instead of building a {@link VisitTiming}).
     */
    boolean startAllowed(int v, int s, long start) {
        if (start > latestStart[v]) {
            return false;
        }
        long[] windows = windowBounds[v];
        if (windows != null && windows.length > 2) {
            boolean inside = false;
            for (int w = 0; w < windows.length; w += 2) {
                if (start >= windows[w] && start <= windows[w + 1]) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                return false;
            }
        }
        long[] segments = zoneSegments[v * shiftCount + s];
        if (segments != null) {
            long end = start + service[v];
            for (int i = 0; i < segments.length; i += 2) {
                if (start >= segments[i] && end <= segments[i + 1]) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** The {@link #zoneSegments} of one visit and shift. */
    private static long[] segmentsOfZones(Visit visit, Shift shift) {
        List<ZoneSegment> all = shift.getZoneSegments();
        long[] out = new long[2 * all.size()];
        int size = 0;
        for (ZoneSegment segment : all) {
            if (visit.getZones().contains(segment.zone())) {
                out[size++] = segment.start();
                out[size++] = segment.end();
            }
        }
        return Arrays.copyOf(out, size);
    }

    /** The zone rule of {@link #zoneStarts} for one visit and shift: lo, hi pairs of every segment, sorted by lo. */
    private static long[] zoneStartRule(Visit visit, Shift shift) {
        List<TimeWindow> windows = visit.getTimeWindows();
        long[] keyed = new long[2 * shift.getZoneSegments().size() * Math.max(1, windows.size())];
        int count = 0;
        for (ZoneSegment segment : shift.getZoneSegments()) {
            if (!visit.getZones().contains(segment.zone())) {
                continue;
            }
            long segmentLo = segment.start();
            long segmentHi = segment.end() - visit.getServiceDuration();
            if (windows.isEmpty()) {
                if (segmentLo <= segmentHi) {
                    keyed[count++] = segmentLo;
                    keyed[count++] = segmentHi;
                }
            } else {
                for (TimeWindow window : windows) {
                    long lo = Math.max(segmentLo, window.start());
                    long hi = Math.min(segmentHi, window.end());
                    if (lo <= hi) { // pairs with lo > hi no ready time can use
                        keyed[count++] = lo;
                        keyed[count++] = hi;
                    }
                }
            }
        }
        // insertion sort of the pairs by lo (a few pairs)
        for (int i = 2; i < count; i += 2) {
            long lo = keyed[i];
            long hi = keyed[i + 1];
            int j = i - 2;
            while (j >= 0 && keyed[j] > lo) {
                keyed[j + 2] = keyed[j];
                keyed[j + 3] = keyed[j + 1];
                j -= 2;
            }
            keyed[j + 2] = lo;
            keyed[j + 3] = hi;
        }
        return Arrays.copyOf(keyed, count);
    }

    /**
     * The search's numbers of the matrix locations the plan uses (visits, shifts' starts and ends), -1 for the others:
     * in the order of a Hilbert curve over their coordinates (ties, such as locations without coordinates, by matrix
     * index), so that nearby places get nearby numbers.
     */
    static int[] placeNumbers(int locations, List<Visit> visits, List<Shift> shifts) {
        org.fieldplan.engine.domain.Location[] used = new org.fieldplan.engine.domain.Location[locations];
        for (Visit visit : visits) {
            used[visit.getLocation().index()] = visit.getLocation();
        }
        for (Shift shift : shifts) {
            used[shift.getStartLocation().index()] = shift.getStartLocation();
            used[shift.getEndLocation().index()] = shift.getEndLocation();
        }
        double minLat = Double.POSITIVE_INFINITY;
        double maxLat = Double.NEGATIVE_INFINITY;
        double minLon = Double.POSITIVE_INFINITY;
        double maxLon = Double.NEGATIVE_INFINITY;
        for (org.fieldplan.engine.domain.Location l : used) {
            if (l != null) {
                minLat = Math.min(minLat, l.lat());
                maxLat = Math.max(maxLat, l.lat());
                minLon = Math.min(minLon, l.lon());
                maxLon = Math.max(maxLon, l.lon());
            }
        }
        int count = 0;
        long[] keyed = new long[locations];
        for (int i = 0; i < locations; i++) {
            org.fieldplan.engine.domain.Location l = used[i];
            if (l == null) {
                continue;
            }
            int x = scale(l.lon(), minLon, maxLon);
            int y = scale(l.lat(), minLat, maxLat);
            keyed[count++] = ((long) hilbert(x, y) << 32) | i;
        }
        Arrays.sort(keyed, 0, count);
        int[] number = new int[locations];
        Arrays.fill(number, -1);
        for (int k = 0; k < count; k++) {
            number[(int) keyed[k]] = k;
        }
        return number;
    }

    /** {@code value} on a grid of 2^15 steps between {@code min} and {@code max} (0 when they are equal or NaN). */
    private static int scale(double value, double min, double max) {
        double span = max - min;
        if (!(span > 0) || !Double.isFinite(value)) {
            return 0;
        }
        return (int) Math.min(32767, Math.max(0, Math.floor((value - min) / span * 32767)));
    }

    /** The position of grid cell (x, y) along a Hilbert curve over a 2^15 by 2^15 grid (a value below 2^30). */
    private static int hilbert(int x, int y) {
        int d = 0;
        for (int step = 1 << 14; step > 0; step >>= 1) {
            int rx = (x & step) != 0 ? 1 : 0;
            int ry = (y & step) != 0 ? 1 : 0;
            d += step * step * ((3 * rx) ^ ry);
            if (ry == 0) { // rotate the quadrant
                if (rx == 1) {
                    x = (1 << 15) - 1 - x;
                    y = (1 << 15) - 1 - y;
                }
                int t = x;
                x = y;
                y = t;
            }
        }
        return d;
    }

    /**
     * For each visit, the {@code k} other visits nearest to it (the shorter of the two legs, ties by visit number),
     * nearest first. Keys {@code leg << 32 | visit} are unique, so the k smallest kept in a bounded max-heap and then
     * sorted are exactly the first k of the whole sorted list (which a full sort per visit, n log n each, built at
     * up to a tenth of a part's travel search CPU time: JFR, issue 12 third round).
     */
    private int[][] nearest(int k) {
        int n = visits.size();
        int[][] result = new int[n][];
        long[] heap = new long[Math.max(1, k)];
        for (int v = 0; v < n; v++) {
            int size = 0;
            int lv = visitLocation[v];
            for (int u = 0; u < n && k > 0; u++) {
                if (u == v) {
                    continue;
                }
                int lu = visitLocation[u];
                long d = Math.min(travel(lv, lu), travelInto(lv, lu)); // v to u, u to v (both from v's rows)
                long key = (d << 32) | u;
                if (size < k) {
                    // sift up
                    int i = size++;
                    while (i > 0) {
                        int parent = (i - 1) >>> 1;
                        if (heap[parent] >= key) {
                            break;
                        }
                        heap[i] = heap[parent];
                        i = parent;
                    }
                    heap[i] = key;
                } else if (key < heap[0]) {
                    // replace the largest, sift down
                    int i = 0;
                    while (true) {
                        int child = 2 * i + 1;
                        if (child >= size) {
                            break;
                        }
                        if (child + 1 < size && heap[child + 1] > heap[child]) {
                            child++;
                        }
                        if (heap[child] <= key) {
                            break;
                        }
                        heap[i] = heap[child];
                        i = child;
                    }
                    heap[i] = key;
                }
            }
            Arrays.sort(heap, 0, size);
            int[] list = new int[k];
            for (int i = 0; i < k; i++) {
                list[i] = (int) (heap[i] & 0xffffffffL);
            }
            result[v] = list;
        }
        return result;
    }

    /** Visits of each shift's current route, as visit numbers. */
    int[][] currentRoutes() {
        int[][] routes = new int[shifts.size()][];
        for (int s = 0; s < shifts.size(); s++) {
            List<Visit> route = shifts.get(s).getVisits();
            int[] r = new int[route.size()];
            for (int i = 0; i < r.length; i++) {
                r[i] = visitIndex.get(route.get(i));
            }
            routes[s] = r;
        }
        return routes;
    }

    List<Integer> unassignedVisits(int[][] routes) {
        boolean[] assigned = new boolean[visits.size()];
        for (int[] r : routes) {
            for (int v : r) {
                assigned[v] = true;
            }
        }
        List<Integer> result = new ArrayList<>();
        for (int v = 0; v < assigned.length; v++) {
            if (!assigned[v]) {
                result.add(v);
            }
        }
        return result;
    }
}
