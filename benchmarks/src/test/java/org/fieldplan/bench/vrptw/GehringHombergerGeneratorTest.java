package org.fieldplan.bench.vrptw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.fieldplan.bench.vrptw.GehringHombergerGenerator.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generated Gehring-Homberger style instances at 1,000 customers: format, feasibility, class properties. */
class GehringHombergerGeneratorTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aThousandCustomerInstanceParsesBackAndIsFeasibleByASimpleConstruction(Kind kind) {
        SolomonInstance generated = GehringHombergerGenerator.generate(kind, 1000, 1, 7);
        SolomonInstance parsed = SolomonParser.parse(GehringHombergerGenerator.toText(generated), "x", kind.name());

        assertThat(parsed).isEqualTo(generated);
        assertThat(parsed.name()).isEqualTo(kind + "_10_1");
        assertThat(parsed.customerCount()).isEqualTo(1000);
        assertThat(parsed.vehicles()).isEqualTo(250);
        assertThat(parsed.capacity()).isEqualTo(kind == Kind.C2 ? 700 : kind.longHorizon() ? 1000 : 200);
        assertThat(parsed.nodes().stream().skip(1).mapToInt(SolomonInstance.Node::id).distinct().count()).isEqualTo(1000);

        VrptwSolution simple = appendInDueOrder(parsed);
        SolutionChecker.Result check = SolutionChecker.check(parsed, simple);
        assertThat(check.violations()).as(kind + " by a simple construction").isEmpty();
        assertThat(check.vehicles()).isLessThanOrEqualTo(parsed.vehicles());
    }

    @Test
    void clusteredCustomersAreCloserTogetherThanRandomOnesAndMixedLieBetween() {
        double c = meanNearestNeighbour(GehringHombergerGenerator.generate(Kind.C1, 1000, 1, 3));
        double rc = meanNearestNeighbour(GehringHombergerGenerator.generate(Kind.RC1, 1000, 1, 3));
        double r = meanNearestNeighbour(GehringHombergerGenerator.generate(Kind.R1, 1000, 1, 3));
        assertThat(c).isLessThan(0.6 * r);
        assertThat(rc).isBetween(c, r);
    }

    @Test
    void classTwoHasTheLongHorizonAndVariantsSetWindowDensityAndWidth() {
        for (String family : List.of("C", "R", "RC")) {
            int shortHorizon = GehringHombergerGenerator.generate(Kind.valueOf(family + "1"), 1000, 1, 1).depot().due();
            int longHorizon = GehringHombergerGenerator.generate(Kind.valueOf(family + "2"), 1000, 1, 1).depot().due();
            assertThat(longHorizon).as(family).isGreaterThan(2 * shortHorizon);
        }
        // the share of customers whose window is narrower than their whole feasible span
        assertThat(windowShare(GehringHombergerGenerator.generate(Kind.R1, 1000, 1, 5))).isGreaterThan(0.97);
        assertThat(windowShare(GehringHombergerGenerator.generate(Kind.R1, 1000, 3, 5))).isBetween(0.44, 0.56);
        assertThat(windowShare(GehringHombergerGenerator.generate(Kind.R1, 1000, 4, 5))).isBetween(0.20, 0.30);
        double tight = meanWindowWidth(GehringHombergerGenerator.generate(Kind.R2, 1000, 1, 5));
        double medium = meanWindowWidth(GehringHombergerGenerator.generate(Kind.R2, 1000, 5, 5));
        double wide = meanWindowWidth(GehringHombergerGenerator.generate(Kind.R2, 1000, 9, 5));
        assertThat(tight).isLessThan(medium);
        assertThat(medium).isLessThan(wide);
    }

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() {
        String a = GehringHombergerGenerator.toText(GehringHombergerGenerator.generate(Kind.RC2, 400, 2, 11));
        String b = GehringHombergerGenerator.toText(GehringHombergerGenerator.generate(Kind.RC2, 400, 2, 11));
        String c = GehringHombergerGenerator.toText(GehringHombergerGenerator.generate(Kind.RC2, 400, 2, 12));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void fieldPlanSolvesAGeneratedTwoHundredCustomerInstanceFeasibly(@TempDir Path dir) throws Exception {
        SolomonInstance instance = GehringHombergerGenerator.generate(Kind.R1, 200, 1, 9);
        Path file = dir.resolve(instance.name() + ".txt");
        Files.writeString(file, GehringHombergerGenerator.toText(instance));
        SolomonInstance read = SolomonParser.read(file);
        VrptwSolution solution = new FieldPlanVrptwSolver().solve(read, Duration.ofSeconds(5), 0);
        SolutionChecker.Result check = SolutionChecker.check(read, solution);
        assertThat(check.violations()).isEmpty();
        // a solver's plan beats the simple construction's
        assertThat(check.distance()).isLessThan(SolutionChecker.check(read, appendInDueOrder(read)).distance());
    }

    /**
     * The simplest construction: customers by due date, each appended to the open route where it adds the
     * least distance and still starts by its due date and gets back by the horizon, else to a new route.
     */
    static VrptwSolution appendInDueOrder(SolomonInstance instance) {
        List<Integer> order = new ArrayList<>();
        for (int p = 1; p < instance.nodes().size(); p++) {
            order.add(p);
        }
        order.sort(Comparator.comparingInt((Integer p) -> instance.nodes().get(p).due()));
        List<List<Integer>> routes = new ArrayList<>();
        List<Double> time = new ArrayList<>();
        List<Integer> load = new ArrayList<>();
        List<Integer> last = new ArrayList<>();
        SolomonInstance.Node depot = instance.depot();
        for (int p : order) {
            SolomonInstance.Node c = instance.nodes().get(p);
            int best = -1;
            double bestAdded = Double.MAX_VALUE;
            for (int r = 0; r <= routes.size(); r++) {
                boolean fresh = r == routes.size();
                if (fresh && best >= 0) {
                    break;
                }
                int from = fresh ? 0 : last.get(r);
                double t = fresh ? depot.ready() : time.get(r);
                int l = fresh ? 0 : load.get(r);
                double start = Math.max(t + instance.distance(from, p), c.ready());
                if (start > c.due() || l + c.demand() > instance.capacity()
                        || start + c.service() + instance.distance(p, 0) > depot.due()) {
                    continue;
                }
                double added = instance.distance(from, p);
                if (added < bestAdded) {
                    bestAdded = added;
                    best = r;
                }
            }
            if (best < 0) {
                throw new AssertionError("customer " + c.id() + " fits no route, not even a new one");
            }
            if (best == routes.size()) {
                routes.add(new ArrayList<>());
                time.add((double) depot.ready());
                load.add(0);
                last.add(0);
            }
            double start = Math.max(time.get(best) + instance.distance(last.get(best), p), c.ready());
            routes.get(best).add(c.id());
            time.set(best, start + c.service());
            load.set(best, load.get(best) + c.demand());
            last.set(best, p);
        }
        return new VrptwSolution(routes);
    }

    private static double meanNearestNeighbour(SolomonInstance instance) {
        int n = instance.nodes().size();
        double sum = 0;
        for (int i = 1; i < n; i++) {
            double best = Double.MAX_VALUE;
            for (int j = 1; j < n; j++) {
                if (j != i) {
                    best = Math.min(best, instance.distance(i, j));
                }
            }
            sum += best;
        }
        return sum / (n - 1);
    }

    private static double windowShare(SolomonInstance instance) {
        int horizon = instance.depot().due();
        int with = 0;
        for (int p = 1; p < instance.nodes().size(); p++) {
            SolomonInstance.Node c = instance.nodes().get(p);
            int latest = (int) Math.floor(horizon - c.service() - instance.distance(0, p));
            if (c.ready() > 0 || c.due() < latest) {
                with++;
            }
        }
        return (double) with / instance.customerCount();
    }

    private static double meanWindowWidth(SolomonInstance instance) {
        return instance.nodes().stream().skip(1).mapToInt(c -> c.due() - c.ready()).average().orElseThrow();
    }
}
