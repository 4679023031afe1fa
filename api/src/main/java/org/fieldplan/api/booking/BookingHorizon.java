package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_HOLD;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE_SERVICE_TYPE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.IntFunction;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.map.MapProperties;
import org.fieldplan.api.planning.LoadOptions;
import org.fieldplan.api.planning.LoadedPlan;
import org.fieldplan.api.planning.PlanScope;
import org.fieldplan.api.planning.PlanningProblems;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.slots.WindowSearch;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.fieldplan.engine.travel.TravelMatrix;
import org.fieldplan.geo.road.PreparedLocations;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The booking horizon prepared for window queries: the routes of the bookable days (with held windows in them) as
 * the engine's problem, the booking-window search prepared over it, the road search spaces of every routed place,
 * the zones and service types. Prepared again when the plan data's version changes (a sequence bumped by triggers
 * on every table the search reads, so every service instance notices), when a hold expires, and when the day
 * changes. A query borrows one of the spare matrix places, writes its address's travel there and searches.
 */
@Component
class BookingHorizon {

    private static final Logger LOG = LoggerFactory.getLogger(BookingHorizon.class);

    record ZoneShape(long id, String name, PreparedGeometry area, Set<Long> serviceTypeIds) {}

    /** The matrix indexes of the places of one zone's routes, and those places prepared. */
    record ZonePlaces(int[] indexes, PreparedLocations prepared) {}

    /**
     * A service type as the search needs it; {@code team}: the skills of each person when the work needs several
     * technicians at once (empty for one), see {@link GroupWindows}.
     */
    record ServiceType(long id, String code, String name, int durationSeconds, Set<Skill> skills, boolean active,
            java.math.BigDecimal price, boolean priceIsFrom, List<Set<Skill>> team) {

        ServiceType(long id, String code, String name, int durationSeconds, Set<Skill> skills, boolean active,
                java.math.BigDecimal price, boolean priceIsFrom) {
            this(id, code, name, durationSeconds, skills, active, price, priceIsFrom, List.of());
        }

        /** How many technicians the work needs at once. */
        int teamSize() {
            return Math.max(1, team.size());
        }

        /** The skills of each person of a team of {@code size}: all the type's skills, or only the first's ('lead'). */
        static List<Set<Skill>> team(int size, String teamSkills, Set<Skill> skills) {
            List<Set<Skill>> team = new ArrayList<>();
            for (int k = 1; size > 1 && k <= size; k++) {
                team.add(k == 1 || "all".equals(teamSkills) ? skills : Set.of());
            }
            return List.copyOf(team);
        }
    }

    /** One prepared horizon. */
    static final class State {
        final long version;
        final Instant preparedAt;
        final Instant validUntil;
        final LocalDate from;
        final LocalDate to;
        final LoadedPlan loaded;
        final WindowSearch search;
        final @Nullable PreparedLocations prepared;
        final BlockingQueue<Integer> slots;
        final List<ZoneShape> zones;
        final Map<String, ServiceType> services;
        final Map<String, org.fieldplan.engine.domain.Zone> planZones = new HashMap<>();
        /** per zone id: the places of the routes that can serve it, prepared (a query needs travel to those only) */
        final Map<Long, ZonePlaces> byZone;
        /** how many of this instance's own changes (holds, bookings) this horizon has */
        volatile long ownChangesIn;

        void noteOwnChanges(long own) {
            if (own > ownChangesIn) {
                ownChangesIn = own;
            }
        }

        State(long version, Instant preparedAt, Instant validUntil, LocalDate from, LocalDate to, LoadedPlan loaded,
                WindowSearch search, @Nullable PreparedLocations prepared, List<ZoneShape> zones,
                Map<String, ServiceType> services, Map<Long, ZonePlaces> byZone) {
            this.byZone = byZone;
            this.version = version;
            this.preparedAt = preparedAt;
            this.validUntil = validUntil;
            this.from = from;
            this.to = to;
            this.loaded = loaded;
            this.search = search;
            this.prepared = prepared;
            this.zones = zones;
            this.services = services;
            loaded.plan().getZones().forEach(z -> planZones.put(z.id(), z));
            LoadedPlan.Spare spare = loaded.spare();
            this.slots = new ArrayBlockingQueue<>(Math.max(1, spare.count()));
            for (int i = 0; i < spare.count(); i++) {
                slots.add(spare.first() + i);
            }
        }

