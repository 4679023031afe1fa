package org.fieldplan.geo.road;

import java.util.Arrays;

import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.RoutingCHEdgeExplorer;
import com.graphhopper.storage.RoutingCHEdgeIterator;
import com.graphhopper.storage.RoutingCHEdgeIteratorState;
import com.graphhopper.storage.RoutingCHGraph;
import com.graphhopper.util.EdgeIteratorState;

/**
 * The upward edges of a node-based contraction hierarchy as flat arrays, the shape the many-to-many
 * searches want: for every node, the edges to higher-ranked nodes that can be driven away from it
 * (forward) and towards it (backward), each with the CH weight GraphHopper routes by and the time
 * (ms) and distance (m) of the road it stands for.
 *
 * <p>A shortcut's time and distance are the sums over the original edges it replaces, unpacked the
 * way GraphHopper's path extraction does and memoised per shortcut and direction, so the totals agree
 * with GraphHopper's own routes.
 */
final class UpwardGraph {

    final int nodes;
    /** forward: edges u -> v with rank(v) > rank(u), stored at u */
    final int[] fwdStart;
    final int[] fwdAdj;
    final double[] fwdWeight;
    final long[] fwdMillis;
    final double[] fwdDistance;
    /** backward: edges v -> u with rank(v) > rank(u), stored at u (searched from u towards v) */
    final int[] bwdStart;
    final int[] bwdAdj;
    final double[] bwdWeight;
    final long[] bwdMillis;
    final double[] bwdDistance;

    private UpwardGraph(int nodes, Lists fwd, Lists bwd) {
        this.nodes = nodes;
        this.fwdStart = fwd.start;
        this.fwdAdj = Arrays.copyOf(fwd.adj, fwd.size);
        this.fwdWeight = Arrays.copyOf(fwd.weight, fwd.size);
        this.fwdMillis = Arrays.copyOf(fwd.millis, fwd.size);
        this.fwdDistance = Arrays.copyOf(fwd.distance, fwd.size);
        this.bwdStart = bwd.start;
        this.bwdAdj = Arrays.copyOf(bwd.adj, bwd.size);
        this.bwdWeight = Arrays.copyOf(bwd.weight, bwd.size);
        this.bwdMillis = Arrays.copyOf(bwd.millis, bwd.size);
        this.bwdDistance = Arrays.copyOf(bwd.distance, bwd.size);
    }

    int edges() {
        return fwdAdj.length + bwdAdj.length;
    }

    static UpwardGraph of(RoutingCHGraph ch) {
        if (ch.isEdgeBased()) {
            throw new IllegalArgumentException("The CH graph is edge-based (turn costs); the matrix needs a node-based one.");
        }
        Unpacker unpacker = new Unpacker(ch);
        int n = ch.getNodes();
        Lists fwd = new Lists(n);
        Lists bwd = new Lists(n);
        RoutingCHEdgeExplorer out = ch.createOutEdgeExplorer();
        RoutingCHEdgeExplorer in = ch.createInEdgeExplorer();
        for (int u = 0; u < n; u++) {
            int rank = ch.getLevel(u);
            fwd.start[u] = fwd.size;
            RoutingCHEdgeIterator it = out.setBaseNode(u);
            while (it.next()) {
                int v = it.getAdjNode();
                double w = it.getWeight(false);
                if (v == u || ch.getLevel(v) < rank || Double.isInfinite(w)) {
                    continue;
                }
                fwd.add(v, w, unpacker.millis(it.getEdge(), u, v), unpacker.distance(it.getEdge(), u, v));
            }
            bwd.start[u] = bwd.size;
            it = in.setBaseNode(u);
            while (it.next()) {
                int v = it.getAdjNode();
                double w = it.getWeight(true);
                if (v == u || ch.getLevel(v) < rank || Double.isInfinite(w)) {
                    continue;
                }
                bwd.add(v, w, unpacker.millis(it.getEdge(), v, u), unpacker.distance(it.getEdge(), v, u));
            }
        }
        fwd.start[n] = fwd.size;
        bwd.start[n] = bwd.size;
        return new UpwardGraph(n, fwd, bwd);
    }

