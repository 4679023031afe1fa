package org.fieldplan.geo.road;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.graphhopper.routing.querygraph.QueryGraph;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.EdgeExplorer;
import com.graphhopper.util.EdgeIterator;

import org.fieldplan.engine.travel.TravelMatrix;

/**
 * Many-to-many shortest paths on a contraction hierarchy with the bucket technique (Knopp et al.):
 * an upward backward search from every target leaves (target, weight) entries in buckets at the
 * nodes it settles; an upward forward search from every source scans the buckets of the nodes it
 * settles, and the smallest sum over meeting nodes is the shortest path. Each search touches a few
 * hundred nodes instead of the whole graph, so N x N costs about 2 N small searches plus the bucket
 * scans.
 *
 * <p>Locations sit on virtual nodes where they snap onto an edge (GraphHopper's {@link QueryGraph}
 * splits the edge and weighs the parts exactly as its own routes do); virtual nodes are searched in
 * every direction, real nodes only upward. Times are summed in milliseconds along the chosen path
 * and rounded to whole seconds once, distances summed in metres and rounded once.
 */
final class ManyToMany {

    private final UpwardGraph up;
    private final BaseGraph base;
    private final Weighting weighting;
    private final ExecutorService pool;
    private final int threads;

    ManyToMany(UpwardGraph up, BaseGraph base, Weighting weighting, ExecutorService pool, int threads) {
        this.up = up;
        this.base = base;
        this.weighting = weighting;
        this.pool = pool;
        this.threads = threads;
    }

    /** The matrix between snapped locations; the snaps are consumed (their closest node becomes virtual). */
    TravelMatrix compute(List<Snap> snaps) {
        int n = snaps.size();
        if (n == 0) {
            return TravelMatrix.of(0, new int[0], new int[0]);
        }
        QueryGraph query = QueryGraph.create(base, snaps);
        Overlay overlay = new Overlay(query, up.nodes, weighting);
        int[] node = new int[n];
        for (int i = 0; i < n; i++) {
            node[i] = snaps.get(i).getClosestNode();
        }
        int totalNodes = up.nodes + overlay.virtualNodes;

        // phase 1: backward searches from every target, collected per target
        Settled[] byTarget = new Settled[n];
        runParallel(n, () -> new Search(totalNodes, overlay), (search, t) -> byTarget[t] = search.run(node[t], false));
        Buckets buckets = new Buckets(totalNodes, byTarget);

        // phase 2: forward searches from every source, scanning buckets
        int[] seconds = new int[n * n];
        int[] metres = new int[n * n];
        runParallel(n, () -> new Search(totalNodes, overlay), (search, s) -> search.row(node[s], s, n, buckets, seconds, metres));
        return TravelMatrix.of(n, seconds, metres);
    }

    /**
     * The search spaces of a fixed set of snapped locations, kept at real nodes only, so that travel between any
     * new location and every one of them costs one forward and one backward upward search from the new location.
     */
    static final class Prepared {
        final int size;
        /** backward search spaces: reaching prepared location t from a node */
        final Buckets toPrepared;
        /** forward search spaces: reaching a node from prepared location s */
        final Buckets fromPrepared;
        /** the edge each location snapped onto (between two real nodes), or -1 when it snapped onto a node */
        final int[] edge;
        /** search states for {@link #extend}, reused (a state is about 1 MB on a country-sized graph) */
        final java.util.concurrent.ConcurrentLinkedQueue<Search> searches = new java.util.concurrent.ConcurrentLinkedQueue<>();

        /** where each location lies on its edge (null when it snapped onto a node) */
        final EdgePosition[] positions;

        Prepared(int size, Buckets toPrepared, Buckets fromPrepared, int[] edge, EdgePosition[] positions) {
            this.size = size;
            this.toPrepared = toPrepared;
            this.fromPrepared = fromPrepared;
            this.edge = edge;
            this.positions = positions;
        }
    }

    /**
     * A location's place on its road edge: the fraction of the way from the edge's base node, the edge's length and
     * its driving time in each direction (-1 where it may not be driven).
     */
    record EdgePosition(int edge, int baseNode, int adjNode, double fraction, double metres, long millisForward,
            long millisBackward) {

        /** Driving straight along the edge from this place to {@code other}'s (same edge), or null if not allowed. */
        long @org.jspecify.annotations.Nullable [] directTo(EdgePosition other) {
            if (baseNode == adjNode) {
                return null; // a loop: the bucket answer via its node is used
            }
            double target = other.baseNode == baseNode ? other.fraction : 1 - other.fraction;
            double share = Math.abs(target - fraction);
            long millis = target >= fraction ? millisForward : millisBackward;
            if (millis < 0) {
                return null;
            }
            return new long[] {Math.round(millis * share), Math.round(metres * share)};
        }
    }

