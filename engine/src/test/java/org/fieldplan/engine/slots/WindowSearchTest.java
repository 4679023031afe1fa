package org.fieldplan.engine.slots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import java.util.Map;
import java.util.Set;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.junit.jupiter.api.Test;

/**
 * Hand-checked cases on the line matrix of {@link org.fieldplan.engine.testing.Plans}: places 0..9 on a line,
 * 600 s and 5,000 m per step, the depot at 0; shifts 08:00-16:00 (latest end 18:00) unless stated.
 */
class WindowSearchTest {

    private static final Zone NORTH = new Zone("north", "North");
    private static final Zone SOUTH = new Zone("south", "South");
    private static final List<DailyWindow> TWO_HOURS = DailyWindow.evenly(LocalTime.of(8, 0), LocalTime.of(20, 0),
            Duration.ofHours(2));
    private static final WindowSettings ONE_DAY = WindowSettings.of(DAY, DAY, TWO_HOURS);

    private static NewVisit newVisit(int place, long duration, Set<Skill> skills, Set<Zone> zones, long deadline,
            int demand) {
        return new NewVisit("new address", loc(place), duration, skills, zones, deadline, demand, null);
    }

    private static NewVisit newVisit(int place, long duration) {
        return newVisit(place, duration, Set.of(), Set.of(), Visit.NO_DEADLINE, 0);
    }

    private static WindowAnswer window(WindowSearchResult result, int day, int hour) {
        for (WindowAnswer a : result.answers()) {
            if (a.day().equals(DAY.plusDays(day)) && a.window().start().equals(LocalTime.of(hour, 0))) {
                return a;
            }
        }
        throw new AssertionError("no window " + hour + ":00 on day " + day);
    }

    @Test
    void emptyShiftTakesTheVisitBetweenStartAndEnd() {
        Technician t = tech("t1");
        FieldPlan plan = plan(List.of(shift("s1", t).build()), List.of());

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(3, 1800), ONE_DAY);

