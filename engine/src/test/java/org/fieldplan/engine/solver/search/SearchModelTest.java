package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * The search's own numbering of places (used locations only, along a Hilbert curve) keeps every travel value; the
 * nearest visits are those of a full sort.
 */
class SearchModelTest {

    /**
     * Sixteen places on a 4 x 4 grid of coordinates, given matrix indices in a scrambled order, with two locations of
     * the matrix that the plan does not use; an asymmetric matrix (from i to j: 1000 i + j, one leg unreachable).
     */
    @Test
    void theSearchNumbersOnlyUsedPlacesNearbyOnesTogetherAndKeepsEveryLeg() {
        int size = 18;
        int[] scrambled = {5, 12, 0, 9, 14, 3, 7, 1, 16, 10, 4, 13, 8, 2, 15, 6}; // grid cell k has matrix index scrambled[k]
        int[] seconds = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                seconds[i * size + j] = i == j ? 0 : 1000 * i + j;
            }
        }
        seconds[5 * size + 12] = TravelMatrix.UNREACHABLE;
        TravelMatrix matrix = TravelMatrix.of(size, seconds, seconds.clone());
        Location[] cell = new Location[16];
        for (int k = 0; k < 16; k++) {
            cell[k] = new Location(scrambled[k], 35.8 + 0.01 * (k / 4), 14.4 + 0.01 * (k % 4));
        }
        Technician tech = new Technician("t", "t", Set.of(), cell[0]);
        Shift shift = new Shift("s", tech, RoutePlannerTest.DAY, cell[0], cell[15], 0, 36_000, 36_000, List.of(), List.of(), -1);
        List<Visit> visits = new ArrayList<>();
        for (int k = 1; k < 15; k++) {
            visits.add(new Visit("v" + k, "v" + k, cell[k], 60, List.of(), Set.of(), Set.of(), Visit.DEFAULT_PRIORITY,
                    Visit.NO_DEADLINE, null, 0));
        }
        FieldPlan plan = new FieldPlan(RoutePlannerTest.DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift), visits,
                matrix);
        SearchModel model = new SearchModel(plan, 3);

        assertThat(model.matrixSize).isEqualTo(16);
        assertThat(model.locationNumber[11]).isEqualTo(-1);
        assertThat(model.locationNumber[17]).isEqualTo(-1);
        List<Integer> numbers = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            numbers.add(model.locationNumber[scrambled[k]]);
        }
        assertThat(numbers).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        // a Hilbert curve walks each 2 x 2 quadrant of the grid whole: the south-west cells (0, 1, 4, 5) are the first
        // four places or the last four
        List<Integer> southWest = List.of(numbers.get(0), numbers.get(1), numbers.get(4), numbers.get(5));
        List<Integer> sorted = southWest.stream().sorted().toList();
        assertThat(sorted).isIn(List.of(0, 1, 2, 3), List.of(12, 13, 14, 15));

        List<Integer> places = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        places.add(model.shiftStartLocation[0]);
        indices.add(shift.getStartLocation().index());
        places.add(model.shiftEndLocation[0]);
        indices.add(shift.getEndLocation().index());
        for (int v = 0; v < model.visitCount(); v++) {
            places.add(model.visitLocation[v]);
            indices.add(model.visits.get(v).getLocation().index());
        }
        for (int a = 0; a < places.size(); a++) {
            for (int b = 0; b < places.size(); b++) {
                int expected = matrix.seconds(indices.get(a), indices.get(b));
                expected = expected == TravelMatrix.UNREACHABLE ? SearchModel.UNREACHABLE_SECONDS : expected;
                assertThat(model.travel(places.get(a), places.get(b))).as("from %d to %d", indices.get(a), indices.get(b))
                        .isEqualTo(expected);
                assertThat(model.travelInto(places.get(b), places.get(a))).isEqualTo(expected);
            }
        }
    }

    /**
     * The nearest visits (kept in a bounded heap) are the first k of the whole list sorted by the shorter leg, ties by
     * visit number: 150 visits on 100 places (shared places: many ties), an asymmetric random matrix with few distinct
     * values and one unreachable leg, k of 60 and of 149 (all). The transposed matrix (copied in tiles of 64) is the
     * matrix's transpose.
     */
    @Test
    void nearestVisitsAreTheFirstOfTheWholeSortedList() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        int size = 100;
        int[] seconds = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                seconds[i * size + j] = i == j ? 0 : 30 * random.nextInt(1, 12);
            }
        }
        seconds[3 * size + 4] = TravelMatrix.UNREACHABLE;
        TravelMatrix matrix = TravelMatrix.of(size, seconds, seconds.clone());
        Location home = new Location(0, 35.9, 14.4);
        Technician tech = new Technician("t", "t", Set.of(), home);
        Shift shift = new Shift("s", tech, RoutePlannerTest.DAY, home, home, 0, 36_000, 36_000, List.of(), List.of(), -1);
        List<Visit> visits = new ArrayList<>();
        for (int k = 0; k < 150; k++) {
            int place = random.nextInt(1, size);
            visits.add(new Visit("v" + k, "v" + k, new Location(place, 35.8 + 0.001 * place, 14.4 + 0.002 * (place % 7)),
                    60, List.of(), Set.of(), Set.of(), Visit.DEFAULT_PRIORITY, Visit.NO_DEADLINE, null, 0));
        }
        FieldPlan plan = new FieldPlan(RoutePlannerTest.DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift),
                visits, matrix);
        for (int k : new int[] {60, 149}) {
            SearchModel model = new SearchModel(plan, k);
            assertThat(model.matrixSize).isGreaterThan(64);
            for (int a = 0; a < model.matrixSize; a++) {
                for (int b = 0; b < model.matrixSize; b++) {
                    assertThat(model.travelInto(b, a)).isEqualTo(model.travel(a, b));
                }
            }
            for (int v = 0; v < visits.size(); v++) {
                int lv = model.visitLocation[v];
                int from = v;
                List<Integer> all = new ArrayList<>();
                for (int u = 0; u < visits.size(); u++) {
                    if (u != v) {
                        all.add(u);
                    }
                }
                all.sort(java.util.Comparator.<Integer>comparingInt(u -> Math.min(model.travel(lv, model.visitLocation[u]),
                        model.travel(model.visitLocation[u], lv))).thenComparingInt(u -> u));
                assertThat(model.neighbours[from]).as("visit %d, k %d", v, k).containsExactly(
                        all.subList(0, k).stream().mapToInt(Integer::intValue).toArray());
            }
        }
    }

    /**
     * Legs below 65,535 s are kept in 16 bits, "no road" as a sentinel; a matrix with a longer leg keeps 32 bits. Both
     * give every leg as the plan's matrix has it, in both matrices, and the insertion search (reading the rows itself)
     * finds the cheapest place a position-by-position check finds.
     */
    @Test
    void legsKeepTheirValuesInSixteenAndInThirtyTwoBits() {
        for (int longest : new int[] {65_534, 65_535, 200_000}) {
            int size = 6;
            int[] seconds = new int[size * size];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    seconds[i * size + j] = i == j ? 0 : 100 * (i + 1) + 7 * j;
                }
            }
            seconds[size + 4] = longest; // from 1 to 4
            seconds[3 * size + 2] = TravelMatrix.UNREACHABLE;
            TravelMatrix matrix = TravelMatrix.of(size, seconds, seconds.clone());
            Location[] at = new Location[size];
            for (int k = 0; k < size; k++) {
                at[k] = new Location(k, 35.8 + 0.01 * k, 14.4);
            }
            Technician tech = new Technician("t", "t", Set.of(), at[0]);
            Shift shift = new Shift("s", tech, RoutePlannerTest.DAY, at[0], at[0], 0, 360_000, 360_000, List.of(), List.of(), -1);
            List<Visit> visits = new ArrayList<>();
            for (int k = 1; k < size; k++) {
                visits.add(new Visit("v" + k, "v" + k, at[k], 60, List.of(), Set.of(), Set.of(), Visit.DEFAULT_PRIORITY,
                        Visit.NO_DEADLINE, null, 0));
            }
            shift.getVisits().add(visits.get(0));
            shift.getVisits().add(visits.get(2));
            FieldPlan plan = new FieldPlan(RoutePlannerTest.DAY.atStartOfDay(), List.of(tech), List.of(), List.of(shift),
                    visits, matrix);
            SearchModel model = new SearchModel(plan, 2);
            assertThat(model.narrow).as("longest leg %d", longest).isEqualTo(longest < 65_535);
            for (int a = 0; a < size; a++) {
                for (int b = 0; b < size; b++) {
                    int expected = seconds[a * size + b] == TravelMatrix.UNREACHABLE ? SearchModel.UNREACHABLE_SECONDS
                            : seconds[a * size + b];
                    int from = model.locationNumber[a];
                    int to = model.locationNumber[b];
                    assertThat(model.travel(from, to)).as("longest %d, %d to %d", longest, a, b).isEqualTo(expected);
                    assertThat(model.travelInto(to, from)).as("longest %d, %d to %d", longest, a, b).isEqualTo(expected);
                }
            }
            RoutePlanner planner = new RoutePlanner(model, model.currentRoutes(), new int[] {0});
            for (int v = 0; v < model.visitCount(); v++) {
                long cheapest = RoutePlanner.NONE;
                for (int p = 0; p <= planner.size(0); p++) {
                    cheapest = Math.min(cheapest, planner.insertionCost(v, 0, p));
                }
                assertThat(planner.bestInsertion(v, new int[] {0}, 1, null, 0.0)).as("longest %d, visit %d", longest, v)
                        .isEqualTo(cheapest);
            }
        }
    }
}