    private @org.jspecify.annotations.Nullable EdgePosition position(Snap snap) {
        if (!snap.isValid() || snap.getSnappedPosition() == Snap.Position.TOWER) {
            return null;
        }
        com.graphhopper.util.EdgeIteratorState e = snap.getClosestEdge();
        com.graphhopper.util.PointList points = e.fetchWayGeometry(com.graphhopper.util.FetchMode.ALL);
        com.graphhopper.util.DistanceCalc calc = com.graphhopper.util.DistanceCalcEarth.DIST_EARTH;
        double total = 0;
        double along = 0;
        int wayIndex = snap.getWayIndex();
        for (int k = 1; k < points.size(); k++) {
            double d = calc.calcDist(points.getLat(k - 1), points.getLon(k - 1), points.getLat(k), points.getLon(k));
            if (k <= wayIndex) {
                along += d;
            }
            total += d;
        }
        var snapped = snap.getSnappedPoint();
        int at = Math.min(wayIndex, points.size() - 1);
        along += calc.calcDist(points.getLat(at), points.getLon(at), snapped.lat, snapped.lon);
        double fraction = total > 0 ? Math.min(1, along / total) : 0;
        double forward = weighting.calcEdgeWeight(e, false);
        double backward = weighting.calcEdgeWeight(e, true);
        return new EdgePosition(e.getEdge(), e.getBaseNode(), e.getAdjNode(), fraction, e.getDistance(),
                Double.isFinite(forward) ? weighting.calcEdgeMillis(e, false) : -1,
                Double.isFinite(backward) ? weighting.calcEdgeMillis(e, true) : -1);
    }


    /** Prepares {@code snaps} for {@link #extend}; the snaps are consumed. */
    Prepared prepare(List<Snap> snaps) {
        int n = snaps.size();
        int[] edge = new int[n];
        EdgePosition[] positions = new EdgePosition[n];
        for (int i = 0; i < n; i++) {
            edge[i] = edgeOf(snaps.get(i));
            positions[i] = position(snaps.get(i));
        }
        if (n == 0) {
            Buckets empty = new Buckets(up.nodes, new Settled[0]);
            return new Prepared(0, empty, empty, edge, positions);
        }
        QueryGraph query = QueryGraph.create(base, snaps);
        Overlay overlay = new Overlay(query, up.nodes, weighting);
        int[] node = new int[n];
        for (int i = 0; i < n; i++) {
            node[i] = snaps.get(i).getClosestNode();
        }
        int totalNodes = up.nodes + overlay.virtualNodes;
        Settled[] backward = new Settled[n];
        Settled[] forward = new Settled[n];
        runParallel(n, () -> new Search(totalNodes, overlay), (search, t) -> {
            backward[t] = realOnly(search.run(node[t], false));
            forward[t] = realOnly(search.run(node[t], true));
        });
        return new Prepared(n, new Buckets(up.nodes, backward), new Buckets(up.nodes, forward), edge, positions);
    }

    /**
     * Travel between one new location and every prepared one: {@code out} receives new -> prepared[i] (seconds,
     * metres), {@code in} prepared[i] -> new, {@link TravelMatrix#UNREACHABLE} where no road leads. The snap is
     * consumed. A prepared location on the very same road edge is answered by {@code sameEdge} (the meeting node of
     * such a path may lie inside the edge, which the kept search spaces do not hold).
     */
    void extend(Prepared prepared, Snap snap, int[] outSeconds, int[] outMetres, int[] inSeconds, int[] inMetres) {
        int newEdge = edgeOf(snap);
        EdgePosition here = position(snap);
        QueryGraph query = QueryGraph.create(base, List.of(snap));
        Overlay overlay = new Overlay(query, up.nodes, weighting);
        int totalNodes = up.nodes + overlay.virtualNodes;
        Search search = prepared.searches.poll();
        if (search == null || search.capacity() < totalNodes) {
            search = new Search(Math.max(totalNodes, up.nodes + 4), overlay);
        }
        search.use(overlay);
        int from = snap.getClosestNode();
        try {
            search.scan(from, true, prepared.toPrepared, prepared.size, outSeconds, outMetres);
            search.scan(from, false, prepared.fromPrepared, prepared.size, inSeconds, inMetres);
        } finally {
            prepared.searches.offer(search);
        }
        if (newEdge >= 0 && here != null) {
            // a path between two places on one edge may stay on the edge: no kept search space holds its meeting point
            for (int i = 0; i < prepared.size; i++) {
                EdgePosition there = prepared.positions[i];
                if (prepared.edge[i] != newEdge || there == null) {
                    continue;
                }
                keepShorter(here.directTo(there), outSeconds, outMetres, i);
                keepShorter(there.directTo(here), inSeconds, inMetres, i);
            }
        }
    }

