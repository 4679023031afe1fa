package org.fieldplan.engine.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.fieldplan.engine.testing.Plans.ORIGIN;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.List;

import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.junit.jupiter.api.Test;

/**
 * Hand edits on the line matrix (600 s per step, depot at 0, services of 30 min, shifts from 08:00); every
 * expected time worked out by hand.
 */
class RouteEditorTest {

    private static final Technician ANNA = tech("anna");
    private static final Technician BOB = tech("bob");

    @Test
    void insertGoesAfterThePinnedPrefixAndRetimesTheRoute() {
        Visit a = visit("a", 1).build();
        Visit b = visit("b", 3).build();
        Visit c = visit("c", 2).build();
        Shift s = shift("s", ANNA).route(a, b).build();
        plan(List.of(s), List.of(a, b, c));
        s.pinVisits(1);
        RouteEditor.retime(s);

        int used = RouteEditor.insert(s, c, 0);

        assertThat(used).isEqualTo(1);
        assertThat(s.getVisits()).containsExactly(a, c, b);
        assertThat(a.isPinned()).isTrue();
        assertThat(c.isPinned()).isFalse();
        assertThat(c.getShift()).isSameAs(s);
        assertThat(c.getPreviousVisit()).isSameAs(a);
        // a 08:10-08:40, c arrives 08:50 and ends 09:20, b arrives 09:30 and ends 10:00, home 10:30
        assertThat(c.getTiming().arrival()).isEqualTo(at(8, 50));
        assertThat(b.getTiming().arrival()).isEqualTo(at(9, 30));
        assertThat(b.getTiming().departure()).isEqualTo(at(10, 0));
        assertThat(s.getEndTime()).isEqualTo(at(10, 30));
        assertThat(s.travelSeconds()).isEqualTo(3600);
    }

    @Test
    void insertRefusesAVisitThatIsAlreadyInARoute() {
        Visit a = visit("a", 1).build();
        Shift s = shift("s", ANNA).route(a).build();
        Shift t = shift("t", BOB).build();
        plan(List.of(s, t), List.of(a));
        RouteEditor.retime(s);

        assertThatThrownBy(() -> RouteEditor.insert(t, a, 0)).isInstanceOf(RouteEditor.EditRefused.class)
                .hasMessageContaining("already in the route of shift s");
    }

    @Test
    void removeRetimesWhatFollowsAndRefusesAPinnedVisit() {
        Visit a = visit("a", 1).build();
        Visit c = visit("c", 2).build();
        Visit b = visit("b", 3).build();
        Shift s = shift("s", ANNA).route(a, c, b).build();
        plan(List.of(s), List.of(a, b, c));
        s.pinVisits(1);
        RouteEditor.retime(s);

        assertThatThrownBy(() -> RouteEditor.remove(a)).isInstanceOf(RouteEditor.EditRefused.class)
                .hasMessageContaining("pinned");
        RouteEditor.remove(c);

        assertThat(s.getVisits()).containsExactly(a, b);
        assertThat(s.getPinnedVisitCount()).isEqualTo(1);
        assertThat(c.getShift()).isNull();
        assertThat(c.getTiming()).isNull();
        // a ends 08:40, b two steps on: arrives 09:00
        assertThat(b.getTiming().arrival()).isEqualTo(at(9, 0));
        assertThat(b.getPreviousVisit()).isSameAs(a);
    }

    @Test
    void moveToAnotherShiftRetimesBothRoutes() {
        Visit a = visit("a", 1).build();
        Visit b = visit("b", 3).build();
        Visit d = visit("d", 2).build();
        Shift s = shift("s", ANNA).route(a, b).build();
        Shift t = shift("t", BOB).route(d).build();
        plan(List.of(s, t), List.of(a, b, d));
        RouteEditor.retime(s);
        RouteEditor.retime(t);

        int used = RouteEditor.move(b, t, 0);

        assertThat(used).isZero();
        assertThat(s.getVisits()).containsExactly(a);
        assertThat(t.getVisits()).containsExactly(b, d);
        assertThat(b.getShift()).isSameAs(t);
        // bob: b three steps out, arrives 08:30, ends 09:00; d one step back, arrives 09:10
        assertThat(b.getTiming().arrival()).isEqualTo(at(8, 30));
        assertThat(d.getTiming().arrival()).isEqualTo(at(9, 10));
        // anna: only a, home at 08:50
        assertThat(s.getEndTime()).isEqualTo(at(8, 50));
    }

    @Test
    void moveWithinOneRouteAndMoveOfAPinnedVisitRefused() {
        Visit a = visit("a", 1).build();
        Visit b = visit("b", 2).build();
        Visit c = visit("c", 3).build();
        Shift s = shift("s", ANNA).route(a, b, c).build();
        plan(List.of(s), List.of(a, b, c));
        s.pinVisits(1);
        RouteEditor.retime(s);

        RouteEditor.move(c, s, 1);
        assertThat(s.getVisits()).containsExactly(a, c, b);
        assertThatThrownBy(() -> RouteEditor.move(a, s, 2)).isInstanceOf(RouteEditor.EditRefused.class)
                .hasMessageContaining("unpin it first");
    }

    @Test
    void bestPositionSkipsCheaperPositionsThatBreakTheWindow() {
        Visit x = visit("x", 1).build();
        Visit z = visit("z", 5).build();
        Visit free = visit("free", 4).build();
        Visit tight = visit("tight", 4).window(at(8, 0), at(8, 45)).build();
        Shift s = shift("s", ANNA).route(x, z).build();
        plan(List.of(s), List.of(x, z, free, tight));
        RouteEditor.retime(s);

        // without a window, after x (0-1-4-5-0 = 6000 s) ties with after z and beats first (9600 s)
        assertThat(RouteEditor.bestPosition(s, free)).isEqualTo(1);
        // first is the only place it is reached by 08:45 (arrives 08:40)
        assertThat(RouteEditor.bestPosition(s, tight)).isZero();
        assertThat(s.getVisits()).containsExactly(x, z);
        assertThat(tight.getShift()).isNull();
    }

    @Test
    void bestPositionIsMinusOneWhenNoPlaceKeepsTheRules() {
        Visit x = visit("x", 1).build();
        Visit gas = visit("gas", 2).skills("gas").build();
        Shift s = shift("s", ANNA).route(x).build();
        plan(List.of(s), List.of(x, gas));
        RouteEditor.retime(s);

        assertThat(RouteEditor.bestPosition(s, gas)).isEqualTo(-1);
    }

    @Test
    void rulesNameTheTechnicianTheVisitAndTheTime() {
        Visit x = visit("x", 1).build();
        Visit z = visit("z", 5).build();
        Visit tight = visit("tight", 4).window(at(8, 0), at(8, 45)).build();
        Shift s = shift("s", ANNA).route(x, z).build();
        plan(List.of(s), List.of(x, z, tight));
        RouteEditor.retime(s);
        assertThat(RouteRules.isFeasible(s)).isTrue();
        assertThat(RouteRules.violations(s, ORIGIN)).isEmpty();

        RouteEditor.insert(s, tight, 1);

        // x 08:10-08:40, tight three steps on at 09:10
        assertThat(RouteRules.isFeasible(s)).isFalse();
        assertThat(RouteRules.violations(s, ORIGIN))
                .containsExactly("Visit tight: Technician anna arrives 09:10, after the promised window 08:00–08:45");
    }
}
