package org.fieldplan.api.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.planning.LoadedPlan.ShiftKey;
import org.fieldplan.api.planning.VisitAssembly.RequestRow;
import org.fieldplan.api.planning.VisitAssembly.StopRow;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.TravelMatrix;
import org.junit.jupiter.api.Test;

/**
 * Visits and starting routes from stored rows without a database. The plan is of Tuesday 2 June 2026 in Malta
 * (UTC+2 in summer): its origin, 00:00 local, is 22:00 UTC the day before, so 08:00 local = 06:00 UTC = 28,800 s.
 */
class VisitAssemblyTest {

    static final LocalDate DAY = LocalDate.of(2026, 6, 2);
    static final LocalDateTime ORIGIN = DAY.atStartOfDay();
    static final ZoneId MALTA = ZoneId.of("Europe/Malta");
    static final Location HERE = new Location(3, 35.9, 14.5);
    static final Set<Zone> NORTH = Set.of(new Zone("1", "North"));

    static OffsetDateTime utc(int day, int hour, int minute) {
        return OffsetDateTime.of(2026, 6, day, hour, minute, 0, 0, ZoneOffset.UTC);
    }

    static RequestRow request(long id, RequestStatus status, OffsetDateTime windowStart, OffsetDateTime windowEnd,
            long durationSeconds) {
        return new RequestRow(id, "2026-0000" + id, status, "12 Triq il-Kbira, Mosta", new GeoPoint(35.9, 14.5), 1, 0,
                utc(5, 10, 0), windowStart, windowEnd, durationSeconds, Set.of(new Skill("cleaning")));
    }

    static Visit visit(RequestRow r, StopRow stop, Instant now) {
        return VisitAssembly.visit(r, stop, HERE, NORTH, ORIGIN, DAY, MALTA, now);
    }

    @Test
    void anAgreedRequestIsAVisitInsideItsPromisedWindowWithItsDeadline() {
        Visit v = visit(request(11, RequestStatus.AGREED, utc(2, 6, 0), utc(2, 8, 0), 5400), null, Instant.EPOCH);

        assertThat(v.getId()).isEqualTo(LoadedPlan.visitId(11));
        assertThat(v.getTimeWindows()).containsExactly(new TimeWindow(8 * 3600, 10 * 3600)); // 08:00-10:00 local
        assertThat(v.getServiceDuration()).isEqualTo(5400);
        assertThat(v.getPriority()).as("priority 0 counts as 1").isEqualTo(1);
        assertThat(v.getZones()).isEqualTo(NORTH);
        // deadline 5 June 10:00 UTC = 12:00 local, three days and twelve hours after the origin
        assertThat(v.getDeadline()).isEqualTo(3 * 86_400 + 12 * 3600);
    }

    @Test
    void aVisitOfNoDurationTakesAMinuteAndOneWhoseWindowIsOnAnotherDayIsNotInThePlan() {
        assertThat(visit(request(12, RequestStatus.AGREED, null, null, 0), null, Instant.EPOCH).getServiceDuration())
                .isEqualTo(60);
        assertThat(visit(request(13, RequestStatus.SCHEDULED, utc(3, 6, 0), utc(3, 8, 0), 600), null, Instant.EPOCH))
                .as("promised for Wednesday, planned for Tuesday").isNull();
        StopRow onRoute = new StopRow(13, 0, false, RequestStatus.SCHEDULED, null, null);
        assertThat(visit(request(13, RequestStatus.SCHEDULED, utc(3, 6, 0), utc(3, 8, 0), 600), onRoute, Instant.EPOCH))
                .as("but one already on a route of the plan stays in it").isNotNull();
    }

    @Test
    void startedWorkIsFixedWhenItBeganAndLastsAtLeastUntilFiveMinutesFromNow() {
        StopRow started = new StopRow(14, 0, false, RequestStatus.IN_PROGRESS, utc(2, 7, 0), null);
        Instant now = utc(2, 8, 30).toInstant(); // 90 minutes in, planned for 60
        Visit v = visit(request(14, RequestStatus.IN_PROGRESS, utc(2, 6, 0), utc(2, 8, 0), 3600), started, now);

        long nine = 9 * 3600; // 07:00 UTC = 09:00 local
        assertThat(v.getTimeWindows()).containsExactly(new TimeWindow(nine, nine + 24 * 3600));
        assertThat(v.getServiceDuration()).isEqualTo(90 * 60 + 5 * 60);
        assertThat(v.getDeadline()).isEqualTo(Visit.NO_DEADLINE);

        StopRow finished = new StopRow(14, 0, false, RequestStatus.DONE, utc(2, 7, 0), utc(2, 7, 40));
        assertThat(visit(request(14, RequestStatus.DONE, null, null, 3600), finished, now).getServiceDuration())
                .as("as long as it took").isEqualTo(40 * 60);
    }