    private static void keepShorter(long @org.jspecify.annotations.Nullable [] direct, int[] seconds, int[] metres, int i) {
        if (direct == null) {
            return;
        }
        int s = toSeconds(direct[0]);
        if (seconds[i] == TravelMatrix.UNREACHABLE || s < seconds[i]) {
            seconds[i] = s;
            metres[i] = (int) direct[1];
        }
    }

    private static int edgeOf(Snap snap) {
        return snap.isValid() && snap.getSnappedPosition() != Snap.Position.TOWER ? snap.getClosestEdge().getEdge() : -1;
    }

    private Settled realOnly(Settled all) {
        int count = 0;
        for (int node : all.nodes()) {
            if (node < up.nodes) {
                count++;
            }
        }
        int[] nodes = new int[count];
        double[] w = new double[count];
        long[] ms = new long[count];
        double[] d = new double[count];
        int k = 0;
        for (int i = 0; i < all.nodes().length; i++) {
            if (all.nodes()[i] < up.nodes) {
                nodes[k] = all.nodes()[i];
                w[k] = all.weight()[i];
                ms[k] = all.millis()[i];
                d[k] = all.distance()[i];
                k++;
            }
        }
        return new Settled(nodes, w, ms, d);
    }

    private interface Task {
        void run(Search search, int index);
    }