        List<ZoneShape> zonesAt(double lat, double lon) {
            Point p = org.fieldplan.api.persistence.Geo.point(lat, lon);
            List<ZoneShape> out = new ArrayList<>();
            for (ZoneShape z : zones) {
                if (z.area().covers(p)) {
                    out.add(z);
                }
            }
            return out;
        }
    }

    private final DSLContext db;
    private final PlanningProblems problems;
    private final RoadMap roadMap;
    private final BookingProperties settings;
    private final Clock clock;
    private final StraightLineTravelTimes straightLines;
    private volatile @Nullable State state;

    BookingHorizon(DSLContext db, PlanningProblems problems, RoadMap roadMap, BookingProperties settings,
            MapProperties map, Clock clock) {
        this.db = db;
        this.problems = problems;
        this.roadMap = roadMap;
        this.settings = settings;
        this.clock = clock;
        this.straightLines = new StraightLineTravelTimes(map.straightLineKmh(), map.detourFactor());
    }

    LocalDate firstDay() {
        return LocalDate.now(clock).plusDays(settings.firstDayOffset());
    }

    LocalDate lastDay() {
        return firstDay().plusDays(settings.horizonDays() - 1L);
    }

    /**
     * The horizon as the database has it (prepared again, in the caller's thread, when anything it reads has changed):
     * for holds and bookings, which re-check the customer's window inside their transaction. The version is read from
     * the database here, not polled. One preparation at a time: a caller that finds one running waits for it and then
     * uses it if it is current.
     */
    State current() {
        long own = ownChanges.get(); // read before the version: every own change up to here is in what is returned
        long version = version();
        State s = state;
        if (s != null && fresh(s, version)) {
            s.noteOwnChanges(own);
            return s;
        }
        preparing.lock();
        try {
            s = state;
            version = version();
            if (s == null || !fresh(s, version)) {
                s = prepare(version);
                s.noteOwnChanges(own);
                state = s;
                versionSeen(version);
            }
            s.noteOwnChanges(own);
            return s;
        } finally {
            preparing.unlock();
        }
    }

    /**
     * The horizon for a window query, which never waits for a preparation once there is a horizon at all. When the
     * plan data changed (here or on another instance), a hold ran out or the day moved on, one background thread
     * prepares the horizon again while every query meanwhile is answered from the previous one; the new one replaces
     * it when it is ready. So a query's answer is at most {@value #VERSION_POLL_MILLIS} ms plus one preparation older
     * than the data, and no query waits for a rebuild (the hold and the booking re-check the window under the day's
     * lock, so a window shown a moment too long is never booked twice). Holds and bookings made through this instance
     * wait for the horizon that has them before they answer ({@link #awaitOwnChanges()}), so the customer who made
     * them sees them in the next query. Only the very first query of the instance prepares in its own thread. The
     * version is read from the database every {@value #VERSION_POLL_MILLIS} ms by a platform thread of its own, never
     * by a query ({@link #watchVersion}). See docs/cluster.md.
     */
    State forQueries() {
        State s = state;
        if (s == null) {
            return current();
        }
        long version = polledVersion();
        if (!fresh(s, version)) {
            rebuildInBackground();
        }
        return s;
    }

    private boolean fresh(State s, long version) {
        return s.version == version && clock.instant().isBefore(s.validUntil) && s.from.equals(firstDay());
    }

    /** One preparation at a time (a fair lock: writers that wait for it are served in order). */
    private final java.util.concurrent.locks.ReentrantLock preparing = new java.util.concurrent.locks.ReentrantLock(true);
    private final java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean();
    /** For tests: runs in the background rebuild before it prepares (e.g. to hold it up and query meanwhile). */
    volatile @Nullable Runnable beforeBackgroundRebuild;
    /** Background rebuilds started, for tests and the log. */
    final java.util.concurrent.atomic.AtomicLong backgroundRebuilds = new java.util.concurrent.atomic.AtomicLong();

    /**
     * Starts one background preparation unless one runs. A platform thread, not a virtual one: a preparation is
     * seconds of CPU, and the operating system shares the cores between it and the carrier threads of the queries,
     * where a virtual thread would occupy one of the few carriers for its whole length.
     */
    private void rebuildInBackground() {
        if (rebuilding.compareAndSet(false, true)) {
            backgroundRebuilds.incrementAndGet();
            Thread t = Thread.ofPlatform().daemon().name("booking-horizon-rebuild").unstarted(() -> {
                try {
                    Runnable hook = beforeBackgroundRebuild;
                    if (hook != null) {
                        hook.run();
                    }
                    current();
                } catch (RuntimeException e) {
                    LOG.warn("preparing the booking horizon failed (the previous one still answers): {}", e.toString());
                } finally {
                    rebuilding.set(false);
                }
            });
            t.setPriority(Thread.NORM_PRIORITY - 1);
            t.start();
        }
    }