    @Test
    void theStartingRouteKeepsTheStoredOrderPinsUpToTheLastPinnedOrStartedStopAndPlacesHeldWindowsAfterIt() {
        Map<Long, Visit> visits = new HashMap<>();
        for (long id = 1; id <= 4; id++) {
            visits.put(id, visit(request(id, RequestStatus.SCHEDULED, null, null, 600), null, Instant.EPOCH));
        }
        List<StopRow> stops = List.of(
                new StopRow(1, 0, false, RequestStatus.IN_PROGRESS, utc(2, 6, 0), null),
                new StopRow(2, 1, true, RequestStatus.SCHEDULED, null, null),
                new StopRow(99, 2, false, RequestStatus.SCHEDULED, null, null), // cancelled meanwhile: not in the plan
                new StopRow(3, 3, false, RequestStatus.SCHEDULED, null, null),
                new StopRow(4, 4, false, RequestStatus.SCHEDULED, null, null));
        ShiftKey shift = new ShiftKey(7, DAY);
        Map<String, Visit> held = new HashMap<>();
        LoadOptions.ExtraVisit atStart = extra("hold-a", shift, 0);
        LoadOptions.ExtraVisit atEnd = extra("hold-b", shift, 9);
        Visit a = new Visit("hold-a", "held", HERE, 600, List.of(), Set.of(), Set.of(), 1, Visit.NO_DEADLINE, null, 0);
        Visit b = new Visit("hold-b", "held", HERE, 600, List.of(), Set.of(), Set.of(), 1, Visit.NO_DEADLINE, null, 0);
        held.put("hold-a", a);
        held.put("hold-b", b);

        VisitAssembly.Route route = VisitAssembly.route(stops, visits, List.of(atEnd, atStart), held);

        assertThat(route.pinned()).isEqualTo(2);
        assertThat(route.visits()).containsExactly(visits.get(1L), visits.get(2L), a, visits.get(3L), visits.get(4L), b);
        assertThat(held).as("placed holds are taken").isEmpty();
    }

    static LoadOptions.ExtraVisit extra(String id, ShiftKey shift, int position) {
        return new LoadOptions.ExtraVisit(id, "held", new GeoPoint(35.9, 14.5), 600, Set.of(), utc(2, 6, 0).toInstant(),
                utc(2, 8, 0).toInstant(), shift, position);
    }

    @Test
    void spareSlotsAreUnreachableFromEverythingButThemselvesAndKeepTheMatrix() {
        TravelMatrix m = TravelMatrix.of(2, new int[] {0, 60, 70, 0}, new int[] {0, 600, 700, 0});

        LoadedPlan.Spare spare = VisitAssembly.withSpareSlots(m, 2);
        TravelMatrix wide = TravelMatrix.of(spare.size(), spare.seconds(), spare.metres());

        assertThat(spare.first()).isEqualTo(2);
        assertThat(spare.size()).isEqualTo(4);
        assertThat(wide.seconds(0, 1)).isEqualTo(60);
        assertThat(wide.metres(1, 0)).isEqualTo(700);
        assertThat(wide.seconds(0, 3)).isEqualTo(TravelMatrix.UNREACHABLE);
        assertThat(wide.seconds(3, 1)).isEqualTo(TravelMatrix.UNREACHABLE);
        assertThat(wide.seconds(2, 2)).isZero();
    }
    static RequestRow team(long id, RequestStatus status, OffsetDateTime windowStart, OffsetDateTime windowEnd) {
        Set<Skill> cleaning = Set.of(new Skill("cleaning"));
        return new RequestRow(id, "2026-0000" + id, status, "12 Triq il-Kbira, Mosta", new GeoPoint(35.9, 14.5), 1, 2,
                utc(5, 10, 0), windowStart, windowEnd, 3600, cleaning, List.of(cleaning, Set.of(), Set.of()));
    }