    private void runParallel(int count, java.util.function.Supplier<Search> searches, Task task) {
        AtomicInteger next = new AtomicInteger();
        int workers = Math.max(1, Math.min(threads, count / 16 + 1));
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            futures.add(pool.submit(() -> {
                Search search = searches.get();
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(search, i);
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new IllegalStateException("Interrupted while computing a " + count + "x" + count + " travel matrix", e);
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("A matrix search failed", e.getCause());
            }
        }
    }

    /** The edges at virtual nodes (snapped locations), in both directions, weighed like GraphHopper's query graph. */
    static final class Overlay {
        final int firstVirtual;
        final int virtualNodes;
        final int[] start;
        final int[] adj;
        final double[] fwdWeight;
        final long[] fwdMillis;
        final double[] bwdWeight;
        final long[] bwdMillis;
        final double[] distance;

        Overlay(QueryGraph query, int realNodes, Weighting weighting) {
            this.firstVirtual = realNodes;
            this.virtualNodes = query.getNodes() - realNodes;
            this.start = new int[virtualNodes + 1];
            int capacity = virtualNodes * 2;
            int[] a = new int[capacity];
            double[] fw = new double[capacity];
            long[] fm = new long[capacity];
            double[] bw = new double[capacity];
            long[] bm = new long[capacity];
            double[] d = new double[capacity];
            int size = 0;
            EdgeExplorer explorer = query.createEdgeExplorer();
            for (int v = 0; v < virtualNodes; v++) {
                start[v] = size;
                EdgeIterator it = explorer.setBaseNode(realNodes + v);
                while (it.next()) {
                    if (size == a.length) {
                        int grown = Math.max(4, size * 2);
                        a = Arrays.copyOf(a, grown);
                        fw = Arrays.copyOf(fw, grown);
                        fm = Arrays.copyOf(fm, grown);
                        bw = Arrays.copyOf(bw, grown);
                        bm = Arrays.copyOf(bm, grown);
                        d = Arrays.copyOf(d, grown);
                    }
                    a[size] = it.getAdjNode();
                    fw[size] = weighting.calcEdgeWeight(it, false);
                    fm[size] = Double.isFinite(fw[size]) ? weighting.calcEdgeMillis(it, false) : 0;
                    bw[size] = weighting.calcEdgeWeight(it, true);
                    bm[size] = Double.isFinite(bw[size]) ? weighting.calcEdgeMillis(it, true) : 0;
                    d[size] = it.getDistance();
                    size++;
                }
            }
            start[virtualNodes] = size;
            this.adj = a;
            this.fwdWeight = fw;
            this.fwdMillis = fm;
            this.bwdWeight = bw;
            this.bwdMillis = bm;
            this.distance = d;
        }
    }

    /** The nodes a backward search settled, with weight, time and distance to its target. */
    record Settled(int[] nodes, double[] weight, long[] millis, double[] distance) {
    }

    /** (target, weight, time, distance) entries grouped by node, in flat arrays. */
    static final class Buckets {
        final int[] start;
        final int[] target;
        final double[] weight;
        final long[] millis;
        final double[] distance;

        Buckets(int totalNodes, Settled[] byTarget) {
            start = new int[totalNodes + 1];
            for (Settled settled : byTarget) {
                for (int node : settled.nodes()) {
                    start[node + 1]++;
                }
            }
            for (int i = 0; i < totalNodes; i++) {
                start[i + 1] += start[i];
            }
            int total = start[totalNodes];
            target = new int[total];
            weight = new double[total];
            millis = new long[total];
            distance = new double[total];
            int[] fill = Arrays.copyOf(start, totalNodes);
            for (int t = 0; t < byTarget.length; t++) {
                Settled settled = byTarget[t];
                for (int k = 0; k < settled.nodes().length; k++) {
                    int at = fill[settled.nodes()[k]]++;
                    target[at] = t;
                    weight[at] = settled.weight()[k];
                    millis[at] = settled.millis()[k];
                    distance[at] = settled.distance()[k];
                }
            }
        }
    }

    /** One thread's search state, reused from search to search. */
    final class Search {
        private Overlay overlay;
        private final double[] weight;
        private final long[] millis;
        private final double[] distance;
        private final boolean[] settled;
        private int[] touched = new int[1024];
        private int touchedCount;
        private final MinHeap heap = new MinHeap();
        // per source row
        private double[] bestWeight = new double[0];
        private long[] bestMillis = new long[0];
        private double[] bestDistance = new double[0];

        Search(int totalNodes, Overlay overlay) {
            this.overlay = overlay;
            weight = new double[totalNodes];
            millis = new long[totalNodes];
            distance = new double[totalNodes];
            settled = new boolean[totalNodes];
            Arrays.fill(weight, Double.POSITIVE_INFINITY);
        }

        int capacity() {
            return weight.length;
        }

        void use(Overlay o) {
            this.overlay = o;
        }

        /** A full upward search (forward from a source or backward from a target); returns what it settled. */
        Settled run(int from, boolean forward) {
            int[] order = new int[64];
            int count = 0;
            start(from);
            while (!heap.isEmpty()) {
                double key = heap.peekKey();
                int u = heap.pop();
                if (settled[u] || key > weight[u]) {
                    continue;
                }
                settled[u] = true;
                if (stalled(u, forward)) {
                    continue; // not on any shortest up-down path: no bucket entry, no edges relaxed
                }
                if (count == order.length) {
                    order = Arrays.copyOf(order, count * 2);
                }
                order[count++] = u;
                relax(u, forward);
            }
            double[] w = new double[count];
            long[] ms = new long[count];
            double[] d = new double[count];
            for (int k = 0; k < count; k++) {
                w[k] = weight[order[k]];
                ms[k] = millis[order[k]];
                d[k] = distance[order[k]];
            }
            Settled result = new Settled(Arrays.copyOf(order, count), w, ms, d);
            reset();
            return result;
        }

        /** Forward search from one source, scanning buckets; writes the row of the matrix (0 on the diagonal). */
        void row(int from, int row, int n, Buckets buckets, int[] seconds, int[] metres) {
            if (rowSeconds.length != n) {
                rowSeconds = new int[n];
                rowMetres = new int[n];
            }
            scan(from, true, buckets, n, rowSeconds, rowMetres);
            System.arraycopy(rowSeconds, 0, seconds, row * n, n);
            System.arraycopy(rowMetres, 0, metres, row * n, n);
            seconds[row * n + row] = 0;
            metres[row * n + row] = 0;
        }

        private int[] rowSeconds = new int[0];
        private int[] rowMetres = new int[0];

        /**
         * An upward search from {@code from} (forward or backward) scanning {@code buckets} (kept at real nodes):
         * the best path to (forward) or from (backward) each of the {@code n} bucket owners.
         */
        void scan(int from, boolean forward, Buckets buckets, int n, int[] seconds, int[] metres) {
            if (bestWeight.length != n) {
                bestWeight = new double[n];
                bestMillis = new long[n];
                bestDistance = new double[n];
            }
            Arrays.fill(bestWeight, Double.POSITIVE_INFINITY);
            int realNodes = buckets.start.length - 1;
            start(from);
            while (!heap.isEmpty()) {
                double key = heap.peekKey();
                int u = heap.pop();
                if (settled[u] || key > weight[u]) {
                    continue;
                }
                settled[u] = true;
                if (stalled(u, forward)) {
                    continue; // its label is not its distance: no shortest path meets here or passes on from here
                }
                if (u < realNodes) {
                    double wu = weight[u];
                    long mu = millis[u];
                    double du = distance[u];
                    for (int k = buckets.start[u], end = buckets.start[u + 1]; k < end; k++) {
                        int t = buckets.target[k];
                        double w = wu + buckets.weight[k];
                        if (w < bestWeight[t]) {
                            bestWeight[t] = w;
                            bestMillis[t] = mu + buckets.millis[k];
                            bestDistance[t] = du + buckets.distance[k];
                        }
                    }
                }
                relax(u, forward);
            }
            reset();
            for (int t = 0; t < n; t++) {
                if (bestWeight[t] == Double.POSITIVE_INFINITY) {
                    seconds[t] = TravelMatrix.UNREACHABLE;
                    metres[t] = TravelMatrix.UNREACHABLE;
                } else {
                    seconds[t] = toSeconds(bestMillis[t]);
                    metres[t] = (int) Math.round(bestDistance[t]);
                }
            }
        }

        /**
         * Stall-on-demand: {@code u} (a real node) is reached more cheaply from a higher node already labelled, over an
         * edge down into {@code u}, than its own upward label says; then {@code u}'s label is not its distance, so no
         * shortest path's highest node is {@code u} nor is reached upward through it, and the search neither scans nor
         * relaxes it. Results stay exact (the nodes of a shortest up-down path keep exact labels and are never
         * stalled); searches settle fewer nodes and the kept search spaces (buckets) hold fewer entries (issue 18:
         * the two upward searches of a window query were a third of its CPU).
         */
        private boolean stalled(int u, boolean forward) {
            if (u >= up.nodes) {
                return false; // virtual nodes are searched in every direction
            }
            double wu = weight[u];
            if (forward) {
                // edges v -> u from higher v (the backward graph at u)
                for (int k = up.bwdStart[u], end = up.bwdStart[u + 1]; k < end; k++) {
                    if (weight[up.bwdAdj[k]] + up.bwdWeight[k] < wu) {
                        return true;
                    }
                }
            } else {
                // edges u -> v to higher v: the distance from u to the target through v
                for (int k = up.fwdStart[u], end = up.fwdStart[u + 1]; k < end; k++) {
                    if (weight[up.fwdAdj[k]] + up.fwdWeight[k] < wu) {
                        return true;
                    }
                }
            }
            return false;
        }

        private void start(int from) {
            weight[from] = 0;
            millis[from] = 0;
            distance[from] = 0;
            touch(from);
            heap.clear();
            heap.push(0, from);
        }

        private void relax(int u, boolean forward) {
            if (u >= overlay.firstVirtual) {
                int v = u - overlay.firstVirtual;
                for (int k = overlay.start[v], end = overlay.start[v + 1]; k < end; k++) {
                    double w = forward ? overlay.fwdWeight[k] : overlay.bwdWeight[k];
                    if (Double.isFinite(w)) {
                        improve(overlay.adj[k], weight[u] + w, millis[u] + (forward ? overlay.fwdMillis[k] : overlay.bwdMillis[k]),
                                distance[u] + overlay.distance[k]);
                    }
                }
                return;
            }
            if (forward) {
                for (int k = up.fwdStart[u], end = up.fwdStart[u + 1]; k < end; k++) {
                    improve(up.fwdAdj[k], weight[u] + up.fwdWeight[k], millis[u] + up.fwdMillis[k], distance[u] + up.fwdDistance[k]);
                }
            } else {
                for (int k = up.bwdStart[u], end = up.bwdStart[u + 1]; k < end; k++) {
                    improve(up.bwdAdj[k], weight[u] + up.bwdWeight[k], millis[u] + up.bwdMillis[k], distance[u] + up.bwdDistance[k]);
                }
            }
        }

        private void improve(int v, double w, long ms, double d) {
            if (w < weight[v] && !settled[v]) {
                if (weight[v] == Double.POSITIVE_INFINITY) {
                    touch(v);
                }
                weight[v] = w;
                millis[v] = ms;
                distance[v] = d;
                heap.push(w, v);
            }
        }

        private void touch(int node) {
            if (touchedCount == touched.length) {
                touched = Arrays.copyOf(touched, touchedCount * 2);
            }
            touched[touchedCount++] = node;
        }

        private void reset() {
            for (int i = 0; i < touchedCount; i++) {
                int node = touched[i];
                weight[node] = Double.POSITIVE_INFINITY;
                settled[node] = false;
            }
            touchedCount = 0;
            heap.clear();
        }
    }

    /** Milliseconds to whole seconds, half up, as GraphHopper's own time in seconds would round. */
    static int toSeconds(long millis) {
        return (int) ((millis + 500) / 1000);
    }
}