    /** Whether a background preparation is running now (for tests). */
    boolean rebuilding() {
        return rebuilding.get();
    }

    /** The last prepared horizon if it is younger than {@code maxAge}, else {@link #current()}. */
    State recent(Duration maxAge) {
        State s = state;
        if (s != null && s.from.equals(firstDay()) && s.preparedAt.plus(maxAge).isAfter(clock.instant())) {
            return s;
        }
        return current();
    }

    /**
     * Runs {@code query} with a matrix place holding the travel between {@code point} and every routed place of
     * {@code s}; the place is given back afterwards.
     *
     * @throws org.fieldplan.geo.road.LocationsOffRoadException when the point is too far from a road
     */
    <T> T withPlace(State s, GeoPoint point, List<ZoneShape> zones, IntFunction<T> query) {
        int slot;
        try {
            slot = s.slots.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a free window-query place", e);
        }
        try {
            LoadedPlan.Spare spare = s.loaded.spare();
            int n = spare.first();
            int size = spare.size();
            int[] sec = spare.seconds();
            int[] met = spare.metres();
            ZonePlaces places = zones.size() == 1 ? s.byZone.get(zones.get(0).id()) : null;
            if (places != null) {
                // only the routes that can serve the address's zone are ever looked at (the search skips the rest
                // before reading travel), so only their places get the new address's travel
                PreparedLocations.Travel travel = places.prepared().travel(point);
                int[] idx = places.indexes();
                for (int k = 0; k < idx.length; k++) {
                    int i = idx[k];
                    sec[slot * size + i] = travel.toSeconds()[k];
                    met[slot * size + i] = travel.toMetres()[k];
                    sec[i * size + slot] = travel.fromSeconds()[k];
                    met[i * size + slot] = travel.fromMetres()[k];
                }
            } else if (s.prepared != null) {
                PreparedLocations.Travel travel = s.prepared.travel(point);
                for (int i = 0; i < n; i++) {
                    sec[slot * size + i] = travel.toSeconds()[i];
                    met[slot * size + i] = travel.toMetres()[i];
                    sec[i * size + slot] = travel.fromSeconds()[i];
                    met[i * size + slot] = travel.fromMetres()[i];
                }
            } else {
                List<GeoPoint> points = s.loaded.points();
                for (int i = 0; i < n; i++) {
                    TravelMatrix pair = straightLines.matrix(List.of(point, points.get(i)));
                    sec[slot * size + i] = pair.seconds(0, 1);
                    met[slot * size + i] = pair.metres(0, 1);
                    sec[i * size + slot] = pair.seconds(1, 0);
                    met[i * size + slot] = pair.metres(1, 0);
                }
            }
            return query.apply(slot);
        } finally {
            s.slots.add(slot);
        }
    }

    /** The active holds of {@code from..to} as extra visits, except {@code exceptHold}. */
    List<LoadOptions.ExtraVisit> holds(LocalDate from, LocalDate to, java.util.@Nullable UUID exceptHold) {
        Map<Long, Set<Skill>> skills = serviceSkills();
        List<LoadOptions.ExtraVisit> extras = new ArrayList<>();
        db.selectFrom(BOOKING_HOLD)
                .where(BOOKING_HOLD.DAY.between(from, to), BOOKING_HOLD.EXPIRES_AT.gt(java.time.OffsetDateTime.now(clock)),
                        BOOKING_HOLD.REQUEST_ID.isNull())
                .orderBy(BOOKING_HOLD.CREATED_AT)
                .forEach(h -> {
                    if (h.getId().equals(exceptHold) || (h.getTeamOf() != null && h.getTeamOf().equals(exceptHold))) {
                        return;
                    }
                    Point p = (Point) h.getLocation();
                    // a team's hold: one row per person, each held at the team's common start
                    java.time.OffsetDateTime teamStart = h.getTeamStart();
                    extras.add(new LoadOptions.ExtraVisit("h" + h.getId(), "held window " + h.getAddressLine(),
                            new GeoPoint(p.getY(), p.getX()), h.getDurationSeconds(),
                            h.getTeamOf() != null ? Set.of() : skills.getOrDefault(h.getServiceTypeId(), Set.of()),
                            (teamStart != null ? teamStart : h.getWindowStart()).toInstant(),
                            (teamStart != null ? teamStart : h.getWindowEnd()).toInstant(),
                            new LoadedPlan.ShiftKey(h.getTechnicianId(), h.getDay()), h.getPosition()));
                });
        return extras;
    }

