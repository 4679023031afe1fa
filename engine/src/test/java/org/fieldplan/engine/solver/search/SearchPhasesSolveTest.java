package org.fieldplan.engine.solver.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.solver.PlanSolver;
import org.fieldplan.engine.solver.ProgressListener;
import org.fieldplan.engine.solver.SolverSettings;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * The search heuristics on a general problem (two days, four technicians, skills, windows, a warm start
 * with pinned visits) under Timefold's FULL_ASSERT, which recomputes every score from scratch and checks
 * that every move is undone exactly.
 */
class SearchPhasesSolveTest {

    static final long SEED = 7L;
    static final long DAY_SECONDS = 86_400;
    static final Skill GAS = new Skill("gas");

    @Test
    void pinnedVisitsStayAndEveryRuleHolds() {
        Random random = new Random(SEED);
        int visitCount = 40;
        int size = visitCount + 1;
        int[] x = new int[size];
        int[] y = new int[size];
        for (int i = 1; i < size; i++) {
            x[i] = random.nextInt(40) - 20;
            y[i] = random.nextInt(40) - 20;
        }
        int[] seconds = new int[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                seconds[i * size + j] = (Math.abs(x[i] - x[j]) + Math.abs(y[i] - y[j])) * 60;
            }
        }
        TravelMatrix matrix = TravelMatrix.of(size, seconds, seconds.clone());
        Location depot = new Location(0, 0, 0);
        List<Technician> technicians = new ArrayList<>();
        List<Shift> shifts = new ArrayList<>();
        LocalDate day = LocalDate.of(2026, 12, 1);
        for (int t = 0; t < 4; t++) {
            Technician tech = new Technician("t" + t, "tech " + t, t < 2 ? Set.of(GAS) : Set.of(), depot);
            technicians.add(tech);
            for (int d = 0; d < 2; d++) {
                long start = d * DAY_SECONDS + 8 * 3600;
                shifts.add(new Shift("t" + t + "-d" + d, tech, day.plusDays(d), depot, depot, start,
                        start + 9 * 3600, start + 10 * 3600, List.of(), List.of(), Shift.NO_CAPACITY));
            }
        }
        List<Visit> visits = new ArrayList<>();
        for (int v = 1; v <= visitCount; v++) {
            int d = v % 2;
            long open = d * DAY_SECONDS + (8 + random.nextInt(4)) * 3600L;
            Set<Skill> skills = v % 5 == 0 ? Set.of(GAS) : Set.of();
            visits.add(new Visit("v" + v, "visit " + v, new Location(v, y[v], x[v]), 1800,
                    List.of(new TimeWindow(open, open + 4 * 3600)), skills, Set.of(), Visit.DEFAULT_PRIORITY,
                    Visit.NO_DEADLINE, null, 0));
        }
        // warm start: the first shift already holds v2 and v4 (both on day 0), pinned
        Shift first = shifts.get(0);
        first.getVisits().add(visits.get(1));
        first.getVisits().add(visits.get(3));
        FieldPlan problem = new FieldPlan(day.atStartOfDay(), technicians, List.of(), shifts, visits, matrix);
        first.pinVisits(2);

        FieldPlan solved = new PlanSolver().solve(problem,
                new SolverSettings(Duration.ofSeconds(3), null, SEED, true), ProgressListener.NONE);

        assertThat(solved.getScore()).as("seed " + SEED).isNotNull();
        assertThat(solved.getScore().hardScore()).as("hard score, seed " + SEED).isZero();
        assertThat(solved.unassignedCount()).as("unassigned, seed " + SEED).isZero();
        Shift firstSolved = solved.getShifts().get(0);
        assertThat(firstSolved.getVisits().subList(0, 2)).extracting(Visit::getId).containsExactly("v2", "v4");
        Set<String> seen = new HashSet<>();
        for (Shift shift : solved.getShifts()) {
            for (Visit visit : shift.getVisits()) {
                assertThat(seen.add(visit.getId())).as(visit.getId() + " in one route only").isTrue();
                assertThat(shift.getTechnician().skills()).containsAll(visit.getRequiredSkills());
                long windowDay = visit.getTimeWindows().get(0).start() / DAY_SECONDS;
                assertThat(shift.getStartTime() / DAY_SECONDS).as(visit.getId() + " on its window's day")
                        .isEqualTo(windowDay);
            }
        }
        assertThat(seen).hasSize(visitCount);
    }
}
