package org.fieldplan.engine.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.engine.testing.Plans.at;
import static org.fieldplan.engine.testing.Plans.h;
import static org.fieldplan.engine.testing.Plans.plan;
import static org.fieldplan.engine.testing.Plans.shift;
import static org.fieldplan.engine.testing.Plans.tech;
import static org.fieldplan.engine.testing.Plans.visit;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Timing rules on the line matrix (600 s per step from the depot at 0); every expected time worked out by hand. */
class RouteClockTest {

    private static final Technician ANNA = tech("anna");

    @Test
    void floatingBreakIsPostponedWhileItStillFitsThenTakenOnArrival() {
        Visit a = visit("a", 1).duration(h(3)).build();
        Visit b = visit("b", 2).duration(h(3)).build();
        Shift s = shift("s", ANNA).lunch(at(11, 0), at(14, 0), 1800).build();
        plan(List.of(s), List.of(a, b));

        VisitTiming ta = RouteClock.timeVisitAfter(s, null, null, a);
        // 08:10-11:10; the break (11:00-14:00) still fits after a, so it waits
        assertThat(ta.start()).isEqualTo(at(8, 10));
        assertThat(ta.departure()).isEqualTo(at(11, 10));
        assertThat(ta.breaksTaken()).isZero();

        VisitTiming tb = RouteClock.timeVisitAfter(s, ta, a.getLocation(), b);
        // arrives 11:20; after b (ends 14:20 without a break) it would be too late: lunch 11:20-11:50 first
        assertThat(tb.arrival()).isEqualTo(at(11, 20));
        assertThat(tb.start()).isEqualTo(at(11, 50));
        assertThat(tb.departure()).isEqualTo(at(14, 50));
        assertThat(tb.breakSeconds()).isEqualTo(1800);
        assertThat(tb.waitingSeconds()).isZero();

        RouteEnd end = RouteClock.returnLegAfter(s, tb, b.getLocation());
        assertThat(end.end()).isEqualTo(at(15, 10));
        assertThat(end.breakSeconds()).isZero();
    }

    @Test
    void breakIsTakenWhileWaitingForAWindow() {
        Visit a = visit("a", 1).duration(h(3)).build();
        Visit b = visit("b", 2).duration(h(3)).window(at(13, 0), at(14, 0)).build();
        Shift s = shift("s", ANNA).lunch(at(11, 0), at(14, 0), 1800).build();
        plan(List.of(s), List.of(a, b));

        VisitTiming ta = RouteClock.timeVisitAfter(s, null, null, a);
        VisitTiming tb = RouteClock.timeVisitAfter(s, ta, a.getLocation(), b);
        // arrives 11:20, lunch 11:20-11:50, waits 11:50-13:00 for the window
        assertThat(tb.ready()).isEqualTo(at(11, 50));
        assertThat(tb.start()).isEqualTo(at(13, 0));
        assertThat(tb.waitingSeconds()).isEqualTo(70 * 60);
        assertThat(tb.breakSeconds()).isEqualTo(1800);
    }

    @Test
    void fixedLunchAfterTheLastVisitIsTakenOnlyWhenStillAtWork() {
        Visit early = visit("a", 1).duration(h(3)).build();
        Shift s = shift("s", ANNA).lunch(at(12, 0), at(12, 30), 1800).build();
        plan(List.of(s), List.of(early));
        VisitTiming t = RouteClock.timeVisitAfter(s, null, null, early);
        // 08:10-11:10, home at 11:20: before lunch opens, no break
        assertThat(RouteClock.returnLegAfter(s, t, early.getLocation()).end()).isEqualTo(at(11, 20));

        Visit untilNoon = visit("b", 1).duration(h(3) + 50 * 60).build();
        Shift s2 = shift("s2", ANNA).lunch(at(12, 0), at(12, 30), 1800).build();
        plan(List.of(s2), List.of(untilNoon));
        VisitTiming t2 = RouteClock.timeVisitAfter(s2, null, null, untilNoon);
        // 08:10-12:00, lunch 12:00-12:30, home 12:40
        assertThat(t2.departure()).isEqualTo(at(12, 0));
        RouteEnd end = RouteClock.returnLegAfter(s2, t2, untilNoon.getLocation());
        assertThat(end.end()).isEqualTo(at(12, 40));
        assertThat(end.breakSeconds()).isEqualTo(1800);
    }

    @Test
    void aServiceThatWouldSpanAFixedLunchStartsAfterIt() {
        Visit v = visit("a", 1).duration(h(4)).build();
        Shift s = shift("s", ANNA).lunch(at(12, 0), at(12, 30), 1800).build();
        plan(List.of(s), List.of(v));
        VisitTiming t = RouteClock.timeVisitAfter(s, null, null, v);
        // 08:10-12:10 would run through the fixed lunch: lunch 12:00-12:30 first, service 12:30-16:30
        assertThat(t.start()).isEqualTo(at(12, 30));
        assertThat(t.departure()).isEqualTo(at(16, 30));
        assertThat(t.breakLateSeconds()).isZero();
    }

    @Test
    void aBreakWhoseSpanEndsBeforeTheRouteCanTakeItIsLate() {
        Visit v = visit("a", 1).build();
        Shift s = shift("s", ANNA).lunch(at(7, 0), at(7, 45), 1800).build();
        plan(List.of(s), List.of(v));
        VisitTiming t = RouteClock.timeVisitAfter(s, null, null, v);
        // leaves 08:00, arrives 08:10, takes the break 08:10-08:40: 55 minutes after 07:45
        assertThat(t.start()).isEqualTo(at(8, 40));
        assertThat(t.breakLateSeconds()).isEqualTo(55 * 60);
    }

    @Test
    void windowsAreTriedInOrderAndTheFirstUsableOneWins() {
        Visit v = visit("a", 5).window(at(8, 0), at(8, 30)).window(at(9, 0), at(10, 0)).build();
        Shift s = shift("s", ANNA).build();
        plan(List.of(s), List.of(v));
        // arrives 08:50: the first window has closed, the second opens at 09:00
        assertThat(RouteClock.timeVisitAfter(s, null, null, v).start()).isEqualTo(at(9, 0));
    }
}
