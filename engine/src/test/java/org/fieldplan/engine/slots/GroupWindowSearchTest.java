package org.fieldplan.engine.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.DAY;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.loc;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.junit.jupiter.api.Test;

/**
 * Windows for a two-person job on the line matrix (10 minutes per step, shifts 08:00-16:00, latest end 18:00): a
 * window is offered only when two technicians can start together inside it.
 */
class GroupWindowSearchTest {

    private static final List<DailyWindow> TWO_HOURS = DailyWindow.evenly(LocalTime.of(8, 0), LocalTime.of(16, 0),
            Duration.ofHours(2));
    private static final Skill ELECTRIC = new Skill("electric");
    private static final List<Set<Skill>> ELECTRICIAN_AND_HELPER = List.of(Set.of(ELECTRIC), Set.of());

    private static GroupWindowSearch.GroupWindowAnswer window(List<GroupWindowSearch.GroupWindowAnswer> answers, int hour) {
        return answers.stream().filter(a -> a.window().start().equals(LocalTime.of(hour, 0))).findFirst().orElseThrow();
    }

    private static NewVisit job() {
        return new NewVisit("yard", loc(3), 3600, Set.of(), Set.of(), Visit.NO_DEADLINE, 0, null);
    }

    @Test
    void offersOnlyWindowsWhereTwoPeopleAreFreeTogether() {
        // anna (electrician) is free all day; boris has a 3-hour job at location 9 promised for 10:00 (10:00-13:00)
        Technician anna = tech("anna", "electric");
        Technician boris = tech("boris");
        Visit busy = visit("busy", 9).duration(3 * 3600).window(at(10, 0), at(10, 0)).build();
        FieldPlan plan = plan(List.of(shift("a", anna).build(), shift("b", boris).route(busy).build()), List.of(busy));

        List<GroupWindowSearch.GroupWindowAnswer> answers = new GroupWindowSearch(WindowSearch.prepare(plan))
                .search(job(), ELECTRICIAN_AND_HELPER, WindowSettings.of(DAY, DAY, TWO_HOURS));

        // before his job boris reaches location 3 at 08:30 at the earliest; one hour there and 60 min on to location 9
        // would make him late for 10:00, so in 08:00-10:00 and 10:00-12:00 only anna is free
        assertThat(window(answers, 8).available()).isFalse();
        assertThat(window(answers, 10).available()).isFalse();
        assertThat(window(answers, 10).reason()).contains("fewer than 2 technicians (skills electric) are free together");
        // after it he leaves location 9 at 13:00 and reaches location 3 at 14:00 (6 steps): the last moment of the
        // 12:00-14:00 window, so both start then
        GroupWindowSearch.GroupWindowAnswer noon = window(answers, 12);
        assertThat(noon.available()).isTrue();
        assertThat(noon.groupStart()).isEqualTo(at(14, 0));
        assertThat(noon.insertions()).extracting(Insertion::technicianId).containsExactly("anna", "boris");
        assertThat(noon.insertions()).allMatch(i -> i.serviceStart() == at(14, 0));
        GroupWindowSearch.GroupWindowAnswer afternoon = window(answers, 14);
        assertThat(afternoon.available()).isTrue();
        assertThat(afternoon.groupStart()).isEqualTo(at(14, 0));
    }

    @Test
    void aTeamNeedsTheSkillsOfEachPerson() {
        // two helpers and no electrician: nothing is offered, although two people are free all day
        FieldPlan plan = plan(List.of(shift("a", tech("anna")).build(), shift("b", tech("boris")).build()), List.of());

        List<GroupWindowSearch.GroupWindowAnswer> answers = new GroupWindowSearch(WindowSearch.prepare(plan))
                .search(job(), ELECTRICIAN_AND_HELPER, WindowSettings.of(DAY, DAY, TWO_HOURS));

        assertThat(answers).hasSize(4).noneMatch(GroupWindowSearch.GroupWindowAnswer::available);
        // and one person alone is never a team, even an electrician
        FieldPlan one = plan(List.of(shift("a", tech("anna", "electric")).build()), List.of());
        assertThat(new GroupWindowSearch(WindowSearch.prepare(one))
                .search(job(), ELECTRICIAN_AND_HELPER, WindowSettings.of(DAY, DAY, TWO_HOURS)))
                .noneMatch(GroupWindowSearch.GroupWindowAnswer::available);
    }
}
