package org.fieldplan.engine.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldplan.engine.testing.Plans.loc;
import static org.fieldplan.engine.testing.Plans.line;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class FieldPlanTest {

    @Test
    void reportsEveryBadItemAtOnceByPath() {
        Technician anna = tech("anna");
        Visit a = visit("a", 1).build();
        Visit twin = visit("a", 2).build();
        Visit far = new Visit("far", "Far away", new Location(42, 35.9, 14.5), 600, List.of(), java.util.Set.of(),
                java.util.Set.of(), 1, Visit.NO_DEADLINE, null, 0);
        Visit stray = visit("stray", 3).build();
        Shift s = shift("s", anna).route(a, stray).build();
        Shift t = shift("t", anna).route(a).build();

        assertThatThrownBy(() -> new FieldPlan(LocalDateTime.of(2026, 12, 1, 0, 0), List.of(anna), List.of(),
                List.of(s, t), List.of(a, twin, far), line(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 problem(s)")
                .hasMessageContaining("visits[1].id: duplicate id 'a'")
                .hasMessageContaining("visits[2].location.index: 42 is outside the travel matrix of size 10")
                .hasMessageContaining("shifts[0].visits[1]: visit 'stray' is not in the plan's visits")
                .hasMessageContaining("shifts[1].visits[0]: visit 'a' is already in another route");
    }

    @Test
    void pinsMustBeAPrefixOfTheRoute() {
        Shift s = shift("s", tech("anna")).route(visit("a", 1).build()).build();
        assertThatThrownBy(() -> s.pinVisits(2)).hasMessageContaining("Cannot pin 2 visits of shift (s), which has 1");
    }

    @Test
    void shiftTimesAreChecked() {
        assertThatThrownBy(() -> new Shift("s-17", tech("t-4"), java.time.LocalDate.of(2026, 12, 1), loc(0), loc(0),
                8 * 3600, 7 * 3600, 9 * 3600, List.of(), List.of(), -1))
                .hasMessageContaining("The shift (s-17) of technician (t-4) ends nominally (25200 s) before it starts"
                        + " (28800 s)");
    }
}
