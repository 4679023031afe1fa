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
}
