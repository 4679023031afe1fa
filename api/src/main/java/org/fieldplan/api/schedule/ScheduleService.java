package org.fieldplan.api.schedule;

import static org.fieldplan.api.persistence.jooq.Tables.SCHEDULE_INTERVAL;
import static org.fieldplan.api.persistence.jooq.Tables.TEAM;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_ABSENCE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.persistence.jooq.tables.records.ScheduleIntervalRecord;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Working intervals; one transaction per command; overlaps of one technician are warnings, not errors. */
@Service
public class ScheduleService {

    /** The longest period {@link #workingIntervals} expands at once. */
    public static final int MAX_DAYS = 92;

    private final DSLContext db;

    ScheduleService(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public List<ScheduleView> list(@Nullable Long technicianId, @Nullable Long teamId, @Nullable Long zoneId,
            @Nullable LocalDate from, @Nullable LocalDate to, Condition scope) {
        Condition condition = scope;
        if (technicianId != null) {
            condition = condition.and(SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(technicianId));
        }
        if (teamId != null) {
            condition = condition.and(SCHEDULE_INTERVAL.TEAM_ID.eq(teamId));
        }
        if (zoneId != null) {
            condition = condition.and(SCHEDULE_INTERVAL.ZONE_ID.eq(zoneId));
        }
        if (from != null) {
            condition = condition.and(SCHEDULE_INTERVAL.ON_DATE.ge(from)
                    .or(SCHEDULE_INTERVAL.ON_DATE.isNull().and(SCHEDULE_INTERVAL.VALID_UNTIL.isNull().or(SCHEDULE_INTERVAL.VALID_UNTIL.ge(from)))));
        }
        if (to != null) {
            condition = condition.and(SCHEDULE_INTERVAL.ON_DATE.le(to)
                    .or(SCHEDULE_INTERVAL.ON_DATE.isNull().and(SCHEDULE_INTERVAL.VALID_FROM.isNull().or(SCHEDULE_INTERVAL.VALID_FROM.le(to)))));
        }
        return db.selectFrom(SCHEDULE_INTERVAL).where(condition)
                .orderBy(SCHEDULE_INTERVAL.ON_DATE.nullsFirst(), SCHEDULE_INTERVAL.DAY_OF_WEEK, SCHEDULE_INTERVAL.START_TIME, SCHEDULE_INTERVAL.ID)
                .fetch(ScheduleService::view);
    }

    @Transactional(readOnly = true)
    public ScheduleView get(long id) {
        ScheduleIntervalRecord row = db.selectFrom(SCHEDULE_INTERVAL).where(SCHEDULE_INTERVAL.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("schedule interval", id);
        }
        return view(row);
    }

    @Transactional
    public ScheduleSaved create(ScheduleInput input) {
        check(input);
        ScheduleIntervalRecord row = db.newRecord(SCHEDULE_INTERVAL);
        apply(row, input);
        row.store();
        ScheduleView saved = view(row);
        return new ScheduleSaved(saved, overlaps(saved));
    }

    @Transactional
    public ScheduleSaved update(long id, ScheduleInput input, @Nullable Integer expectedVersion) {
        ScheduleIntervalRecord row = db.selectFrom(SCHEDULE_INTERVAL).where(SCHEDULE_INTERVAL.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("schedule interval", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("schedule interval", id, expectedVersion, row.getVersion());
        }
        check(input);
        apply(row, input);
        row.setVersion(row.getVersion() + 1);
        row.update();
        ScheduleView saved = view(row);
        return new ScheduleSaved(saved, overlaps(saved));
    }

    @Transactional
    public void delete(long id) {
        if (db.deleteFrom(SCHEDULE_INTERVAL).where(SCHEDULE_INTERVAL.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("schedule interval", id);
        }
    }

    /**
     * Every working interval of active technicians (one, or all) on each day from..to, with weekly and team
     * intervals expanded, ordered by technician, date and start.
     */
    @Transactional(readOnly = true)
    public List<WorkingInterval> workingIntervals(@Nullable Long technicianId, LocalDate from, LocalDate to) {
        return workingIntervals(technicianId, from, to, DSL.noCondition());
    }

    /** As above, for the technicians {@code scope} (a condition on {@code technician}) lets the caller see. */
    @Transactional(readOnly = true)
    public List<WorkingInterval> workingIntervals(@Nullable Long technicianId, LocalDate from, LocalDate to, Condition scope) {
        List<FieldProblem> problems = new ArrayList<>();
        if (to.isBefore(from)) {
            problems.add(new FieldProblem("to", to, "is before from (" + from + ")"));
        } else if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            problems.add(new FieldProblem("to", to, "is more than " + MAX_DAYS + " days after from (" + from + "); ask for a shorter period"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Condition technicians = TECHNICIAN.ACTIVE.isTrue().and(scope);
        if (technicianId != null) {
            if (!db.fetchExists(TECHNICIAN, TECHNICIAN.ID.eq(technicianId))) {
                throw new NotFoundException("technician", technicianId);
            }
            technicians = TECHNICIAN.ID.eq(technicianId).and(scope);
        }
        Map<Long, Long> teamOf = new java.util.HashMap<>();
        List<Long> ids = new ArrayList<>();
        db.select(TECHNICIAN.ID, TECHNICIAN.TEAM_ID).from(TECHNICIAN).where(technicians).orderBy(TECHNICIAN.ID)
                .forEach(r -> {
                    ids.add(r.value1());
                    if (r.value2() != null) {
                        teamOf.put(r.value1(), r.value2());
                    }
                });
        List<ScheduleView> intervals = list(null, null, null, from, to, DSL.noCondition()).stream()
                .filter(i -> i.technicianId() == null ? teamOf.containsValue(i.teamId()) : ids.contains(i.technicianId()))
                .toList();
        List<WorkingInterval> result = new ArrayList<>();
        for (long id : ids) {
            Long team = teamOf.get(id);
            for (ScheduleView interval : intervals) {
                boolean mine = interval.technicianId() != null ? interval.technicianId() == id
                        : team != null && team.equals(interval.teamId());
                if (!mine) {
                    continue;
                }
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    if (interval.appliesOn(day)) {
                        result.add(new WorkingInterval(id, day, interval.start(), interval.end(), interval.zoneId(), interval.id()));
                    }
                }
            }
        }
        result.sort(Comparator.comparingLong(WorkingInterval::technicianId).thenComparing(WorkingInterval::date)
                .thenComparing(WorkingInterval::start).thenComparingLong(WorkingInterval::scheduleId));
        return result;
    }

    /**
     * The technicians who work in a zone on the days from..to: on each day, the intervals in that zone or in no
     * particular zone; with {@code start}/{@code end}, only days where one such interval covers those hours; days the
     * technician is absent do not count. Technicians with no such day are left out.
     */
    @Transactional(readOnly = true)
    public List<FreeTechnician> free(long zoneId, LocalDate from, LocalDate to, @Nullable LocalTime start,
                                     @Nullable LocalTime end, Condition scope) {
        if (!db.fetchExists(ZONE, ZONE.ID.eq(zoneId))) {
            throw new NotFoundException("zone", zoneId);
        }
        if (start != null && end != null && !end.isAfter(start)) {
            throw new InvalidInputException("end", end, "must be after start (" + start + ")");
        }
        List<WorkingInterval> intervals = workingIntervals(null, from, to, scope);
        java.util.Set<String> absent = new java.util.HashSet<>();
        db.select(TECHNICIAN_ABSENCE.TECHNICIAN_ID, TECHNICIAN_ABSENCE.DAY).from(TECHNICIAN_ABSENCE)
                .where(TECHNICIAN_ABSENCE.DAY.between(from, to))
                .forEach(r -> absent.add(r.value1() + "/" + r.value2()));
        Map<Long, String> names = db.select(TECHNICIAN.ID, TECHNICIAN.NAME).from(TECHNICIAN).fetchMap(TECHNICIAN.ID, TECHNICIAN.NAME);
        Map<Long, java.util.TreeMap<LocalDate, List<FreeTechnician.Hours>>> byTechnician = new java.util.TreeMap<>();
        for (WorkingInterval interval : intervals) {
            boolean here = interval.zoneId() == null || interval.zoneId() == zoneId;
            boolean covers = (start == null || !interval.start().isAfter(start)) && (end == null || !interval.end().isBefore(end));
            if (here && !absent.contains(interval.technicianId() + "/" + interval.date())) {
                var days = byTechnician.computeIfAbsent(interval.technicianId(), k -> new java.util.TreeMap<>());
                days.computeIfAbsent(interval.date(), k -> new ArrayList<>());
                if (covers) {
                    days.get(interval.date()).add(new FreeTechnician.Hours(interval.start(), interval.end(), interval.scheduleId()));
                }
            }
        }
        List<FreeTechnician> result = new ArrayList<>();
        byTechnician.forEach((technician, days) -> {
            List<FreeTechnician.Day> list = new ArrayList<>();
            days.forEach((day, hours) -> {
                if (!hours.isEmpty()) {
                    list.add(new FreeTechnician.Day(day, hours));
                }
            });
            if (!list.isEmpty()) {
                result.add(new FreeTechnician(technician, names.getOrDefault(technician, "#" + technician), list));
            }
        });
        result.sort(Comparator.comparing(FreeTechnician::name).thenComparingLong(FreeTechnician::technicianId));
        return result;
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private void check(ScheduleInput input) {
        List<FieldProblem> problems = new ArrayList<>();
        if (input.technicianId() != null && !db.fetchExists(TECHNICIAN, TECHNICIAN.ID.eq(input.technicianId()))) {
            problems.add(new FieldProblem("technicianId", input.technicianId(), "is not a technician; list them with GET /api/technicians"));
        }
        if (input.teamId() != null && !db.fetchExists(TEAM, TEAM.ID.eq(input.teamId()))) {
            problems.add(new FieldProblem("teamId", input.teamId(), "is not a team; list them with GET /api/teams"));
        }
        if (input.zoneId() != null && !db.fetchExists(ZONE, ZONE.ID.eq(input.zoneId()))) {
            problems.add(new FieldProblem("zoneId", input.zoneId(), "is not a zone; list them with GET /api/zones"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    /** The other intervals that put a technician of this interval in two places at once. */
    private List<ScheduleSaved.Overlap> overlaps(ScheduleView saved) {
        // the technicians this interval concerns, and the intervals that concern any of them
        List<Long> technicians;
        if (saved.technicianId() != null) {
            technicians = List.of(saved.technicianId());
        } else {
            technicians = db.select(TECHNICIAN.ID).from(TECHNICIAN).where(TECHNICIAN.TEAM_ID.eq(saved.teamId()))
                    .orderBy(TECHNICIAN.ID).fetch(TECHNICIAN.ID);
        }
        List<ScheduleSaved.Overlap> overlaps = new ArrayList<>();
        for (long technician : technicians) {
            Long team = db.select(TECHNICIAN.TEAM_ID).from(TECHNICIAN).where(TECHNICIAN.ID.eq(technician)).fetchOne(TECHNICIAN.TEAM_ID);
            Condition theirs = SCHEDULE_INTERVAL.TECHNICIAN_ID.eq(technician);
            if (team != null) {
                theirs = theirs.or(SCHEDULE_INTERVAL.TEAM_ID.eq(team));
            }
            for (ScheduleView other : db.selectFrom(SCHEDULE_INTERVAL).where(theirs, SCHEDULE_INTERVAL.ID.ne(saved.id()))
                    .orderBy(SCHEDULE_INTERVAL.ID).fetch(ScheduleService::view)) {
                if (saved.timesOverlap(other) && saved.sharesADayWith(other)) {
                    overlaps.add(new ScheduleSaved.Overlap(technician, other, "overlaps interval " + other.id()
                            + (other.teamId() != null ? " of team " + other.teamId() : "") + " ("
                            + (other.date() != null ? other.date().toString() : "every " + other.dayOfWeek())
                            + " " + other.start() + "-" + other.end() + "): technician " + technician
                            + " would work both; shorten or move one of them if that is not intended"));
                }
            }
        }
        return overlaps;
    }

    private static void apply(ScheduleIntervalRecord row, ScheduleInput input) {
        row.setTechnicianId(input.technicianId());
        row.setTeamId(input.teamId());
        row.setZoneId(input.zoneId());
        row.setOnDate(input.date());
        row.setDayOfWeek(input.dayOfWeek() == null ? null : (short) input.dayOfWeek().getValue());
        row.setValidFrom(input.validFrom());
        row.setValidUntil(input.validUntil());
        row.setStartTime(input.start());
        row.setEndTime(input.end());
        row.setNote(input.note());
    }

    private static ScheduleView view(ScheduleIntervalRecord row) {
        return new ScheduleView(row.getId(), row.getTechnicianId(), row.getTeamId(), row.getZoneId(), row.getOnDate(),
                row.getDayOfWeek() == null ? null : DayOfWeek.of(row.getDayOfWeek()), row.getValidFrom(), row.getValidUntil(),
                row.getStartTime(), row.getEndTime(), row.getNote(), row.getVersion());
    }
}
