package org.fieldplan.api.booking;

import static org.fieldplan.api.booking.BookingChecks.failIfAny;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.Day;
import org.fieldplan.api.booking.BookingMessages.Slot;
import org.fieldplan.api.booking.BookingMessages.Windows;
import org.fieldplan.api.booking.BookingMessages.ZoneRef;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.slots.NewVisit;
import org.fieldplan.engine.slots.WindowAnswer;
import org.fieldplan.engine.slots.WindowSearchResult;
import org.fieldplan.engine.slots.WindowSettings;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.LocationsOffRoadException;
import org.fieldplan.geo.road.OffRoadLocation;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** Free windows: the search over the prepared horizon, the check of one window, and the offered windows. */
@Component
class BookingWindows {

    private final BookingHorizon horizon;
    private final BookingProperties settings;
    private final Clock clock;

    /** the offered windows, parsed once (not per query) */
    private final List<org.fieldplan.engine.slots.DailyWindow> defaults;
    private final Map<String, List<org.fieldplan.engine.slots.DailyWindow>> byZone;
    private final Map<String, List<org.fieldplan.engine.slots.DailyWindow>> byService;

    BookingWindows(BookingHorizon horizon, BookingProperties settings, Clock clock) {
        this.horizon = horizon;
        this.settings = settings;
        this.clock = clock;
        this.defaults = List.copyOf(settings.defaults());
        this.byZone = Map.copyOf(settings.byZone());
        this.byService = Map.copyOf(settings.byService());
    }

    Windows windows(@Nullable Double lat, @Nullable Double lon, @Nullable String service, @Nullable Integer quantity,
            @Nullable LocalDate from, @Nullable LocalDate to, @Nullable String lang) {
        return windows(lat, lon, service, quantity, null, from, to, lang);
    }

    /** The free windows for the whole visit: {@code also} lists further services of it ({@code code:quantity,...}). */
    Windows windows(@Nullable Double lat, @Nullable Double lon, @Nullable String service, @Nullable Integer quantity,
            @Nullable String also, @Nullable LocalDate from, @Nullable LocalDate to, @Nullable String lang) {
        BookingTexts texts = new BookingTexts(lang);
        List<FieldProblem> problems = new ArrayList<>();
        BookingChecks.point(problems, lat, lon);
        State s = horizon.forQueries();
        ServiceType type = BookingChecks.serviceType(problems, s, service);
        int qty = BookingChecks.quantity(problems, quantity);
        ServiceType visit = BookingChecks.visit(type, qty, s, BookingChecks.moreServices(problems, s, BookingChecks.also(problems, also)));
        LocalDate first = from == null ? s.from : from;
        LocalDate last = to == null ? s.to : to;
        BookingChecks.range(problems, s.from, s.to, first, last, from != null, to != null);
        failIfAny(problems);
        List<ZoneShape> zones = s.zonesAt(lat, lon);
        if (zones.isEmpty()) {
            return new Windows(null, type.name(), first, last, List.of(), null, texts.outsideArea(), texts.lang());
        }
        ZoneRef zone = new ZoneRef(zones.get(0).id(), zones.get(0).name());
        if (zones.stream().noneMatch(z -> z.serviceTypeIds().isEmpty() || z.serviceTypeIds().contains(type.id()))) {
            return new Windows(zone, type.name(), first, last, List.of(), null, texts.notOffered(type.name()), texts.lang());
        }
        GeoPoint point = new GeoPoint(lat, lon);
        Searched searched = search(s, point, visit, 1, zones, first, last);
        List<Day> days = WindowAnswers.days(searched.result(), type.name(), texts);
        Slot nearest = null;
        String message = null;
        if (searched.result().availableCount() == 0) {
            WindowAnswer next = searched.nearestAfter();
            if (next != null) {
                nearest = WindowAnswers.slot(next);
            }
            Set<String> codes = new LinkedHashSet<>();
            searched.result().answers().forEach(a -> codes.add(WindowAnswers.code(a)));
            message = texts.nothingFree(type.name(), first, last, codes, next == null ? null : next.day(),
                    next == null ? null : next.window());
        }
        return new Windows(zone, type.name(), first, last, days, nearest, message, texts.lang());
    }

    record Searched(WindowSearchResult result, @Nullable WindowAnswer nearestAfter) {}