    /** Growing parallel arrays, one CSR adjacency. */
    private static final class Lists {
        final int[] start;
        int[] adj = new int[1024];
        double[] weight = new double[1024];
        long[] millis = new long[1024];
        double[] distance = new double[1024];
        int size;

        Lists(int nodes) {
            start = new int[nodes + 1];
        }

        void add(int v, double w, long ms, double d) {
            if (size == adj.length) {
                int capacity = size * 2;
                adj = Arrays.copyOf(adj, capacity);
                weight = Arrays.copyOf(weight, capacity);
                millis = Arrays.copyOf(millis, capacity);
                distance = Arrays.copyOf(distance, capacity);
            }
            adj[size] = v;
            weight[size] = w;
            millis[size] = ms;
            distance[size] = d;
            size++;
        }
    }

    /**
     * Time and distance of CH edges, shortcuts unpacked recursively into original edges with
     * memoisation: a shortcut from its node A to node B and from B to A are remembered separately.
     */
    private static final class Unpacker {
        private final RoutingCHGraph ch;
        private final BaseGraph base;
        private final Weighting weighting;
        private final int baseEdges;
        private final long[] millisAB;
        private final long[] millisBA;
        private final double[] distance;

        Unpacker(RoutingCHGraph ch) {
            this.ch = ch;
            this.base = (BaseGraph) ch.getBaseGraph();
            this.weighting = ch.getWeighting();
            this.baseEdges = base.getEdges();
            int shortcuts = ch.getShortcuts();
            this.millisAB = new long[shortcuts];
            this.millisBA = new long[shortcuts];
            this.distance = new double[shortcuts];
            Arrays.fill(millisAB, -1);
            Arrays.fill(millisBA, -1);
            Arrays.fill(distance, Double.NaN);
        }

        /** Milliseconds to drive CH edge {@code chEdge} from node {@code from} to node {@code to}. */
        long millis(int chEdge, int from, int to) {
            if (chEdge < baseEdges) {
                EdgeIteratorState edge = base.getEdgeIteratorState(chEdge, to);
                return weighting.calcEdgeMillis(edge, false);
            }
            int s = chEdge - baseEdges;
            RoutingCHEdgeIteratorState shortcut = ch.getEdgeIteratorState(chEdge, to);
            boolean towardsB = ch.getEdgeIteratorState(chEdge, Integer.MIN_VALUE).getAdjNode() == to;
            long[] memo = towardsB ? millisAB : millisBA;
            if (memo[s] >= 0) {
                return memo[s];
            }
            RoutingCHEdgeIteratorState[] halves = split(shortcut, to);
            int via = halves[1].getBaseNode();
            long total = millis(halves[0].getEdge(), from, via) + millis(halves[1].getEdge(), via, to);
            memo[s] = total;
            return total;
        }

        /** Metres of CH edge {@code chEdge} (the same both ways). */
        double distance(int chEdge, int from, int to) {
            if (chEdge < baseEdges) {
                return base.getEdgeIteratorState(chEdge, to).getDistance();
            }
            int s = chEdge - baseEdges;
            if (!Double.isNaN(distance[s])) {
                return distance[s];
            }
            RoutingCHEdgeIteratorState[] halves = split(ch.getEdgeIteratorState(chEdge, to), to);
            int via = halves[1].getBaseNode();
            double total = distance(halves[0].getEdge(), from, via) + distance(halves[1].getEdge(), via, to);
            distance[s] = total;
            return total;
        }

        /** The two skipped edges of a shortcut ending at {@code to}: first from its start to the contracted node, then on to {@code to}. */
        private RoutingCHEdgeIteratorState[] split(RoutingCHEdgeIteratorState shortcut, int to) {
            int skip1 = shortcut.getSkippedEdge1();
            int skip2 = shortcut.getSkippedEdge2();
            RoutingCHEdgeIteratorState second = ch.getEdgeIteratorState(skip2, to);
            RoutingCHEdgeIteratorState first;
            if (second == null) {
                second = ch.getEdgeIteratorState(skip1, to);
                first = ch.getEdgeIteratorState(skip2, second.getBaseNode());
            } else {
                first = ch.getEdgeIteratorState(skip1, second.getBaseNode());
            }
            return new RoutingCHEdgeIteratorState[] {first, second};
        }
    }
}
