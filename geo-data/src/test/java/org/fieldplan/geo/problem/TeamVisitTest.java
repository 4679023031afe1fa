package org.fieldplan.geo.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Visit;
import org.junit.jupiter.api.Test;

/** A visit with {@code "team"}: one engine visit per person, grouped, starting at the first window's start. */
class TeamVisitTest {

    private static String problem(String teamVisit) {
        return """
                {
                  "origin": "2026-12-01",
                  "technicians": [
                    {"id": "t-1", "skills": ["electric"], "home": {"lat": 35.8950, "lon": 14.4650}},
                    {"id": "t-2", "home": {"lat": 35.8731, "lon": 14.5075}}
                  ],
                  "shifts": [
                    {"id": "a", "technician": "t-1", "date": "2026-12-01", "start": "08:00", "end": "17:00"},
                    {"id": "b", "technician": "t-2", "date": "2026-12-01", "start": "08:00", "end": "17:00"}
                  ],
                  "visits": [%s]
                }
                """.formatted(teamVisit);
    }

    @Test
    void aTeamVisitBecomesOneVisitPerPersonStartingTogether() throws Exception {
        ProblemSpec spec = new ProblemReader().read("team.json", "team", problem("""
                {"id": "yard", "location": {"lat": 35.8989, "lon": 14.5146}, "serviceMinutes": 90,
                 "timeWindows": [{"start": "10:00", "end": "12:00"}],
                 "team": [{"skills": ["electric"]}, {"skills": []}]}"""));

        FieldPlan plan = new ProblemAssembler().assemble(spec, null).plan();

        assertThat(plan.getVisits()).extracting(Visit::getId).containsExactly("yard#1", "yard#2");
        Visit electrician = plan.getVisits().get(0);
        assertThat(electrician.getRequiredSkills()).containsExactly(new Skill("electric"));
        assertThat(plan.getVisits().get(1).getRequiredSkills()).isEmpty();
        assertThat(plan.getVisits()).allSatisfy(v -> {
            assertThat(v.getGroup()).isNotNull();
            assertThat(v.getGroup().id()).isEqualTo("yard");
            assertThat(v.getGroup().size()).isEqualTo(2);
            assertThat(v.getGroup().start()).isEqualTo(10 * 3600);
            assertThat(v.getServiceDuration()).isEqualTo(90 * 60);
        });
    }

    @Test
    void aTeamOfOneWithoutAWindowAndWithSkillsBesideItIsRefusedByPath() {
        assertThatThrownBy(() -> new ProblemReader().read("team.json", "team", problem("""
                {"id": "yard", "location": {"lat": 35.8989, "lon": 14.5146}, "serviceMinutes": 90,
                 "skills": ["electric"], "team": [{"skills": ["electric"]}]}""")))
                .isInstanceOf(ProblemFormatException.class)
                .hasMessageContaining("visits[0].team: 1 person(s); a team is 2 to 20 people")
                .hasMessageContaining("visits[0].skills: given together with \"team\"")
                .hasMessageContaining("visits[0].team: work for a team needs a time window");
    }
}