        assertThat(result.answers()).hasSize(6);
        WindowAnswer first = window(result, 0, 8);
        // 3 steps out (1,800 s, 15 km) and 3 back; leaves 08:00, arrives 08:30
        assertThat(first.insertion()).isEqualTo(new Insertion("s1", "t1", 0, at(8, 30), 3600, 30_000, 3600 + 1800));
        assertThat(window(result, 0, 10).insertion().serviceStart()).isEqualTo(at(10, 0));
        // 16:00 + 30 min + 30 min back = 17:00 <= latest end 18:00
        assertThat(window(result, 0, 16).available()).isTrue();
        WindowAnswer late = window(result, 0, 18);
        assertThat(late.available()).isFalse();
        assertThat(late.unavailability()).isEqualTo(Unavailability.NO_SHIFT);
        assertThat(late.reason()).isEqualTo("no technician works on 2026-12-01 between 18:00 and 20:00");
    }

    @Test
    void aWindowPromisedToAnotherCustomerIsKept() {
        Visit promised = visit("a", 5).duration(3600).window(at(10, 0), at(10, 0)).build();
        Technician t = tech("t1");
        FieldPlan plan = plan(List.of(shift("s1", t).route(promised).build()), List.of(promised));

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(6, 3600), ONE_DAY);

        // before the promised visit: 09:00 at the earliest, done 10:00, 10:10 at place 5: too late for 10:00
        WindowAnswer morning = window(result, 0, 8);
        assertThat(morning.available()).isFalse();
        assertThat(morning.unavailability()).isEqualTo(Unavailability.FULL);
        assertThat(morning.reason()).isEqualTo("every route is full between 08:00 and 10:00 on 2026-12-01");
        // after it: 11:00 + 10 min; travel 5->6->0 instead of 5->0: 600 + 3600 - 3000
        assertThat(window(result, 0, 10).insertion())
                .isEqualTo(new Insertion("s1", "t1", 1, at(11, 10), 1200, 10_000, 6000 + 1200 + 3600 + 3600));
    }

    @Test
    void aFixedLunchDelaysTheServiceAndCanMakeTheWindowUnavailable() {
        Technician t = tech("t1");
        Shift withLunch = shift("s1", t).lunch(at(12, 0), at(13, 0), 3600).build();
        FieldPlan plan = plan(List.of(withLunch), List.of());

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(1, 3600), ONE_DAY);
        // the lunch 12:00-13:00 comes first, so the service starts at 13:00, not 12:00
        assertThat(window(result, 0, 12).insertion().serviceStart()).isEqualTo(at(13, 0));

        Shift shortDay = shift("s2", t).times(at(8, 0), at(14, 0), at(14, 0)).lunch(at(12, 0), at(13, 0), 3600).build();
        FieldPlan plan2 = plan(List.of(shortDay), List.of());
        WindowSearchResult result2 = WindowSearch.prepare(plan2).search(newVisit(1, 3600), ONE_DAY);
        // 13:00-14:00 service and 10 min home: 14:10 is after the latest end 14:00 (without the lunch it would fit)
        assertThat(window(result2, 0, 12).available()).isFalse();
        assertThat(window(result2, 0, 12).unavailability()).isEqualTo(Unavailability.FULL);
        assertThat(window(result2, 0, 10).insertion().serviceStart()).isEqualTo(at(10, 0));
    }

    @Test
    void aFloatingBreakStillPendingIsTakenWhereTheEngineWouldTakeIt() {
        // a break of 1 h anywhere in 11:00-13:00; a promised visit 11:00-12:00 at place 2; latest end 14:15
        Visit promised = visit("a", 2).duration(3600).window(at(11, 0), at(11, 0)).build();
        Technician t = tech("t1");
        Shift shift = shift("s1", t).times(at(8, 0), at(14, 15), at(14, 15)).lunch(at(11, 0), at(13, 0), 3600)
                .route(promised).build();
        FieldPlan plan = plan(List.of(shift), List.of(promised));

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(2, 3600), ONE_DAY);
        // 10-12: before the promised visit at the same place, 10:00-11:00; the break moves to 12:00-13:00
        assertThat(window(result, 0, 10).insertion()).isEqualTo(new Insertion("s1", "t1", 0, at(10, 0), 0, 0,
                2400 + 7200));
        // 12-14: after it the break must come first (12:00-13:00), so 13:00-14:00 and home at 14:20 > 14:15
        assertThat(window(result, 0, 12).available()).isFalse();
        assertThat(window(result, 0, 12).unavailability()).isEqualTo(Unavailability.FULL);
    }

    @Test
    void reasonsNameTheSkillTheZoneTheDeadlineAndTheCapacity() {
        Skill meter = new Skill("meter-verification");
        Technician plain = tech("t1");
        Technician skilled = tech("t2", "meter-verification");
        Visit load = visit("a", 4).demand(1).build();
        FieldPlan plan = plan(List.of(
                shift("s1", plain).zone(SOUTH, at(8, 0), at(18, 0)).build(),
                shift("s2", skilled).zone(NORTH, at(8, 0), at(18, 0)).build(),
                shift("s3", skilled).day(1).capacity(1).route(load).build()), List.of(load));
        WindowSearch search = WindowSearch.prepare(plan);
        WindowSettings twoDays = WindowSettings.of(DAY, DAY.plusDays(1), TWO_HOURS);

        WindowSearchResult noZone = search.search(newVisit(3, 1800, Set.of(meter), Set.of(SOUTH), Visit.NO_DEADLINE, 1),
                twoDays);
        assertThat(window(noZone, 0, 8).unavailability()).isEqualTo(Unavailability.NO_ZONE);
        assertThat(window(noZone, 0, 8).reason()).isEqualTo(
                "no technician with skill meter-verification works in zone South on 2026-12-01 between 08:00 and 10:00");
        assertThat(window(noZone, 1, 8).unavailability()).isEqualTo(Unavailability.FULL);
        assertThat(window(noZone, 1, 8).reason()).isEqualTo(
                "every route with skill meter-verification serving zone South has no capacity left on 2026-12-02");

        WindowSearchResult noSkill = search.search(newVisit(3, 1800, Set.of(meter, new Skill("gas")), Set.of(),
                Visit.NO_DEADLINE, 0), twoDays);
        assertThat(window(noSkill, 0, 10).reason()).isEqualTo(
                "no technician with skills gas, meter-verification works on 2026-12-01 between 10:00 and 12:00");

        WindowSearchResult deadline = search.search(newVisit(3, 1800, Set.of(), Set.of(NORTH), at(1, 0, 0), 0),
                twoDays);
        assertThat(window(deadline, 0, 8).available()).isTrue();
        assertThat(window(deadline, 1, 8).unavailability()).isEqualTo(Unavailability.DEADLINE);
        assertThat(window(deadline, 1, 8).reason()).isEqualTo("the deadline (2026-12-02 00:00) is before this day");

        WindowSearchResult tight = search.search(newVisit(3, 3600, Set.of(), Set.of(), at(0, 11, 0), 0), ONE_DAY);
        assertThat(window(tight, 0, 10).available()).isTrue(); // 10:00-11:00 ends just in time
        assertThat(window(tight, 0, 12).reason()).isEqualTo(
                "the service (60 min) cannot end by the deadline (2026-12-01 11:00) when it starts between 12:00 and 14:00");
    }

    @Test
    void windowsAreRankedByCostThenTime() {
        // s1 has two visits at place 8 (10:00 and 14:00), s2 none: the new visit at place 8 adds no travel to s1 in
        // any window, so s1 takes it; its work (9,600 s travel + 7,200 s service + 1,800 s new) then exceeds the
        // day's mean (16,800 / 2) by 10,200 s, a quarter of which is the cost: 2,550 for every window
        Visit a = visit("a", 8).duration(3600).window(at(10, 0), at(10, 0)).build();
        Visit b = visit("b", 8).duration(3600).window(at(14, 0), at(14, 0)).build();
        FieldPlan plan = plan(List.of(shift("s1", tech("t1")).route(a, b).build(), shift("s2", tech("t2")).build()),
                List.of(a, b));

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(8, 1800), ONE_DAY);

        List<WindowAnswer> best = result.bestFirst();
        assertThat(best).extracting(WindowAnswer::rank).containsExactly(1, 2, 3, 4, 5);
        assertThat(best).extracting(w -> w.window().start().getHour()).containsExactly(8, 10, 12, 14, 16);
        assertThat(best).extracting(WindowAnswer::cost).containsOnly(2550L);
        assertThat(best).extracting(w -> w.insertion().shiftId()).containsOnly("s1");
        assertThat(best).extracting(w -> w.insertion().addedTravelSeconds()).containsOnly(0);

        // when s1 must be home by 17:30, 16:00-16:30 at place 8 plus 80 min home is too late: s2 makes the trip
        // (9,600 s) and the window costs 9,600 + (11,400 - 8,400) / 4 = 10,350: ranked last
        FieldPlan early = plan(List.of(shift("s1", tech("t1")).times(at(8, 0), at(16, 0), at(17, 30)).route(a, b)
                .build(), shift("s2", tech("t2")).build()), List.of(a, b));
        WindowSearch earlySearch = WindowSearch.prepare(early);
        assertThat(earlySearch.brokenRoutes()).isEmpty();
        List<WindowAnswer> busyBest = earlySearch.search(newVisit(8, 1800), ONE_DAY).bestFirst();
        WindowAnswer last = busyBest.get(busyBest.size() - 1);
        assertThat(last.window().start().getHour()).isEqualTo(16);
        assertThat(last.insertion().shiftId()).isEqualTo("s2");
        assertThat(last.insertion().addedTravelSeconds()).isEqualTo(9600);
        assertThat(last.cost()).isEqualTo(10_350);
    }

    @Test
    void aBookedVisitInsertedWhereTheSearchSaidTakesTheWindowAway() {
        // capacity for exactly one more visit of 3 h between 08:00 and 12:00 (latest end 12:00)
        Technician t = tech("t1");
        Shift shift = shift("s1", t).times(at(8, 0), at(12, 0), at(12, 0)).build();
        FieldPlan plan = plan(List.of(shift), List.of());
        NewVisit first = newVisit(1, 3 * 3600);
        DailyWindow eight = new DailyWindow(LocalTime.of(8, 0), LocalTime.of(10, 0));

        WindowAnswer answer = WindowSearch.prepare(plan).check(first, DAY, eight);
        assertThat(answer.available()).isTrue();
        assertThat(answer.rank()).isEqualTo(1);

        Visit booked = first.toVisit("r-1", answer.start(), answer.end());
        plan.getVisits().add(booked);
        shift.getVisits().add(answer.insertion().position(), booked);

        WindowAnswer again = WindowSearch.prepare(plan).check(newVisit(1, 3 * 3600), DAY, eight);
        assertThat(again.available()).isFalse();
        assertThat(again.reason()).isEqualTo("every route is full between 08:00 and 10:00 on 2026-12-01");
    }

    @Test
    void pinnedVisitsStayFirst() {
        Visit done = visit("a", 5).duration(1800).build();
        Technician t = tech("t1");
        Shift shift = shift("s1", t).route(done).build();
        shift.pinVisits(1);
        FieldPlan plan = plan(List.of(shift), List.of(done));

        WindowSearchResult result = WindowSearch.prepare(plan).search(newVisit(1, 1800), ONE_DAY);

        // inserting at 0 would be cheaper (0->1->5 costs nothing extra) but the pinned visit stays first
        assertThat(window(result, 0, 8).insertion().position()).isEqualTo(1);
    }

    @Test
    void aRouteThatAlreadyBreaksARuleIsOfferedNothing() {
        Visit late = visit("a", 9).duration(3600).window(at(8, 0), at(8, 0)).build(); // cannot be reached by 08:00
        FieldPlan plan = plan(List.of(shift("s1", tech("t1")).route(late).build()), List.of(late));

        WindowSearch search = WindowSearch.prepare(plan);

        // 9 steps of 10 min: there at 09:30, 5,400 s after the window 08:00-08:00 closed
        assertThat(search.brokenRoutes()).containsExactly(Map.entry("s1", "visit a starts 5400 s after its window closed"));
        assertThat(search.search(newVisit(1, 1800), ONE_DAY).availableCount()).isZero();
    }

    @Test
    void badInputIsNamed() {
        FieldPlan plan = plan(List.of(shift("s1", tech("t1")).build()), List.of());
        assertThatThrownBy(() -> WindowSearch.prepare(plan).search(newVisit(12, 1800), ONE_DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newVisit.location.index: 12")
                .hasMessageContaining("size 10");
        assertThatThrownBy(() -> newVisit(1, 0))
                .hasMessageContaining("service duration 0 s");
        assertThatThrownBy(() -> WindowSettings.of(DAY.plusDays(1), DAY, TWO_HOURS))
                .hasMessageContaining("ends (2026-12-01) before it starts (2026-12-02)");
        assertThatThrownBy(() -> new DailyWindow(LocalTime.of(10, 0), LocalTime.of(8, 0)))
                .hasMessageContaining("10:00-08:00");
    }

    @Test
    void windowsComeFromTheServiceThenTheZoneThenTheDefaults() {
        List<DailyWindow> mornings = List.of(new DailyWindow(LocalTime.of(8, 0), LocalTime.of(12, 0)));
        List<DailyWindow> evenings = List.of(new DailyWindow(LocalTime.of(17, 0), LocalTime.of(20, 0)));
        WindowSettings settings = new WindowSettings(DAY, DAY, TWO_HOURS, Map.of("north", mornings),
                Map.of("meter-verification", evenings));

        assertThat(settings.windowsFor("meter-verification", Set.of(NORTH))).isEqualTo(evenings);
        assertThat(settings.windowsFor("cleaning", Set.of(NORTH, SOUTH))).isEqualTo(mornings);
        assertThat(settings.windowsFor(null, Set.of(SOUTH))).isEqualTo(TWO_HOURS);
    }
}
