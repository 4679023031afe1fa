package org.fieldplan.geo.road;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.graphhopper.routing.ch.PrepareContractionHierarchies;
import com.graphhopper.routing.ev.DecimalEncodedValue;
import com.graphhopper.routing.ev.DecimalEncodedValueImpl;
import com.graphhopper.routing.util.EdgeFilter;
import com.graphhopper.routing.util.EncodingManager;
import com.graphhopper.routing.weighting.SpeedWeighting;
import com.graphhopper.routing.weighting.Weighting;
import com.graphhopper.storage.BaseGraph;
import com.graphhopper.storage.CHConfig;
import com.graphhopper.storage.RAMDirectory;
import com.graphhopper.storage.RoutingCHGraph;
import com.graphhopper.storage.RoutingCHGraphImpl;
import com.graphhopper.storage.index.LocationIndexTree;
import com.graphhopper.storage.index.Snap;
import com.graphhopper.util.DistanceCalcEarth;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bucket many-to-many on a hand-drawn road graph whose answers can be worked out on paper.
 *
 * <pre>
 *          3 (lat 0.01, lon 0.01)
 *          |   \
 *   0 ---- 1 ==> 2        component A: 0-1 two-way, 1=>2 one-way (slow), 1-3 and 2-3 two-way
 *   a      b  c           a: middle of 0-1; b: middle of 1=>2; c: three quarters along 1=>2
 *
 *   4 ---- 5              component B, far away (lat 1): no road joins it to A
 *      d                  d: middle of 4-5
 * </pre>
 *
 * Speeds (GraphHopper's SpeedWeighting: weight = metres / speed, time = 1000 * weight ms):
 * 10 on two-way roads, 5 on the one-way street.
 */
class ManyToManyTest {

    private static final DistanceCalcEarth EARTH = DistanceCalcEarth.DIST_EARTH;
    private static final double[][] NODES = {{0, 0}, {0, 0.01}, {0, 0.02}, {0.01, 0.01}, {1, 1}, {1, 1.01}};

    private final DecimalEncodedValue speed = new DecimalEncodedValueImpl("speed", 5, 5, true);
    private ExecutorService pool;
    private BaseGraph graph;
    private Weighting weighting;
    private UpwardGraph upward;
    private LocationIndexTree index;

    @BeforeEach
    void drawTheGraph() {
        graph = new BaseGraph.Builder(EncodingManager.start().add(speed).build()).create();
        for (int n = 0; n < NODES.length; n++) {
            graph.getNodeAccess().setNode(n, NODES[n][0], NODES[n][1]);
        }
        road(0, 1, 10, 10);
        road(1, 2, 5, 0);
        road(1, 3, 10, 10);
        road(2, 3, 10, 10);
        road(4, 5, 10, 10);
        graph.freeze();
        weighting = new SpeedWeighting(speed);
        PrepareContractionHierarchies.Result ch = PrepareContractionHierarchies
                .fromGraph(graph, CHConfig.nodeBased("car", weighting)).doWork();
        RoutingCHGraph routing = RoutingCHGraphImpl.fromGraph(graph, ch.getCHStorage(), ch.getCHConfig());
        upward = UpwardGraph.of(routing);
        index = new LocationIndexTree(graph, new RAMDirectory());
        index.prepareIndex();
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        graph.close();
    }

    private void road(int a, int b, double forward, double backward) {
        graph.edge(a, b).setDistance(metres(a, b)).set(speed, forward, backward);
    }

    private static double metres(int a, int b) {
        return EARTH.calcDist(NODES[a][0], NODES[a][1], NODES[b][0], NODES[b][1]);
    }

    private TravelMatrix matrix(double[]... latLons) {
        List<Snap> snaps = new ArrayList<>();
        for (double[] p : latLons) {
            Snap snap = index.findClosest(p[0], p[1], EdgeFilter.ALL_EDGES);
            assertThat(snap.isValid()).isTrue();
            snaps.add(snap);
        }
        return new ManyToMany(upward, graph, weighting, pool, 2).compute(snaps);
    }

    /** Whole seconds of a drive of {@code metres} at {@code speed}, as GraphHopper times one edge piece. */
    private static long millis(double metres, double speed) {
        return (long) (1000 * metres / speed);
    }

    private static int seconds(long millis) {
        return (int) ((millis + 500) / 1000);
    }

    @Test
    void worksOutTheRoutesThroughSplitEdgesOneWayStreetsAndDisconnectedRoads() {
        double[] a = {0, 0.005};
        double[] b = {0, 0.015};
        double[] c = {0, 0.0175};
        double[] d = {1, 1.005};
        double edge = metres(0, 1);                 // 0-1 and 1-2 have the same length, about 1112 m
        double round = metres(2, 3) + metres(3, 1); // from 2 round by 3 back to 1: about 1572 m + 1112 m

        TravelMatrix m = matrix(a, b, c, d);

        // a -> b: half of 0-1 at 10, then half of the one-way 1=>2 at 5
        assertThat(m.metres(0, 1)).isEqualTo((int) Math.round(edge));
        assertThat(m.seconds(0, 1)).isEqualTo(seconds(millis(edge / 2, 10) + millis(edge / 2, 5)));
        // b -> a: b cannot drive back along 1=>2; on to 2, round by 3 to 1, then half of 1-0
        assertThat(m.metres(1, 0)).isEqualTo((int) Math.round(edge / 2 + round + edge / 2));
        assertThat(m.seconds(1, 0)).isEqualTo(seconds(millis(edge / 2, 5) + millis(metres(2, 3), 10) + millis(metres(3, 1), 10)
                + millis(edge / 2, 10)));
        // b -> c on the same one-way street, with the flow: a quarter of it
        assertThat(m.metres(1, 2)).isEqualTo((int) Math.round(edge / 4));
        assertThat(m.seconds(1, 2)).isEqualTo(seconds(millis(edge / 4, 5)));
        // c -> b against the flow: the rest of the street, round the block, then half of the street
        assertThat(m.metres(2, 1)).isEqualTo((int) Math.round(edge / 4 + round + edge / 2));
        // nothing joins component B to component A
        for (int i = 0; i < 3; i++) {
            assertThat(m.reachable(i, 3)).as("%d -> d", i).isFalse();
            assertThat(m.seconds(i, 3)).isEqualTo(TravelMatrix.UNREACHABLE);
            assertThat(m.metres(3, i)).isEqualTo(TravelMatrix.UNREACHABLE);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(m.seconds(i, i)).isZero();
            assertThat(m.metres(i, i)).isZero();
        }
    }

    @Test
    void theSameLocationTwiceIsZeroApartAndANodeLocationNeedsNoVirtualNode() {
        double[] atNode1 = {0, 0.01};
        double[] b = {0, 0.015};

        TravelMatrix m = matrix(b, atNode1, b);

        assertThat(m.seconds(0, 2)).isZero();
        assertThat(m.metres(2, 0)).isZero();
        assertThat(m.metres(1, 0)).isEqualTo((int) Math.round(metres(1, 2) / 2));
        assertThat(m.metres(0, 1)).isEqualTo((int) Math.round(metres(1, 2) / 2 + metres(2, 3) + metres(3, 1)));
    }

    @Test
    void anEmptyListIsAnEmptyMatrix() {
        assertThat(new ManyToMany(upward, graph, weighting, pool, 2).compute(List.of()).size()).isZero();
    }
}