    Searched search(State s, GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate first,
            LocalDate last) {
        Set<Zone> engineZones = engineZones(s, zones);
        try {
            return horizon.withPlace(s, point, zones, slot -> {
                NewVisit visit = newVisit(type, qty, engineZones, new Location(slot, point.lat(), point.lon()));
                WindowSearchResult result = type.teamSize() > 1
                        ? GroupWindows.search(s.search, visit, type.team(), settings(first, last))
                        : s.search.search(visit, settings(first, last));
                WindowAnswer nearest = null;
                if (result.availableCount() == 0 && last.isBefore(s.to)) {
                    nearest = WindowAnswers.earliest((type.teamSize() > 1
                            ? GroupWindows.search(s.search, visit, type.team(), settings(last.plusDays(1), s.to))
                            : s.search.search(visit, settings(last.plusDays(1), s.to))).answers());
                }
                return new Searched(WindowAnswers.withPast(result, LocalDate.now(clock), LocalTime.now(clock)), nearest);
            });
        } catch (LocationsOffRoadException e) {
            OffRoadLocation off = e.locations().get(0);
            throw new InvalidInputException(List.of(new FieldProblem("lat", point.lat(), "the address ("
                    + point.lat() + ", " + point.lon() + ") is " + Math.round(off.distanceMetres())
                    + " m from the nearest road; move the point onto the street of the address")));
        }
    }

    /** Whether one window of one day is free for this visit in the given prepared state. */
    WindowAnswer check(State s, GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate day,
            DailyWindow window) {
        Set<Zone> engineZones = engineZones(s, zones);
        return horizon.withPlace(s, point, zones, slot -> s.search.check(
                newVisit(type, qty, engineZones, new Location(slot, point.lat(), point.lon())), day, window));
    }

    /**
     * Whether one window of one day is free for a team (a service type that needs several technicians at once), with
     * the team's common start and every person's insertion.
     */
    org.fieldplan.engine.slots.GroupWindowSearch.GroupWindowAnswer checkTeam(State s, GeoPoint point, ServiceType type,
            int qty, List<ZoneShape> zones, LocalDate day, DailyWindow window) {
        Set<Zone> engineZones = engineZones(s, zones);
        return horizon.withPlace(s, point, zones, slot -> GroupWindows.check(s.search,
                newVisit(type, qty, engineZones, new Location(slot, point.lat(), point.lon())), type.team(),
                new WindowSettings(day, day, List.of(window), Map.of(), Map.of())));
    }

    /** The 409 for a window someone else has just taken, with up to five nearby free windows. */
    ConflictException taken(GeoPoint point, ServiceType type, int qty, List<ZoneShape> zones, LocalDate day,
            DailyWindow window, BookingTexts texts) {
        State s = horizon.recent(Duration.ofSeconds(2)); // suggestions; the booking itself re-checks
        Searched searched = search(s, point, type, qty, zones, s.from, s.to);
        List<Slot> alternatives = WindowAnswers.alternatives(searched.result().answers(), day, window);
        return new ConflictException(texts.taken(day, window), Map.of("alternatives", alternatives));
    }

    /** The offered window of this service in these zones that starts at {@code start}; 400 naming the starts if none. */
    DailyWindow window(ServiceType type, List<ZoneShape> zones, @Nullable String start) {
        List<DailyWindow> offered = settings(LocalDate.now(clock), LocalDate.now(clock))
                .windowsFor(type.code(), engineZones(horizon.recent(Duration.ofMinutes(5)), zones));
        DailyWindow w = WindowAnswers.startingAt(offered, start);
        if (w == null) {
            throw new InvalidInputException(List.of(new FieldProblem("start", start,
                    "no booking window starts then; windows start at " + offered.stream().map(x -> x.start().toString()).toList())));
        }
        return w;
    }

    private WindowSettings settings(LocalDate from, LocalDate to) {
        return new WindowSettings(from, to, defaults, byZone, byService);
    }

    private static NewVisit newVisit(ServiceType type, int qty, Set<Zone> zones, Location location) {
        return new NewVisit(type.name(), location, (long) type.durationSeconds() * qty, type.skills(), zones,
                Visit.NO_DEADLINE, 0, type.code());
    }

    /** The plan's own zone objects (identity makes the engine's many zone comparisons cheap). */
    static Set<Zone> engineZones(State s, List<ZoneShape> zones) {
        Set<Zone> out = new HashSet<>();
        for (ZoneShape z : zones) {
            Zone known = s.planZones.get(String.valueOf(z.id()));
            out.add(known != null ? known : new Zone(String.valueOf(z.id()), z.name()));
        }
        return out;
    }
}
