package org.fieldplan.engine.assembly;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.fieldplan.engine.domain.FieldPlan;
import org.fieldplan.engine.domain.Location;
import org.fieldplan.engine.domain.Shift;
import org.fieldplan.engine.domain.ShiftBreak;
import org.fieldplan.engine.domain.Skill;
import org.fieldplan.engine.domain.Technician;
import org.fieldplan.engine.domain.TimeWindow;
import org.fieldplan.engine.domain.Visit;
import org.fieldplan.engine.domain.Zone;
import org.fieldplan.engine.domain.ZoneSegment;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.engine.travel.StraightLineTravelTimes;
import org.fieldplan.engine.travel.TravelMatrix;

/**
 * A seeded, city-like problem for tests and benchmarks: visits scattered in a disc of {@code radiusKm}
 * around a centre, four quadrant zones (North-East, South-East, South-West, North-West), technicians living
 * in the city with one or two of three skills, one shift 08:00-17:00 (latest end 18:00, a floating
 * 30-minute lunch between 11:30 and 14:00) per technician and day, each serving its home quadrant and the
 * next one all day. A third of the visits need a skill (one that a technician serving their zone has), half have a morning or afternoon window on one day,
 * and every visit has a deadline (the end of its window's day, or a random day of the horizon). Straight-line
 * travel at 30 km/h with detour factor 1.3. The same spec always gives the same problem.
 *
 * @param visits      number of visits
 * @param technicians number of technicians (one shift each per day)
 * @param days        planning horizon in days, from {@link #FIRST_DAY}
 * @param radiusKm    radius of the service area
 * @param minServiceMinutes shortest service (a multiple of 5 minutes is drawn between min and max)
 * @param maxServiceMinutes longest service
 * @param seed        random seed
 */
