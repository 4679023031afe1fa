package org.fieldplan.geo.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.junit.jupiter.api.Test;

class ProblemAssemblerTest {

    private static final String PROBLEM = """
            {
              "origin": "2026-12-01",
              "technicians": [
                {"id": "t-1", "skills": ["water-meter"], "home": {"lat": 35.8950, "lon": 14.4650}},
                {"id": "t-2", "home": {"lat": 35.8731, "lon": 14.5075}}
              ],
              "zones": {"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"id": "harbour", "name": "Harbour"}, "geometry": {"type": "Polygon",
                  "coordinates": [[[14.475, 35.885], [14.53, 35.885], [14.53, 35.93], [14.475, 35.93], [14.475, 35.885]]]}},
                {"type": "Feature", "properties": {"id": "valletta"}, "geometry": {"type": "Polygon",
                  "coordinates": [[[14.50, 35.89], [14.52, 35.89], [14.52, 35.90], [14.50, 35.90], [14.50, 35.89]]]}}
              ]},
              "shifts": [
                {"id": "day", "technician": "t-1", "date": "2026-12-01", "start": "08:00", "end": "17:00",
                 "nominalEnd": "16:00", "zones": [{"zone": "harbour", "start": "09:00", "end": "12:00"}],
                 "breaks": [{"start": "12:00", "end": "12:30"}], "capacity": 4},
                {"id": "night", "technician": "t-2", "date": "2026-12-02", "start": "22:00", "end": "06:00",
                 "endDate": "2026-12-03", "endLocation": {"lat": 35.8989, "lon": 14.5146},
                 "breaks": [{"earliestStart": "01:00", "latestEnd": "03:00", "minutes": 20}]}
              ],
              "visits": [
                {"id": "valletta", "location": {"lat": 35.8989, "lon": 14.5146}, "serviceMinutes": 30,
                 "timeWindows": [{"start": "10:00", "end": "12:00"}, {"date": "2026-12-02", "start": "23:00", "end": "24:00"}],
                 "skills": ["water-meter"], "priority": 3, "deadline": "2026-12-03", "preferredTechnician": "t-1",
                 "demand": 2},
                {"id": "rabat", "location": {"lat": 35.8817, "lon": 14.3989}, "serviceSeconds": 600},
                {"id": "named", "location": {"lat": 35.8817, "lon": 14.3989}, "serviceSeconds": 600,
                 "zones": ["valletta"]},
                {"id": "pinned", "location": {"lat": 35.8950, "lon": 14.4650}, "serviceMinutes": 5,
                 "pin": {"shift": "day", "position": 0}}
              ]
            }
            """;

    private ProblemSpec spec() throws Exception {
        return new ProblemReader().read("assembler-test.json", "assembler-test", PROBLEM);
    }

    private static Visit visit(FieldPlan plan, String id) {
        return plan.getVisits().stream().filter(v -> v.getId().equals(id)).findFirst().orElseThrow();
    }

