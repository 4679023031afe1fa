package org.fieldplan.engine.replan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.junit.jupiter.api.Test;

/**
 * {@link UnassignedBound} on instances small enough to count by hand (line matrix: 10 minutes per step between
 * neighbouring locations, every shift at location 0). The visits' windows open at 11:00, as {@link Replanning#from}
 * cuts them, so a solve of the same problem shows the bound is reached.
 */
class UnassignedBoundTest {

    private static final long NOW = at(11, 0);

    /**
     * One shift, 08:00 until 13:00 at the latest, four 40-minute visits at location 1 (10 minutes from home). By hand:
     * after 11:00 two fit (11:00-12:20, home 12:30); a third would end 13:00 and be home at 13:10. So two stay out.
     */
    @Test
    void theWayHomeCountsWhenTheIntervalReachesTheLatestEnd() {
        List<Visit> visits = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            visits.add(visit("v" + i, 1).duration(40 * 60).window(NOW, at(13, 0)).build());
        }
        Shift anna = shift("s1", tech("anna")).times(at(8, 0), at(13, 0), at(13, 0)).build();
        FieldPlan problem = plan(List.of(anna), visits);

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.bound()).isEqualTo(2);
        assertThat(bound.noOption()).isEmpty();
        assertThat(bound.boxes()).singleElement().satisfies(b -> {
            assertThat(b.forced()).isEqualTo(4);
            assertThat(b.capacitySeconds()).isEqualTo(110 * 60); // 11:00-13:00 less 10 minutes home
            assertThat(b.mustDrop()).isEqualTo(2);
        });
        assertThat(solvedUnassigned(problem)).isEqualTo(2);
    }

    /**
     * Anna (gas) is in zone A until 12:00, then zone B until 15:00 (lunch 30 minutes between 12:30 and 13:30); her
     * pinned visit at location 1 ends at 11:30. Boris (no skills) is in zone A all day. By hand: the four one-hour zone-B
     * visits at location 3 only Anna can serve, from 12:00: b 12:00-13:00, lunch 13:00-13:30, b 13:30-14:30, home (30
     * minutes) at 15:00, so two stay out; the gas visit in zone A after 14:00 nobody can serve (Boris lacks gas, Anna is
     * in zone B then); the three zone-A visits fit with Boris. Three at least, and three is what a solve leaves.
     */
    @Test
    void zoneSegmentsSkillsBreaksAndPinsOnAHandCountedDay() {
        Zone a = new Zone("A", "Zone A");
        Zone b = new Zone("B", "Zone B");
        Visit pinned = visit("v0", 1).duration(3600).window(at(10, 30), at(10, 30)).build();
        Shift anna = shift("s1", tech("anna", "gas")).times(at(8, 0), at(15, 0), at(15, 0)).zone(a, at(8, 0), at(12, 0))
                .zone(b, at(12, 0), at(15, 0)).lunch(at(12, 30), at(13, 30), 1800).route(pinned).build();
        anna.pinVisits(1);
        Shift boris = shift("s2", tech("boris")).times(at(8, 0), at(15, 0), at(15, 0)).zone(a, at(8, 0), at(15, 0)).build();
        List<Visit> visits = new ArrayList<>(List.of(pinned));
        for (int i = 1; i <= 3; i++) {
            visits.add(visit("a" + i, 2).duration(1800).zones(a).window(NOW, at(15, 0)).build());
        }
        for (int i = 1; i <= 4; i++) {
            visits.add(visit("b" + i, 3).duration(3600).zones(b).window(NOW, at(15, 0)).build());
        }
        visits.add(visit("g1", 2).duration(1800).zones(a).skills("gas").window(at(14, 0), at(15, 0)).build());
        FieldPlan problem = plan(List.of(anna, boris), visits);

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.freeVisits()).isEqualTo(8); // the pinned visit is not counted
        assertThat(bound.noOption()).containsExactly("g1");
        assertThat(bound.bound()).isEqualTo(3);
        assertThat(bound.boxes()).singleElement().satisfies(box -> {
            assertThat(box.intervals()).containsOnlyKeys("s1");
            assertThat(box.intervals().get("s1")).containsExactly(at(12, 0), at(15, 0));
            assertThat(box.forced()).isEqualTo(4);
            // 12:00-15:00, less lunch (30 min) and the least way home of anything Anna could serve (location 2: 20 min)
            assertThat(box.capacitySeconds()).isEqualTo(130 * 60);
            assertThat(box.mustDrop()).isEqualTo(2);
        });
        assertThat(solvedUnassigned(problem)).isEqualTo(3);
    }

    /**
     * Counting the legs out of the visits is strictly tighter here than counting the legs in. Home is location 0; A (1)
     * and B (2) are 5 minutes from home one way but 30 minutes from each other and 30 minutes back home (a one-way
     * road system). One shift, free from 08:00 (no pinned visit), home by 12:10 at the latest; A and B take 10
     * minutes each, windows from 11:00. By hand: A alone (11:05-11:15, home 11:45) fits; A and B (A 11:05-11:15, B
     * 11:45-11:55, home 12:25) do not, nor B then A: one stays out.
     * <ul>
     * <li>In (the old count): each visit's least leg in is 5 minutes (from home), so 15 minutes each, 30 together;
     * the box 11:00-12:10 has 70 minutes less the least way home (30) plus the part of the first leg that may lie
     * before 11:00 (5): 45. Both fit: at least 0.</li>
     * <li>Out: each visit's least leg out is 30 minutes (to the other or home), so 40 each, 80 together; the box reaches
     * the latest end, so every leg out (the last one home) lies in its 70 minutes: only one fits, at least 1.</li>
     * <li>Mean: (2 x 10 + 5 + 30) = 55 each, 110 together, against 45 + 70 = 115: at least 0.</li>
     * </ul>
     * The bound is 1, from the legs out, and a solve leaves exactly one out.
     */
    @Test
    void legsOutCountWhereLegsInAreCheap() {
        int m = 60;
        int[] seconds = {
                0, 5 * m, 5 * m,
                30 * m, 0, 30 * m,
                30 * m, 30 * m, 0};
        org.fieldplan.engine.travel.TravelMatrix matrix = org.fieldplan.engine.travel.TravelMatrix.of(3, seconds,
                seconds.clone());
        Visit a = visit("A", 1).duration(10 * m).window(NOW, at(12, 10)).build();
        Visit b = visit("B", 2).duration(10 * m).window(NOW, at(12, 10)).build();
        Shift anna = shift("s1", tech("anna")).times(at(8, 0), at(12, 10), at(12, 10)).build();
        FieldPlan problem = plan(List.of(anna), List.of(a, b), matrix);

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.bound()).isEqualTo(1);
        assertThat(bound.boxes()).singleElement().satisfies(box -> {
            assertThat(box.intervals().get("s1")).containsExactly(NOW, at(12, 10));
            assertThat(box.legs()).isEqualTo(UnassignedBound.Legs.OUT);
            assertThat(box.forced()).isEqualTo(2);
            assertThat(box.needSeconds()).isEqualTo(80 * m);
            assertThat(box.capacitySeconds()).isEqualTo(70 * m);
            assertThat(box.mustDrop()).isEqualTo(1);
        });
        assertThat(bound.describe()).contains("service + least travel out");
        assertThat(solvedUnassigned(problem)).isEqualTo(1);
    }

    /**
     * Legs in from distinct places are strictly tighter here than every count by least legs. Line matrix (10 minutes a
     * step, home at 0); the pinned visit v0 at location 0 ends at 11:00, so the shift is free from 11:00 there (no
     * first-leg credit); home by 13:30 at the latest. Three 30-minute visits, windows from 11:00: v3 at location 3, v1 at
     * 4, v2 at 5.
     * <ul>
     * <li>In: each visit's least leg in is 10 minutes (v1 from v2 or v3, v2 from v1, v3 from v1): 40 minutes each, 120
     * together; the box 11:00-13:30 has 150 minutes less the least way home (30, from v3): 120. All fit: at least 0.
     * Out: 10 minutes each, 120 against 150: 0. Mean: 240 against 270: 0.</li>
     * <li>Distinct places: v1 and v2 cannot both come from each other while v3 also comes from v1, since a place is left
     * once. The cheapest three legs from distinct places: 40 minutes (v2 from v1, v3 from v2 20, v1 from v3 10; or v3
     * from v1, v1 from v2, v2 from v3 20; every other choice costs more, from home at least 30): 90 + 40 = 130 > 120,
     * and two fit (v1 from v2, v2 from v1: 60 + 20 = 80): at least 1.</li>
     * </ul>
     * By hand, every order of the three ends too late (v3, v1, v2: v2 ends 13:20, home 14:10); v3 then v1 ends 12:40,
     * home 13:20. The bound is 1 and a solve leaves exactly one out.
     */
    @Test
    void legsFromDistinctPlacesForceAVisitOutWhereLeastLegsDoNot() {
        Visit v0 = visit("v0", 0).duration(1800).window(at(10, 30), at(10, 30)).build();
        Visit v1 = visit("v1", 4).duration(1800).window(NOW, at(13, 30)).build();
        Visit v2 = visit("v2", 5).duration(1800).window(NOW, at(13, 30)).build();
        Visit v3 = visit("v3", 3).duration(1800).window(NOW, at(13, 30)).build();
        Shift anna = shift("s1", tech("anna")).times(at(8, 0), at(13, 30), at(13, 30)).route(v0).build();
        anna.pinVisits(1);
        FieldPlan problem = plan(List.of(anna), List.of(v0, v1, v2, v3));

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.bound()).isEqualTo(1);
        assertThat(bound.boxes()).singleElement().satisfies(box -> {
            assertThat(box.intervals().get("s1")).containsExactly(NOW, at(13, 30));
            assertThat(box.legs()).isEqualTo(UnassignedBound.Legs.MATCHED);
            assertThat(box.forced()).isEqualTo(3);
            assertThat(box.needSeconds()).isEqualTo(130 * 60);
            assertThat(box.capacitySeconds()).isEqualTo(120 * 60);
            assertThat(box.mustDrop()).isEqualTo(1);
        });
        assertThat(bound.describe()).contains("service + least travel from distinct places");
        assertThat(solvedUnassigned(problem)).isEqualTo(1);
    }

    /**
     * Counting whole visits per shift is strictly tighter here than counting the box's time together. Anna and Boris,
     * free from 08:00, home by 12:00 at the latest; three 30-minute visits at location 1 (10 minutes from home), windows
     * 11:00-12:00.
     * <ul>
     * <li>Together: each visit needs 30 minutes (its least leg in is 0, from another visit at the same place); each shift
     * has 11:00-12:00 less the least way home (10): 50, no first-leg credit (the longest least leg is 0); 90 of 100
     * fit: at least 0. Out: 30 each against 60 + 60: 0. Both: 180 against 220: 0.</li>
     * <li>Per shift: 50 minutes hold one 30-minute visit, not two; so at most one each, two of three: at least 1.</li>
     * </ul>
     * By hand: a second visit would end at 12:00, home at 12:10. The bound is 1 and a solve leaves exactly one out.
     */
    @Test
    void wholeVisitsPerShiftForceAVisitOutWhereTheBoxTogetherDoesNot() {
        List<Visit> visits = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            visits.add(visit("v" + i, 1).duration(1800).window(NOW, at(12, 0)).build());
        }
        Shift anna = shift("s1", tech("anna")).times(at(8, 0), at(12, 0), at(12, 0)).build();
        Shift boris = shift("s2", tech("boris")).times(at(8, 0), at(12, 0), at(12, 0)).build();
        FieldPlan problem = plan(List.of(anna, boris), visits);

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.bound()).isEqualTo(1);
        assertThat(bound.boxes()).singleElement().satisfies(box -> {
            assertThat(box.legs()).isEqualTo(UnassignedBound.Legs.PER_SHIFT);
            assertThat(box.forced()).isEqualTo(3);
            assertThat(box.needSeconds()).isEqualTo(90 * 60);
            assertThat(box.capacitySeconds()).isEqualTo(100 * 60);
            assertThat(box.mustDrop()).isEqualTo(1);
        });
        assertThat(bound.describe()).contains("in whole visits per shift");
        assertThat(solvedUnassigned(problem)).isEqualTo(1);
    }

    /** A visit whose windows all closed before now, or that no technician has the skill for, has no option. */
    @Test
    void closedWindowsAndMissingSkillsLeaveNoOption() {
        Visit closed = visit("closed", 1).duration(600).window(at(9, 0), at(10, 0)).build();
        Visit skilled = visit("skilled", 1).duration(600).skills("lift").build();
        Visit plain = visit("plain", 1).duration(600).build();
        FieldPlan problem = plan(List.of(shift("s1", tech("anna")).build()), List.of(closed, skilled, plain));

        UnassignedBound.Result bound = UnassignedBound.of(problem, NOW);

        assertThat(bound.noOption()).containsExactlyInAnyOrder("closed", "skilled");
        assertThat(bound.bound()).isEqualTo(2);
        assertThat(bound.describe()).startsWith("at least 2 of 3 free visits unassigned: 2 no shift can serve");
    }

    private static int solvedUnassigned(FieldPlan problem) {
        FieldPlan solved = new PlanSolver().solve(problem,
                SolverSettings.ofSeconds(10).withUnimprovedTimeLimit(Duration.ofSeconds(2)).withRandomSeed(1),
                ProgressListener.NONE);
        assertThat(solved.getScore().hardScore()).isZero();
        return solved.unassignedCount();
    }
}