public record SyntheticProblem(int visits, int technicians, int days, double radiusKm, int minServiceMinutes,
        int maxServiceMinutes, long seed) {

    /** Services of 15 to 60 minutes. */
    public SyntheticProblem(int visits, int technicians, int days, double radiusKm, long seed) {
        this(visits, technicians, days, radiusKm, 15, 60, seed);
    }

    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 12, 1);
    public static final GeoPoint CENTRE = new GeoPoint(35.8989, 14.5146); // Valletta
    public static final List<Skill> SKILLS = List.of(new Skill("gas-meter"), new Skill("water-meter"),
            new Skill("electric"));
    public static final List<Zone> ZONES = List.of(new Zone("ne", "North-East"), new Zone("se", "South-East"),
            new Zone("sw", "South-West"), new Zone("nw", "North-West"));

    public SyntheticProblem {
        if (visits < 0 || technicians < 1 || days < 1 || !(radiusKm > 0)) {
            throw new IllegalArgumentException("A synthetic problem needs visits >= 0, technicians >= 1, days >= 1 and"
                    + " a positive radius; got visits=" + visits + ", technicians=" + technicians + ", days=" + days
                    + ", radiusKm=" + radiusKm + ".");
        }
        if (minServiceMinutes < 0 || maxServiceMinutes < minServiceMinutes) {
            throw new IllegalArgumentException("The service minutes range " + minServiceMinutes + ".."
                    + maxServiceMinutes + " is empty or negative.");
        }
    }

    public FieldPlan generate() {
        SplittableRandom random = new SplittableRandom(seed);
        List<GeoPoint> points = new ArrayList<>();
        points.add(CENTRE); // index 0: the depot/office
        List<Technician> techs = new ArrayList<>();
        List<Integer> techQuadrant = new ArrayList<>();
        for (int t = 0; t < technicians; t++) {
            GeoPoint home = randomPoint(random);
            int index = points.size();
            points.add(home);
            List<Skill> skills = new ArrayList<>();
            skills.add(SKILLS.get(t % SKILLS.size()));
            if (random.nextInt(2) == 0) {
                skills.add(SKILLS.get((t + 1) % SKILLS.size()));
            }
            techs.add(new Technician("t" + t, "Technician " + t, Set.copyOf(skills),
                    new Location(index, home.lat(), home.lon())));
            techQuadrant.add(t % ZONES.size());
        }
        List<Visit> visitList = new ArrayList<>();
        for (int v = 0; v < visits; v++) {
            GeoPoint point = randomPoint(random);
            int index = points.size();
            points.add(point);
            Zone zone = ZONES.get(quadrant(point));
            long duration = 60L * (minServiceMinutes
                    + 5 * random.nextInt((maxServiceMinutes - minServiceMinutes) / 5 + 1));
            int day = random.nextInt(days);
            List<TimeWindow> windows = new ArrayList<>();
            long deadline;
            int kind = random.nextInt(4);
            if (kind == 0) {
                windows.add(new TimeWindow(at(day, 8, 0), at(day, 12, 0)));
                deadline = at(day, 18, 0);
            } else if (kind == 1) {
                windows.add(new TimeWindow(at(day, 12, 0), at(day, 16, 0)));
                deadline = at(day, 18, 0);
            } else {
                deadline = at(day, 18, 0) + (days - 1 - day) * 86_400L; // any day up to the horizon's end
            }
            Set<Skill> skills = Set.of();
            if (random.nextInt(3) == 0) { // a skill that some technician serving this zone has
                List<Technician> serving = new ArrayList<>();
                for (int t = 0; t < technicians; t++) {
                    int q = techQuadrant.get(t);
                    if (q == quadrant(point) || (q + 1) % ZONES.size() == quadrant(point)) {
                        serving.add(techs.get(t));
                    }
                }
                if (!serving.isEmpty()) {
                    List<Skill> theirs = serving.get(random.nextInt(serving.size())).skills().stream()
                            .sorted(java.util.Comparator.comparing(Skill::code)).toList(); // a stable order
                    skills = Set.of(theirs.get(random.nextInt(theirs.size())));
                }
            }
            int priority = random.nextInt(10) == 0 ? 3 : 1;
            visitList.add(new Visit("v" + v, "Visit " + v, new Location(index, point.lat(), point.lon()), duration,
                    windows, skills, Set.of(zone), priority, deadline, null, 1));
        }
        List<Shift> shifts = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            for (int t = 0; t < technicians; t++) {
                Technician tech = techs.get(t);
                int q = techQuadrant.get(t);
                List<ZoneSegment> segments = List.of(
                        new ZoneSegment(ZONES.get(q), at(d, 8, 0), at(d, 18, 0)),
                        new ZoneSegment(ZONES.get((q + 1) % ZONES.size()), at(d, 8, 0), at(d, 18, 0)));
                shifts.add(new Shift("s" + t + "-d" + d, tech, FIRST_DAY.plusDays(d), tech.home(), tech.home(),
                        at(d, 8, 0), at(d, 17, 0), at(d, 18, 0), segments,
                        List.of(new ShiftBreak(at(d, 11, 30), at(d, 14, 0), 1800)), Shift.NO_CAPACITY));
            }
        }
        TravelMatrix matrix = new StraightLineTravelTimes(30, 1.3).matrix(points);
        return new FieldPlan(FIRST_DAY.atStartOfDay(), techs, ZONES, shifts, visitList, matrix);
    }

    private GeoPoint randomPoint(SplittableRandom random) {
        double r = radiusKm * Math.sqrt(random.nextDouble());
        double angle = random.nextDouble() * 2 * Math.PI;
        double dLat = r * Math.cos(angle) / 111.195;
        double dLon = r * Math.sin(angle) / (111.195 * Math.cos(Math.toRadians(CENTRE.lat())));
        return new GeoPoint(CENTRE.lat() + dLat, CENTRE.lon() + dLon);
    }

    private static int quadrant(GeoPoint p) {
        boolean north = p.lat() >= CENTRE.lat();
        boolean east = p.lon() >= CENTRE.lon();
        if (north) {
            return east ? 0 : 3;
        }
        return east ? 1 : 2;
    }

    private static long at(int day, int hour, int minute) {
        return day * 86_400L + hour * 3600L + minute * 60L;
    }
}
