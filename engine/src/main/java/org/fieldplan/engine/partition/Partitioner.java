package org.fieldplan.engine.partition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.ZoneSegment;

/**
 * Splits shifts and visits into parts by zone and geography, keeping every shift (with all its zone segments) whole.
 * <ol>
 * <li>Each visit gets a host: the nearest shift (straight line from the shift's start) that could serve it at all
 * (serves one of its zones, has its skills, works before its deadline and inside one of its windows) and still has
 * room by a rough time budget (the shift's working time, less breaks, against service plus {@value #TRAVEL_ALLOWANCE}
 * s of travel per visit). The most constrained visits choose first. Visits already in a route keep that route's
 * shift as host.</li>
 * <li>The shifts, each placed at the centre of its start and its hosted visits, are grouped into
 * {@code k = ceil(visits / max)} geographic clusters by a balanced k-means (seeded k-means++ start, then rounds
 * where shifts with the clearest preference choose first and a cluster takes at most 110% of the average hosted
 * visits).</li>
 * <li>A part is a cluster's shifts and the visits they host; a visit no shift could serve goes to the nearest
 * part (it stays unassigned there, and the explainer says why).</li>
 * </ol>
 * So a visit always lands in a part with a shift that may serve it, and a technician who serves two zones takes
 * visits of both into its part. No travel matrix is needed: distances here are straight lines on a local plane.
 */
final class Partitioner {

    /** Seconds of travel per visit assumed while estimating how much a shift can take. */
    static final long TRAVEL_ALLOWANCE = 300;
    private static final int ROUNDS = 15;
    private static final double BALANCE = 1.10;

    private Partitioner() {
    }

    /** One part: its shifts and visits (the visits of their routes included). */
    record Part(List<Shift> shifts, List<Visit> visits, double x, double y) {
    }

