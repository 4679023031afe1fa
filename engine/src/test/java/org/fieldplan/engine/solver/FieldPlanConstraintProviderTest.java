package org.fieldplan.engine.solver;

import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.h;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.List;

import ai.timefold.solver.core.api.score.stream.test.ConstraintVerifier;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.engine.testing.Plans;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every constraint fires with a penalty computed by hand from the {@link Plans#line} matrix
 * (600 s per step from the depot at location 0) and does not fire when the rule holds.
 */
class FieldPlanConstraintProviderTest {

    private final ConstraintVerifier<FieldPlanConstraintProvider, FieldPlan> verifier = ConstraintVerifier.build(
            new FieldPlanConstraintProvider(), FieldPlan.class, Shift.class, Visit.class);

    private static final Technician ANNA = tech("anna", "gas");
    private static final Technician BORIS = tech("boris", "gas", "water");
    private static final Zone NORTH = new Zone("north", "North");
    private static final Zone SOUTH = new Zone("south", "South");

    private static FieldPlan planOf(List<Shift> shifts, Visit... visits) {
        return plan(shifts, List.of(visits));
    }

    @Nested
    class Hard {

        @Test
        void missingSkillPenalisesEachMissingSkill() {
            Visit v = visit("v1", 1).skills("gas", "water", "electric").build();
            // anna has gas only: water and electric are missing
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::missingSkill).givenSolution(p).settingAllShadowVariables()
                    .penalizesBy(2);
        }

        @Test
        void missingSkillDoesNotFireWhenTheTechnicianHasThem() {
            Visit v = visit("v1", 1).skills("gas", "water").build();
            Visit unassigned = visit("v2", 2).skills("electric").build();
            FieldPlan p = planOf(List.of(shift("s1", BORIS).route(v).build()), v, unassigned);
            verifier.verifyThat(FieldPlanConstraintProvider::missingSkill).givenSolution(p).settingAllShadowVariables()
                    .penalizesBy(0);
        }

        @Test
        void outsideZoneSchedulePenalisesSecondsOutsideTheSegment() {
            // North served 08:00-10:00; shift leaves at 09:30, arrives at location 1 at 09:40, one hour of service
            // cannot fit before 10:00, so it runs 09:40-10:40: 40 minutes outside = 2,400 s
            Visit v = visit("v1", 1).duration(h(1)).zones(NORTH).build();
            Shift s = shift("s1", ANNA).times(at(9, 30), at(16, 0), at(18, 0)).zone(NORTH, at(8, 0), at(10, 0))
                    .route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::outsideZoneSchedule).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(2_400);
        }

        @Test
        void outsideZoneSchedulePenalisesTheWholeServiceWhenTheShiftServesOtherZones() {
            Visit v = visit("v1", 1).duration(h(1)).zones(NORTH).build();
            Shift s = shift("s1", ANNA).zone(SOUTH, at(8, 0), at(16, 0)).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::outsideZoneSchedule).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(3_600);
        }

        @Test
        void outsideZoneScheduleDoesNotFireInsideTheSegmentNorWithoutSegments() {
            // leaves 08:00, serves 08:10-09:10 inside North 08:00-10:00
            Visit inside = visit("v1", 1).duration(h(1)).zones(NORTH).build();
            Shift s1 = shift("s1", ANNA).zone(NORTH, at(8, 0), at(10, 0)).route(inside).build();
            Visit unrestricted = visit("v2", 2).duration(h(1)).zones(SOUTH).build();
            Shift s2 = shift("s2", BORIS).route(unrestricted).build();
            verifier.verifyThat(FieldPlanConstraintProvider::outsideZoneSchedule)
                    .givenSolution(planOf(List.of(s1, s2), inside, unrestricted)).settingAllShadowVariables()
                    .penalizesBy(0);
        }

        @Test
        void zoneSegmentDelaysTheStartToWhenTheZoneIsServed() {
            // North only from 10:00: arrival 08:10, the service waits until 10:00 and so does not violate
            Visit v = visit("v1", 1).duration(h(1)).zones(NORTH).build();
            Shift s = shift("s1", ANNA).zone(SOUTH, at(8, 0), at(10, 0)).zone(NORTH, at(10, 0), at(12, 0))
                    .route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::outsideZoneSchedule).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(0);
            verifier.verifyThat(FieldPlanConstraintProvider::waitingTime).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(at(10, 0) - at(8, 10));
        }

        @Test
        void serviceStartsAfterWindowPenalisesSecondsLate() {
            // location 5 is 3,000 s away: arrival 08:50, window closed at 08:30: 20 min late
            Visit v = visit("v1", 5).window(at(8, 0), at(8, 30)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::serviceStartsAfterWindow).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(1_200);
        }

        @Test
        void serviceStartsAfterWindowCountsEveryVisitOfTheRoute() {
            // v1 at 1: 08:10-08:40 (window until 08:05: 5 min late); v2 at 2: arrives 08:50, window until 08:45: 5 min
            Visit v1 = visit("v1", 1).window(at(8, 0), at(8, 5)).build();
            Visit v2 = visit("v2", 2).window(at(8, 0), at(8, 45)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v1, v2).build()), v1, v2);
            verifier.verifyThat(FieldPlanConstraintProvider::serviceStartsAfterWindow).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(600);
        }

        @Test
        void serviceStartsAfterWindowDoesNotFireInsideALaterWindow() {
            // arrival 08:50 misses the first window but the second (09:00-10:00) is usable: it waits
            Visit v = visit("v1", 5).window(at(8, 0), at(8, 30)).window(at(9, 0), at(10, 0)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::serviceStartsAfterWindow).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void routeEndsAfterLatestEndPenalisesSecondsTooLate() {
            // 08:00 + 1,800 s travel, 1.5 h service until 10:00, 1,800 s back: 10:30, latest end 10:00
            Visit v = visit("v1", 3).duration(h(1.5)).build();
            Shift s = shift("s1", ANNA).times(at(8, 0), at(10, 0), at(10, 0)).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::routeEndsAfterLatestEnd).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(1_800);
        }

        @Test
        void routeEndsAfterLatestEndDoesNotFireWhenBackInTime() {
            // back at exactly 10:00
            Visit v = visit("v1", 3).duration(h(1)).build();
            Shift s = shift("s1", ANNA).times(at(8, 0), at(10, 0), at(10, 0)).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::routeEndsAfterLatestEnd).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void finishesAfterDeadlinePenalisesSecondsAfter() {
            // arrival 08:20, one hour: ends 09:20, deadline 09:00
            Visit v = visit("v1", 2).duration(h(1)).deadline(at(9, 0)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::finishesAfterDeadline).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(1_200);
        }

        @Test
        void finishesAfterDeadlinePenalisesAShiftOnALaterDay() {
            // deadline day 0 at 18:00; the shift of day 1 serves it at 08:20-09:20 the next day: 15 h 20 min late
            Visit v = visit("v1", 2).duration(h(1)).deadline(at(18, 0)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).day(1).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::finishesAfterDeadline).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(at(1, 9, 20) - at(18, 0));
        }

        @Test
        void finishesAfterDeadlineDoesNotFireWhenEndingOnTheDeadline() {
            Visit v = visit("v1", 2).duration(h(1)).deadline(at(9, 20)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::finishesAfterDeadline).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void capacityExceededPenalisesUnitsOver() {
            Visit v1 = visit("v1", 1).demand(3).build();
            Visit v2 = visit("v2", 2).demand(4).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).capacity(5).route(v1, v2).build()), v1, v2);
            verifier.verifyThat(FieldPlanConstraintProvider::capacityExceeded).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(2);
        }

        @Test
        void capacityExceededDoesNotFireAtCapacityNorWithoutLimit() {
            Visit v1 = visit("v1", 1).demand(3).build();
            Visit v2 = visit("v2", 2).demand(4).build();
            Visit v3 = visit("v3", 3).demand(100).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).capacity(7).route(v1, v2).build(),
                    shift("s2", BORIS).route(v3).build()), v1, v2, v3);
            verifier.verifyThat(FieldPlanConstraintProvider::capacityExceeded).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void unreachableLegPenalisesEachLegWithoutARoute() {
            // location 2 is an island: no route 0->2 nor 2->0; 1<->2 is fine
            int u = TravelMatrix.UNREACHABLE;
            int[] s = {0, 600, u, 600, 0, 600, u, 600, 0};
            TravelMatrix m = TravelMatrix.of(3, s, s.clone());
            Visit v = visit("v1", 2).build();
            FieldPlan p = plan(List.of(shift("s1", ANNA).route(v).build()), List.of(v), m);
            verifier.verifyThat(FieldPlanConstraintProvider::unreachableLeg).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(2);
        }

        @Test
        void unreachableLegDoesNotFireWhenEveryLegHasARoute() {
            int u = TravelMatrix.UNREACHABLE;
            int[] s = {0, 600, u, 600, 0, 600, u, 600, 0};
            TravelMatrix m = TravelMatrix.of(3, s, s.clone());
            Visit v = visit("v1", 1).build();
            FieldPlan p = plan(List.of(shift("s1", ANNA).route(v).build()), List.of(v), m);
            verifier.verifyThat(FieldPlanConstraintProvider::unreachableLeg).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void breakNotInSpanPenalisesSecondsTheBreakEndsLate() {
            // break span 07:00-07:45 but the shift only starts at 08:00: taken on arrival 08:10-08:40, 55 min late
            Visit v = visit("v1", 1).build();
            Shift s = shift("s1", ANNA).lunch(at(7, 0), at(7, 45), 1800).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::breakNotInSpan).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(3_300);
        }

        @Test
        void breakNotInSpanDoesNotFireForALunchThatFits() {
            Visit v1 = visit("v1", 1).duration(h(3)).build();
            Visit v2 = visit("v2", 2).duration(h(3)).build();
            Shift s = shift("s1", ANNA).lunch(at(11, 0), at(14, 0), 1800).route(v1, v2).build();
            verifier.verifyThat(FieldPlanConstraintProvider::breakNotInSpan).givenSolution(planOf(List.of(s), v1, v2))
                    .settingAllShadowVariables().penalizesBy(0);
        }
    }

    @Nested
    class Medium {

        @Test
        void unassignedVisitPenalisesByPriority() {
            Visit assigned = visit("v1", 1).priority(5).build();
            Visit urgent = visit("v2", 2).priority(3).build();
            Visit ordinary = visit("v3", 3).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(assigned).build()), assigned, urgent, ordinary);
            verifier.verifyThat(FieldPlanConstraintProvider::unassignedVisit).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(4);
        }

        @Test
        void unassignedVisitDoesNotFireWhenAllAreRouted() {
            Visit v1 = visit("v1", 1).priority(5).build();
            Visit v2 = visit("v2", 2).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v1).build(), shift("s2", BORIS).route(v2).build()),
                    v1, v2);
            verifier.verifyThat(FieldPlanConstraintProvider::unassignedVisit).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }
    }

    @Nested
    class Soft {

        @Test
        void travelTimeSumsEveryLegIncludingTheWayBack() {
            // 0 -> 2 -> 5 -> 0: 1,200 + 1,800 + 3,000
            Visit v1 = visit("v1", 2).build();
            Visit v2 = visit("v2", 5).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v1, v2).build()), v1, v2);
            verifier.verifyThat(FieldPlanConstraintProvider::travelTime).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(6_000);
        }

        @Test
        void travelTimeDoesNotFireForEmptyRoutes() {
            Visit v = visit("v1", 4).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::travelTime).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void overtimePenalisesSecondsAfterTheNominalEnd() {
            // 08:00 + 1,200 s, 1 h 20 min service (08:20-09:40), 1,200 s back: 10:00; nominal end 09:00
            Visit v = visit("v1", 2).duration(h(1) + 1_200).build();
            Shift s = shift("s1", ANNA).times(at(8, 0), at(9, 0), at(12, 0)).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::overtime).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(3_600);
        }

        @Test
        void overtimeDoesNotFireWhenEndingOnTime() {
            Visit v = visit("v1", 2).duration(h(1) + 1_200).build();
            Shift s = shift("s1", ANNA).times(at(8, 0), at(10, 0), at(12, 0)).route(v).build();
            verifier.verifyThat(FieldPlanConstraintProvider::overtime).givenSolution(planOf(List.of(s), v))
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void preferredTechnicianNotUsedPenalisesEachVisitDoneBySomeoneElse() {
            Visit v1 = visit("v1", 1).preferred(BORIS).build();
            Visit v2 = visit("v2", 2).preferred(BORIS).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v1, v2).build(), shift("s2", BORIS).build()), v1, v2);
            verifier.verifyThat(FieldPlanConstraintProvider::preferredTechnicianNotUsed).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(2);
        }

        @Test
        void preferredTechnicianNotUsedDoesNotFireWhenHonouredOrAbsent() {
            Visit v1 = visit("v1", 1).preferred(BORIS).build();
            Visit v2 = visit("v2", 2).build();
            Visit unassigned = visit("v3", 3).preferred(BORIS).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v2).build(), shift("s2", BORIS).route(v1).build()),
                    v1, v2, unassigned);
            verifier.verifyThat(FieldPlanConstraintProvider::preferredTechnicianNotUsed).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void unfairWorkloadPenalisesMinutesOfDeviationFromTheDaysMean() {
            // anna: 600 + 600 s travel + 3,600 s service = 4,800 s; boris: 0. Mean 2,400: deviation 2 x 2,400 s = 80 min
            Visit v = visit("v1", 1).duration(h(1)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build(), shift("s2", BORIS).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::unfairWorkload).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(80);
        }

        @Test
        void unfairWorkloadComparesOnlyShiftsOfTheSameDay() {
            Visit v = visit("v1", 1).duration(h(1)).build();
            Visit w = visit("v2", 1).duration(h(1)).build();
            // day 0: anna and boris each 4,800 s (equal); day 1: only anna's shift, nothing to compare with
            Visit x = visit("v3", 4).duration(h(3)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build(), shift("s2", BORIS).route(w).build(),
                    shift("s3", ANNA).day(1).route(x).build()), v, w, x);
            verifier.verifyThat(FieldPlanConstraintProvider::unfairWorkload).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }

        @Test
        void waitingTimePenalisesSecondsWaitedForTheWindow() {
            // arrival 08:10, window opens 09:00: 50 minutes
            Visit v = visit("v1", 1).window(at(9, 0), at(10, 0)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::waitingTime).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(3_000);
        }

        @Test
        void waitingTimeDoesNotFireWhenTheWindowIsOpen() {
            Visit v = visit("v1", 1).window(at(8, 0), at(9, 0)).build();
            FieldPlan p = planOf(List.of(shift("s1", ANNA).route(v).build()), v);
            verifier.verifyThat(FieldPlanConstraintProvider::waitingTime).givenSolution(p)
                    .settingAllShadowVariables().penalizesBy(0);
        }
    }
}