    static final long VERSION_POLL_MILLIS = 200;
    private volatile long knownVersion = -1;

    /** Changes made through this instance (holds, bookings, releases): a writer waits until the horizon has its own. */
    private final java.util.concurrent.atomic.AtomicLong ownChanges = new java.util.concurrent.atomic.AtomicLong();

    /** Something this instance wrote changed the plan data; returns the change's number for {@link #awaitOwnChanges}. */
    long changed() {
        return ownChanges.incrementAndGet();
    }

    /**
     * Waits (in the writer's thread, after its commit) until the horizon has every change made through this instance so
     * far, preparing it if need be: the customer who held or booked sees it in their next query, and the queries of
     * everyone else are answered from the previous horizon meanwhile. Several writers share one preparation.
     */
    void awaitOwnChanges() {
        long own = ownChanges.get();
        State s = state;
        if (s != null && s.ownChangesIn >= own) {
            return;
        }
        current();
    }

    /**
     * The plan data's version as the watcher last read it: a window query touches no database connection and never
     * parks. The first query starts the watcher ({@link #watchVersion}); until it has read once (and whenever there is
     * no reading yet) the caller reads the version itself.
     */
    private long polledVersion() {
        if (watcher == null) {
            startWatcher();
        }
        if (knownVersion < 0) {
            versionSeen(version());
        }
        return knownVersion;
    }

    /** The platform thread that reads the plan data's version every {@value #VERSION_POLL_MILLIS} ms; null until needed. */
    private volatile @Nullable Thread watcher;
    private volatile boolean closed;
    /** Version readings by the watcher (for tests). */
    final java.util.concurrent.atomic.AtomicLong versionReadings = new java.util.concurrent.atomic.AtomicLong();

    private synchronized void startWatcher() {
        if (watcher != null || closed) {
            return;
        }
        Thread t = Thread.ofPlatform().daemon().name("booking-horizon-version").unstarted(this::watchVersion);
        watcher = t;
        t.start();
    }