    static List<Visit> members(RequestRow r, StopRow stop, Instant now) {
        return VisitAssembly.members(r, visit(r, stop, now), stop, ORIGIN, MALTA);
    }

    @Test
    void aRequestForATeamIsOneVisitPerPersonStartingTogether() {
        // not on a route: the team starts when the customer's window opens (08:00 local)
        List<Visit> team = members(team(21, RequestStatus.AGREED, utc(2, 6, 0), utc(2, 8, 0)), null, Instant.EPOCH);
        assertThat(team).extracting(Visit::getId)
                .containsExactly(LoadedPlan.visitId(21), LoadedPlan.memberVisitId(21, 2), LoadedPlan.memberVisitId(21, 3));
        assertThat(team).allSatisfy(v -> {
            assertThat(v.getGroup()).isSameAs(team.get(0).getGroup());
            assertThat(v.getTimeWindows()).containsExactly(new TimeWindow(8 * 3600, 8 * 3600));
            assertThat(v.getServiceDuration()).isEqualTo(3600);
            assertThat(v.getLocation()).isSameAs(HERE);
            assertThat(v.getPriority()).isEqualTo(2);
        });
        assertThat(team.get(0).getGroup().size()).isEqualTo(3);
        assertThat(team.get(0).getRequiredSkills()).containsExactly(new Skill("cleaning"));
        assertThat(team.get(1).getRequiredSkills()).as("a helper").isEmpty();

        // on a route: the stored start (what the booking found, 08:30 local) stays the team's start
        StopRow booked = new StopRow(22, 0, false, RequestStatus.SCHEDULED, null, null, 1, utc(2, 6, 30));
        assertThat(members(team(22, RequestStatus.SCHEDULED, utc(2, 6, 0), utc(2, 8, 0)), booked, Instant.EPOCH))
                .allSatisfy(v -> assertThat(v.getTimeWindows()).containsExactly(new TimeWindow(8 * 3600 + 1800, 8 * 3600 + 1800)));
        // begun: when it began (09:00 local), whatever was stored
        StopRow started = new StopRow(23, 0, false, RequestStatus.IN_PROGRESS, utc(2, 7, 0), null, 1, utc(2, 6, 30));
        assertThat(members(team(23, RequestStatus.IN_PROGRESS, utc(2, 6, 0), utc(2, 8, 0)), started, utc(2, 7, 10).toInstant()))
                .allSatisfy(v -> assertThat(v.getTimeWindows()).containsExactly(new TimeWindow(9 * 3600, 9 * 3600)));
        // no window at all: 09:00 of the plan's first day
        assertThat(members(team(24, RequestStatus.AGREED, null, null), null, Instant.EPOCH).get(1).getTimeWindows())
                .containsExactly(new TimeWindow(VisitAssembly.GROUP_START_WITHOUT_WINDOW, VisitAssembly.GROUP_START_WITHOUT_WINDOW));
    }

    @Test
    void theMembersOfATeamTakeTheirPlacesInTheirOwnRoutes() {
        RequestRow r = team(25, RequestStatus.SCHEDULED, utc(2, 6, 0), utc(2, 8, 0));
        StopRow own = new StopRow(25, 1, false, RequestStatus.SCHEDULED, null, null, 1, utc(2, 6, 0));
        List<Visit> team = members(r, own, Instant.EPOCH);
        Map<Long, Visit> byRequest = new HashMap<>();
        byRequest.put(25L, team.get(0));
        Visit other = visit(request(26, RequestStatus.SCHEDULED, null, null, 600), null, Instant.EPOCH);
        byRequest.put(26L, other);
        Map<String, Visit> memberVisits = Map.of(team.get(1).getId(), team.get(1), team.get(2).getId(), team.get(2));
        // another technician's route: request 26, then member #3 of request 25
        VisitAssembly.Route route = VisitAssembly.route(List.of(new StopRow(26, 0, false, RequestStatus.SCHEDULED, null, null),
                new StopRow(25, 1, false, RequestStatus.SCHEDULED, null, null, 3, utc(2, 6, 0))), byRequest, memberVisits,
                List.of(), new HashMap<>());
        assertThat(route.visits()).containsExactly(other, team.get(2));
        assertThat(route.pinned()).isZero();
    }
}
