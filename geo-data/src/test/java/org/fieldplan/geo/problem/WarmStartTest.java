package org.fieldplan.geo.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class WarmStartTest {

    @Test
    void readsTheRoutesOfASolutionInOrderAndIgnoresEverythingElse() throws Exception {
        WarmStart warm = WarmStart.read("old.solution.json", """
                {"score": "0hard/0medium/-10soft", "assigned": 3,
                 "shifts": [
                   {"id": "s-1", "technician": "t-1", "visits": [{"id": "v-3", "start": "x"}, {"id": "v-1"}]},
                   {"id": "s-2", "visits": []},
                   {"id": "s-3", "visits": [{"id": "v-2", "position": 0}]}],
                 "unassignedVisits": [{"id": "v-4"}]}
                """);

        assertThat(warm.source()).isEqualTo("old.solution.json");
        assertThat(warm.routes()).containsExactly(
                java.util.Map.entry("s-1", List.of("v-3", "v-1")),
                java.util.Map.entry("s-2", List.of()),
                java.util.Map.entry("s-3", List.of("v-2")));
    }

    @Test
    void aVisitInTwoRoutesOrAShiftTwiceIsAnError() {
        ProblemFormatException e = catchThrowableOfType(ProblemFormatException.class, () -> WarmStart.read("old.json",
                """
                {"shifts": [
                   {"id": "s-1", "visits": [{"id": "v-1"}, {"id": "v-2"}]},
                   {"id": "s-2", "visits": [{"id": "v-2"}, {"name": "v-3"}]},
                   {"id": "s-1", "visits": []}]}
                """));

        assertThat(e.source()).isEqualTo("old.json");
        assertThat(e.errors()).extracting(ProblemError::toString).containsExactly(
                "shifts[1].visits[0].id: visit \"v-2\" is already in the route of shift \"s-1\"; a visit belongs to"
                        + " at most one route",
                "shifts[1].visits[1].id: missing; it is required",
                "shifts[2].id: shift \"s-1\" appears twice");
    }

    @Test
    void notASolutionAtAll() {
        ProblemFormatException e = catchThrowableOfType(ProblemFormatException.class,
                () -> WarmStart.read("x.json", "{\"visits\": []}"));

        assertThat(e.errors()).extracting(ProblemError::toString).containsExactly("shifts: missing; it is required");
    }
}