    /**
     * Reads the version every {@value #VERSION_POLL_MILLIS} ms on a platform thread of its own. The window queries used
     * to read it themselves, one query per interval: under a full load that query's virtual thread, parked on its
     * database socket, waited 0.3-6 s for a carrier again (the database had answered within a millisecond; the answer
     * lay unread in the socket), while the CPU-bound queries kept both carriers busy: the long tail that wrk measured
     * (benchmarks/results/windows.md). The operating system wakes a platform thread as soon as its answer arrives.
     */
    private void watchVersion() {
        long lastWarning = 0;
        while (!closed) {
            try {
                versionSeen(version());
                versionReadings.incrementAndGet();
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                if (System.nanoTime() - lastWarning > 60_000_000_000L) {
                    lastWarning = System.nanoTime();
                    LOG.warn("reading the plan data's version failed (window queries are answered from the horizon they "
                            + "have until it works again): {}", e.toString());
                }
            }
            try {
                Thread.sleep(VERSION_POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the version watcher when the application context closes (before its data source). */
    @jakarta.annotation.PreDestroy
    void stopWatcher() {
        closed = true;
        Thread t = watcher;
        if (t != null) {
            t.interrupt();
        }
    }

    private void versionSeen(long version) {
        if (version > knownVersion) {
            knownVersion = version;
        }
    }

    private long version() {
        // committed changes only: the counter moves at commit (V151), so data read after it has every change it counts
        org.jooq.Record r = db.fetchOne("SELECT version FROM plan_data_counter");
        return r == null ? 0 : r.get(0, Long.class);
    }

    State prepare(long version) {
        long started = System.nanoTime();
        LocalDate from = firstDay();
        LocalDate to = lastDay();
        List<LoadOptions.ExtraVisit> holds = holds(from, to, null);
        LoadedPlan loaded = problems.load(new PlanScope(from, to, Set.of()),
                new LoadOptions(holds, settings.spareSlots(), true, Set.of()));
        WindowSearch search = WindowSearch.prepare(loaded.plan());
        PreparedLocations prepared = roadMap.roads()
                ? roadMap.network().prepare(loaded.points().subList(0, loaded.spare().first())) : null;
        Instant validUntil = clock.instant().plus(Duration.ofHours(1));
        var nextExpiry = db.select(org.jooq.impl.DSL.min(BOOKING_HOLD.EXPIRES_AT)).from(BOOKING_HOLD)
                .where(BOOKING_HOLD.EXPIRES_AT.gt(java.time.OffsetDateTime.now(clock)), BOOKING_HOLD.REQUEST_ID.isNull())
                .fetchOne(0, java.time.OffsetDateTime.class);
        if (nextExpiry != null && nextExpiry.toInstant().isBefore(validUntil)) {
            validUntil = nextExpiry.toInstant();
        }
        List<ZoneShape> zoneShapes = zones();
        Map<Long, ZonePlaces> byZone = new HashMap<>();
        if (prepared != null) {
            int n = loaded.spare().first();
            for (ZoneShape z : zoneShapes) {
                String id = String.valueOf(z.id());
                java.util.TreeSet<Integer> idx = new java.util.TreeSet<>();
                for (org.fieldplan.engine.domain.Shift shift : loaded.plan().getShifts()) {
                    boolean serves = shift.getZoneSegments().isEmpty()
                            || shift.getZoneSegments().stream().anyMatch(seg -> seg.zone().id().equals(id));
                    if (serves) {
                        idx.add(shift.getStartLocation().index());
                        idx.add(shift.getEndLocation().index());
                        shift.getVisits().forEach(v -> idx.add(v.getLocation().index()));
                    }
                }
                int[] indexes = idx.stream().filter(i -> i < n).mapToInt(Integer::intValue).toArray();
                List<GeoPoint> pts = new ArrayList<>(indexes.length);
                for (int i : indexes) {
                    pts.add(loaded.points().get(i));
                }
                byZone.put(z.id(), new ZonePlaces(indexes, roadMap.network().prepare(pts)));
            }
        }
        State s = new State(version, clock.instant(), validUntil, from, to, loaded, search, prepared, zoneShapes,
                services(), byZone);
        LOG.info("booking horizon {}..{} prepared in {} ms: {} routes, {} routed visits, {} holds, {} places", from, to,
                (System.nanoTime() - started) / 1_000_000, loaded.plan().getShifts().stream().filter(x -> !x.getVisits().isEmpty()).count(),
                loaded.plan().getVisits().size(), holds.size(), loaded.spare().first());
        return s;
    }

    private List<ZoneShape> zones() {
        Map<Long, Set<Long>> offered = new HashMap<>();
        db.selectFrom(ZONE_SERVICE_TYPE).forEach(r -> offered.computeIfAbsent(r.getZoneId(), k -> new HashSet<>())
                .add(r.getServiceTypeId()));
        List<ZoneShape> out = new ArrayList<>();
        PreparedGeometryFactory factory = new PreparedGeometryFactory();
        db.select(ZONE.ID, ZONE.NAME, ZONE.AREA).from(ZONE).where(ZONE.ACTIVE.isTrue()).orderBy(ZONE.ID)
                .forEach(r -> out.add(new ZoneShape(r.value1(), r.value2(), factory.create((Geometry) r.value3()),
                        offered.getOrDefault(r.value1(), Set.of()))));
        return out;
    }

    private Map<Long, Set<Skill>> serviceSkills() {
        Map<Long, Set<Skill>> skills = new HashMap<>();
        db.selectFrom(SERVICE_TYPE_SKILL).forEach(r -> skills.computeIfAbsent(r.getServiceTypeId(), k -> new HashSet<>())
                .add(new Skill(r.getSkillCode())));
        return skills;
    }

    Map<String, ServiceType> services() {
        Map<Long, Set<Skill>> skills = serviceSkills();
        Map<String, ServiceType> out = new java.util.LinkedHashMap<>();
        db.selectFrom(SERVICE_TYPE).orderBy(SERVICE_TYPE.NAME).forEach(r -> out.put(r.getCode(), new ServiceType(r.getId(),
                r.getCode(), r.getName(), r.getDurationSeconds(), skills.getOrDefault(r.getId(), Set.of()), r.getActive(),
                r.getBasePrice(), r.getPriceIsFrom(), ServiceType.team(r.getTeamSize(), r.getTeamSkills(),
                        skills.getOrDefault(r.getId(), Set.of())))));
        return out;
    }
}