    private static Shift shift(FieldPlan plan, String id) {
        return plan.getShifts().stream().filter(s -> s.getId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void timesBecomeSecondsSinceMidnightOfTheOrigin() throws Exception {
        FieldPlan plan = new ProblemAssembler().assemble(spec(), null).plan();

        assertThat(plan.getOrigin()).isEqualTo(LocalDateTime.of(2026, 12, 1, 0, 0));
        Shift day = shift(plan, "day");
        assertThat(day.getStartTime()).isEqualTo(8 * 3600);
        assertThat(day.getNominalEnd()).isEqualTo(16 * 3600);
        assertThat(day.getLatestEnd()).isEqualTo(17 * 3600);
        assertThat(day.getZoneSegments()).singleElement().satisfies(segment -> {
            assertThat(segment.zone()).isEqualTo(new Zone("harbour", "Harbour"));
            assertThat(segment.start()).isEqualTo(9 * 3600);
            assertThat(segment.end()).isEqualTo(12 * 3600);
        });
        assertThat(day.getBreaks()).singleElement().satisfies(b -> {
            assertThat(b.earliestStart()).isEqualTo(12 * 3600);
            assertThat(b.duration()).isEqualTo(1800);
            assertThat(b.isFixed()).isTrue();
        });
        assertThat(day.getCapacity()).isEqualTo(4);

        Shift night = shift(plan, "night");
        long dayTwo = 24 * 3600;
        assertThat(night.getStartTime()).isEqualTo(dayTwo + 22 * 3600);
        assertThat(night.getLatestEnd()).isEqualTo(2 * dayTwo + 6 * 3600);
        assertThat(night.getBreaks().get(0).earliestStart()).isEqualTo(2 * dayTwo + 3600);
        assertThat(night.getBreaks().get(0).duration()).isEqualTo(1200);
        assertThat(night.getCapacity()).isEqualTo(Shift.NO_CAPACITY);

        Visit valletta = visit(plan, "valletta");
        assertThat(valletta.getTimeWindows()).extracting(w -> List.of(w.start(), w.end())).containsExactly(
                List.of(10L * 3600, 12L * 3600), List.of(dayTwo + 23 * 3600, 2 * dayTwo));
        assertThat(valletta.getDeadline()).as("the end of 2026-12-03").isEqualTo(3 * dayTwo);
        assertThat(valletta.getServiceDuration()).isEqualTo(1800);
        assertThat(valletta.getPriority()).isEqualTo(3);
        assertThat(valletta.getDemand()).isEqualTo(2);
        assertThat(valletta.getPreferredTechnician().id()).isEqualTo("t-1");
        assertThat(valletta.getRequiredSkills()).extracting(s -> s.code()).containsExactly("water-meter");
        assertThat(visit(plan, "rabat").hasDeadline()).isFalse();
    }

    @Test
    void zonesAreFoundFromCoordinatesUnlessNamed() throws Exception {
        FieldPlan plan = new ProblemAssembler().assemble(spec(), null).plan();

        assertThat(visit(plan, "valletta").getZones()).extracting(Zone::id)
                .containsExactlyInAnyOrder("harbour", "valletta");
        assertThat(visit(plan, "rabat").getZones()).as("Rabat lies outside every zone").isEmpty();
        assertThat(visit(plan, "named").getZones()).extracting(Zone::id).containsExactly("valletta");
    }

    @Test
    void placesWithEqualCoordinatesShareOneMatrixRowAndTheMatrixIsStraightLine() throws Exception {
        FieldPlan plan = new ProblemAssembler().assemble(spec(), null).plan();

        // places: t-1 home (= "pinned"), t-2 home, Valletta (= night's end), Rabat (= "named")
        assertThat(plan.getTravelMatrix().size()).isEqualTo(4);
        assertThat(visit(plan, "pinned").getLocation()).isEqualTo(plan.getTechnicians().get(0).home());
        assertThat(shift(plan, "night").getEndLocation()).isEqualTo(visit(plan, "valletta").getLocation());
        assertThat(shift(plan, "night").getStartLocation()).isEqualTo(plan.getTechnicians().get(1).home());
        int from = visit(plan, "valletta").getLocation().index();
        int to = visit(plan, "rabat").getLocation().index();
        StraightLineTravelTimes line = new StraightLineTravelTimes(30, 1.3);
        int metres = line.metres(visit(plan, "valletta").getLocation().point(), visit(plan, "rabat").getLocation().point());
        assertThat(plan.getTravelMatrix().metres(from, to)).isEqualTo(metres);
        assertThat(plan.getTravelMatrix().seconds(from, to)).isEqualTo(line.secondsFor(metres));
    }

    @Test
    void pinnedVisitsStartTheRouteAndTheWarmStartFillsTheRest() throws Exception {
        WarmStart warm = new WarmStart("old.json", Map.of(
                "day", List.of("rabat", "pinned", "gone"),
                "night", List.of("valletta"),
                "closed", List.of("named")));

        ProblemAssembler.Assembly assembly = new ProblemAssembler().assemble(spec(), warm);

        FieldPlan plan = assembly.plan();
        assertThat(shift(plan, "day").getVisits()).extracting(Visit::getId).containsExactly("pinned", "rabat");
        assertThat(shift(plan, "day").getPinnedVisitCount()).isEqualTo(1);
        assertThat(visit(plan, "pinned").isPinned()).isTrue();
        assertThat(visit(plan, "rabat").isPinned()).isFalse();
        assertThat(shift(plan, "night").getVisits()).extracting(Visit::getId).containsExactly("valletta");
        assertThat(assembly.warnings()).extracting(ProblemError::message).containsExactlyInAnyOrder(
                "visit \"gone\" (in shift \"day\") is not in the problem any more; skipped",
                "shift \"closed\" is not in the problem any more; its 1 visit(s) start unassigned");
    }

    @Test
    void anExplicitMatrixIsUsedAsGivenWithTheFilesIndexes() throws Exception {
        String json = """
                {"origin": "2026-12-01",
                 "travel": {"matrix": {"seconds": [[0, 100, 200], [110, 0, -1], [210, null, 0]]}},
                 "technicians": [{"id": "t", "home": {"matrixIndex": 2}}],
                 "shifts": [{"id": "s", "technician": "t", "date": "2026-12-01", "start": "08:00", "end": "09:00"}],
                 "visits": [{"id": "v", "location": {"matrixIndex": 0, "lat": 35.9, "lon": 14.5}, "serviceMinutes": 5}]}
                """;
        ProblemSpec spec = new ProblemReader().read("m.json", "m", json);

        FieldPlan plan = new ProblemAssembler().assemble(spec, null).plan();

        assertThat(plan.getTechnicians().get(0).home().index()).isEqualTo(2);
        assertThat(plan.getVisits().get(0).getLocation().index()).isEqualTo(0);
        assertThat(plan.getTravelMatrix().seconds(2, 0)).isEqualTo(210);
        assertThat(plan.getTravelMatrix().reachable(1, 2)).isFalse();
        assertThat(plan.getTravelMatrix().reachable(2, 1)).isFalse();
        assertThat(plan.getTravelMatrix().metres(0, 1)).as("no metres given: zero").isZero();
        assertThat(plan.getTravelMatrix().metres(1, 2)).isEqualTo(-1);
        assertThatThrownBy(() -> new ProblemAssembler().assemble(spec, new StraightLineTravelTimes(30, 1.3), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("explicit travel matrix");
    }
}
