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

    @Test
    void theSolutionPlansTheTeamTogetherAndNamesWhoWorksAlongside() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("team");
        java.nio.file.Path file = dir.resolve("team.json");
        java.nio.file.Files.writeString(file, problem("""
                {"id": "yard", "location": {"lat": 35.8989, "lon": 14.5146}, "serviceMinutes": 90,
                 "timeWindows": [{"start": "10:00", "end": "12:00"}],
                 "team": [{"skills": ["electric"]}, {"skills": []}]}"""));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = new org.fieldplan.geo.cli.SolveCommand(new java.io.PrintStream(out, true), new java.io.PrintStream(out, true),
                false).run(new String[] {file.toString(), "--seconds", "2", "--seed", "1"});

        assertThat(exit).as(out.toString()).isZero();
        com.fasterxml.jackson.databind.JsonNode solution = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("team.solution.json").toFile());
        java.util.Map<String, com.fasterxml.jackson.databind.JsonNode> byTechnician = new java.util.HashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode shift : solution.get("shifts")) {
            for (com.fasterxml.jackson.databind.JsonNode visit : shift.get("visits")) {
                byTechnician.put(shift.get("technician").asText(), visit);
            }
        }
        assertThat(byTechnician).containsOnlyKeys("t-1", "t-2");
        assertThat(byTechnician.get("t-1").get("id").asText()).isEqualTo("yard#1"); // the electrician's part
        assertThat(byTechnician.get("t-1").get("team").asText()).isEqualTo("yard");
        assertThat(byTechnician.get("t-1").get("alongside").get(0).asText()).isEqualTo("t-2");
        assertThat(byTechnician.get("t-2").get("alongside").get(0).asText()).isEqualTo("t-1");
        assertThat(byTechnician.get("t-1").get("start").asText()).isEqualTo(byTechnician.get("t-2").get("start").asText());
    }
}