    static List<Part> split(List<Shift> shifts, List<Visit> visits, int maxVisitsPerPart, long seed) {
        int k = Math.min(shifts.size(), (int) Math.ceil(visits.size() / (double) maxVisitsPerPart));
        if (k <= 1) {
            return List.of(new Part(List.copyOf(shifts), List.copyOf(visits), 0, 0));
        }
        Plane plane = Plane.of(shifts, visits);
        int s = shifts.size();
        double[] sx = new double[s];
        double[] sy = new double[s];
        for (int i = 0; i < s; i++) {
            Location start = shifts.get(i).getStartLocation();
            sx[i] = plane.x(start);
            sy[i] = plane.y(start);
        }
        // 1. hosts
        int[] host = hosts(shifts, visits, plane, sx, sy, seed);
        // 2. shifts placed at the centre of their start and hosted visits
        double[] px = sx.clone();
        double[] py = sy.clone();
        int[] hosted = new int[s];
        for (int v = 0; v < visits.size(); v++) {
            if (host[v] >= 0) {
                px[host[v]] += plane.x(visits.get(v).getLocation());
                py[host[v]] += plane.y(visits.get(v).getLocation());
                hosted[host[v]]++;
            }
        }
        for (int i = 0; i < s; i++) {
            px[i] /= hosted[i] + 1;
            py[i] /= hosted[i] + 1;
        }
        int[] cluster = balancedKMeans(px, py, hosted, k, seed);
        // 3. parts
        double[] cx = new double[k];
        double[] cy = new double[k];
        int[] members = new int[k];
        List<List<Shift>> partShifts = new ArrayList<>();
        List<List<Visit>> partVisits = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            partShifts.add(new ArrayList<>());
            partVisits.add(new ArrayList<>());
        }
        for (int i = 0; i < s; i++) {
            partShifts.get(cluster[i]).add(shifts.get(i));
            cx[cluster[i]] += px[i];
            cy[cluster[i]] += py[i];
            members[cluster[i]]++;
        }
        for (int c = 0; c < k; c++) {
            if (members[c] > 0) {
                cx[c] /= members[c];
                cy[c] /= members[c];
            }
        }
        // a visit group's members go to the part of its first member: the group is planned whole in one part (unless
        // its members are already routed on shifts of different parts: a routed visit stays with its shift)
        java.util.Set<Visit> routed = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Shift shift : shifts) {
            routed.addAll(shift.getVisits());
        }
        java.util.Map<String, Integer> groupPart = new java.util.HashMap<>();
        for (int v = 0; v < visits.size(); v++) {
            int c;
            if (host[v] >= 0) {
                c = cluster[host[v]];
            } else {
                Location at = visits.get(v).getLocation();
                c = nearest(plane.x(at), plane.y(at), cx, cy, members);
            }
            org.fieldplan.engine.domain.VisitGroup group = visits.get(v).getGroup();
            if (group != null && !routed.contains(visits.get(v))) {
                Integer first = groupPart.putIfAbsent(group.id(), c);
                if (first != null) {
                    c = first;
                }
            }
            partVisits.get(c).add(visits.get(v));
        }
        List<Part> parts = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (members[c] > 0) {
                parts.add(new Part(List.copyOf(partShifts.get(c)), List.copyOf(partVisits.get(c)), cx[c], cy[c]));
            }
        }
        return parts;
    }

    // ---- hosts ----------------------------------------------------------------------------------

    private static int[] hosts(List<Shift> shifts, List<Visit> visits, Plane plane, double[] sx, double[] sy, long seed) {
        int s = shifts.size();
        long[] room = new long[s];
        long capacityTotal = 0;
        for (int i = 0; i < s; i++) {
            Shift shift = shifts.get(i);
            long breaks = 0;
            for (ShiftBreak b : shift.getBreaks()) {
                breaks += b.duration();
            }
            room[i] = Math.max(0, shift.getNominalEnd() - shift.getStartTime() - breaks);
            capacityTotal += room[i];
        }
        long demandTotal = 0;
        for (Visit v : visits) {
            demandTotal += v.getServiceDuration() + TRAVEL_ALLOWANCE;
        }
        // when the day is over-full, every shift is filled in proportion (the rest overflows to the nearest)
        double fill = Math.min(1.0, Math.max(0.05, BALANCE * demandTotal / (double) Math.max(1, capacityTotal)));
        for (int i = 0; i < s; i++) {
            room[i] = (long) Math.ceil(room[i] * fill);
        }
        int[] host = new int[visits.size()];
        Arrays.fill(host, -1);
        Map<Shift, Integer> shiftIndex = new IdentityHashMap<>();
        for (int i = 0; i < s; i++) {
            shiftIndex.put(shifts.get(i), i);
        }
        Map<Visit, Integer> visitIndex = new IdentityHashMap<>();
        for (int v = 0; v < visits.size(); v++) {
            visitIndex.put(visits.get(v), v);
        }
        for (int i = 0; i < s; i++) { // routes already planned keep their shift
            for (Visit routed : shifts.get(i).getVisits()) {
                Integer v = visitIndex.get(routed);
                if (v != null) {
                    host[v] = i;
                    room[i] -= routed.getServiceDuration() + TRAVEL_ALLOWANCE;
                }
            }
        }
        int[][] compatible = new int[visits.size()][];
        List<Integer> order = new ArrayList<>();
        for (int v = 0; v < visits.size(); v++) {
            if (host[v] >= 0) {
                continue;
            }
            Visit visit = visits.get(v);
            int[] can = new int[s];
            int n = 0;
            for (int i = 0; i < s; i++) {
                if (couldServe(shifts.get(i), visit)) {
                    can[n++] = i;
                }
            }
            compatible[v] = Arrays.copyOf(can, n);
            order.add(v);
        }
        SplittableRandom random = new SplittableRandom(seed);
        long[] tieBreak = new long[visits.size()];
        for (int v = 0; v < visits.size(); v++) {
            tieBreak[v] = random.nextLong();
        }
        order.sort(Comparator.<Integer>comparingInt(v -> compatible[v].length).thenComparingLong(v -> tieBreak[v]));
        for (int v : order) {
            Visit visit = visits.get(v);
            double x = plane.x(visit.getLocation());
            double y = plane.y(visit.getLocation());
            long need = visit.getServiceDuration() + TRAVEL_ALLOWANCE;
            int best = -1;
            int overflow = -1;
            double bestD = Double.POSITIVE_INFINITY;
            double overflowD = Double.POSITIVE_INFINITY;
            for (int i : compatible[v]) {
                double d = sq(sx[i] - x) + sq(sy[i] - y);
                if (room[i] >= need && d < bestD) {
                    bestD = d;
                    best = i;
                }
                if (d < overflowD) {
                    overflowD = d;
                    overflow = i;
                }
            }
            int chosen = best >= 0 ? best : overflow;
            if (chosen >= 0) {
                host[v] = chosen;
                room[chosen] -= need;
            }
        }
        return host;
    }

    /** Whether the shift could serve the visit at all, ignoring the rest of its route. */
    static boolean couldServe(Shift shift, Visit visit) {
        if (!shift.getTechnician().skills().containsAll(visit.getRequiredSkills())) {
            return false;
        }
        if (!visit.getZones().isEmpty() && !shift.getZoneSegments().isEmpty()) {
            boolean serves = false;
            for (ZoneSegment segment : shift.getZoneSegments()) {
                if (visit.getZones().contains(segment.zone()) && segment.end() - segment.start() >= visit.getServiceDuration()) {
                    serves = true;
                    break;
                }
            }
            if (!serves) {
                return false;
            }
        }
        if (visit.hasDeadline() && visit.getDeadline() < shift.getStartTime() + visit.getServiceDuration()) {
            return false;
        }
        if (visit.getTimeWindows().isEmpty()) {
            return true;
        }
        for (TimeWindow window : visit.getTimeWindows()) {
            if (window.end() >= shift.getStartTime() && window.start() <= shift.getLatestEnd()) {
                return true;
            }
        }
        return false;
    }

    // ---- balanced k-means over shifts -----------------------------------------------------------

    private static int[] balancedKMeans(double[] x, double[] y, int[] weight, int k, long seed) {
        int n = x.length;
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] cx = new double[k];
        double[] cy = new double[k];
        // k-means++: each next centre with probability by squared distance to the nearest chosen one
        int first = random.nextInt(n);
        cx[0] = x[first];
        cy[0] = y[first];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        for (int c = 1; c < k; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], sq(x[i] - cx[c - 1]) + sq(y[i] - cy[c - 1]));
                sum += d2[i];
            }
            double pick = random.nextDouble() * sum;
            int chosen = n - 1;
            for (int i = 0; i < n; i++) {
                pick -= d2[i];
                if (pick <= 0) {
                    chosen = i;
                    break;
                }
            }
            cx[c] = x[chosen];
            cy[c] = y[chosen];
        }
        long total = 0;
        for (int w : weight) {
            total += w + 1;
        }
        double cap = BALANCE * total / k;
        int[] cluster = new int[n];
        for (int round = 0; round < ROUNDS; round++) {
            Integer[] order = new Integer[n];
            double[] regret = new double[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
                double best = Double.POSITIVE_INFINITY;
                double second = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = sq(x[i] - cx[c]) + sq(y[i] - cy[c]);
                    if (d < best) {
                        second = best;
                        best = d;
                    } else if (d < second) {
                        second = d;
                    }
                }
                regret[i] = second - best;
            }
            Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -regret[i]).thenComparingInt(i -> i));
            double[] load = new double[k];
            for (int i : order) {
                int chosen = -1;
                double chosenD = Double.POSITIVE_INFINITY;
                int fallback = 0;
                double fallbackLoad = Double.POSITIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double d = sq(x[i] - cx[c]) + sq(y[i] - cy[c]);
                    if (load[c] + weight[i] + 1 <= cap && d < chosenD) {
                        chosenD = d;
                        chosen = c;
                    }
                    if (load[c] < fallbackLoad) {
                        fallbackLoad = load[c];
                        fallback = c;
                    }
                }
                if (chosen < 0) {
                    chosen = fallback;
                }
                cluster[i] = chosen;
                load[chosen] += weight[i] + 1;
            }
            double[] sumX = new double[k];
            double[] sumY = new double[k];
            double[] sumW = new double[k];
            for (int i = 0; i < n; i++) {
                double w = weight[i] + 1;
                sumX[cluster[i]] += w * x[i];
                sumY[cluster[i]] += w * y[i];
                sumW[cluster[i]] += w;
            }
            for (int c = 0; c < k; c++) {
                if (sumW[c] > 0) {
                    cx[c] = sumX[c] / sumW[c];
                    cy[c] = sumY[c] / sumW[c];
                }
            }
        }
        return cluster;
    }

    private static int nearest(double x, double y, double[] cx, double[] cy, int[] members) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < cx.length; c++) {
            double d = sq(x - cx[c]) + sq(y - cy[c]);
            if (members[c] > 0 && d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    private static double sq(double d) {
        return d * d;
    }

    /** A local plane in kilometres around the problem's mean latitude (equirectangular: fine for a region). */
    record Plane(double kmPerDegreeLon) {
        static final double KM_PER_DEGREE_LAT = 111.195;

        static Plane of(List<Shift> shifts, List<Visit> visits) {
            double sum = 0;
            int n = 0;
            for (Visit v : visits) {
                sum += v.getLocation().lat();
                n++;
            }
            for (Shift s : shifts) {
                sum += s.getStartLocation().lat();
                n++;
            }
            double lat = n == 0 ? 0 : sum / n;
            return new Plane(KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(lat)));
        }

        double x(Location l) {
            return l.lon() * kmPerDegreeLon;
        }

        double y(Location l) {
            return l.lat() * KM_PER_DEGREE_LAT;
        }
    }

    /** The parts' shifts by id (a shift is in exactly one part). */
    static Map<String, Integer> partOfShift(List<Part> parts) {
        Map<String, Integer> out = new HashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            for (Shift s : parts.get(p).shifts()) {
                out.put(s.getId(), p);
            }
        }
        return out;
    }
}
