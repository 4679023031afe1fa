package org.fieldplan.api.technician;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.TEAM;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN;
import static org.fieldplan.api.persistence.jooq.Tables.TECHNICIAN_SKILL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.TechnicianRecord;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.LatLon;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Technicians, skills and teams; one transaction per command. */
@Service
public class TechnicianService {

    private final DSLContext db;

    TechnicianService(DSLContext db) {
        this.db = db;
    }

    // ---- technicians -----------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<TechnicianView> list(@Nullable Boolean active, @Nullable String skill, @Nullable Long teamId, org.jooq.Condition scope) {
        return list(active, skill, teamId, null, scope);
    }

    /** As above, of one city too (case-insensitive) when {@code city} is given. */
    @Transactional(readOnly = true)
    public List<TechnicianView> list(@Nullable Boolean active, @Nullable String skill, @Nullable Long teamId,
                                     @Nullable String city, org.jooq.Condition scope) {
        var condition = scope;
        if (city != null && !city.isBlank()) {
            condition = condition.and(TECHNICIAN.CITY.equalIgnoreCase(city.strip()));
        }
        if (active != null) {
            condition = condition.and(TECHNICIAN.ACTIVE.eq(active));
        }
        if (teamId != null) {
            condition = condition.and(TECHNICIAN.TEAM_ID.eq(teamId));
        }
        if (skill != null) {
            condition = condition.and(TECHNICIAN.ID.in(org.jooq.impl.DSL.select(TECHNICIAN_SKILL.TECHNICIAN_ID)
                    .from(TECHNICIAN_SKILL).where(TECHNICIAN_SKILL.SKILL_CODE.eq(skill))));
        }
        Map<Long, List<String>> skills = skillsByTechnician();
        return db.selectFrom(TECHNICIAN).where(condition).orderBy(TECHNICIAN.NAME, TECHNICIAN.ID).fetch()
                .map(row -> view(row, skills.getOrDefault(row.getId(), List.of())));
    }

    @Transactional(readOnly = true)
    public TechnicianView get(long id) {
        TechnicianRecord row = db.selectFrom(TECHNICIAN).where(TECHNICIAN.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("technician", id);
        }
        return view(row, skills(id));
    }

    @Transactional
    public TechnicianView create(TechnicianInput input) {
        check(input, null);
        TechnicianRecord row = db.newRecord(TECHNICIAN);
        apply(row, input);
        row.store();
        replaceSkills(row.getId(), input.skills());
        return get(row.getId());
    }

    @Transactional
    public TechnicianView update(long id, TechnicianInput input, @Nullable Integer expectedVersion) {
        TechnicianRecord row = db.selectFrom(TECHNICIAN).where(TECHNICIAN.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("technician", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("technician", id, expectedVersion, row.getVersion());
        }
        check(input, id);
        apply(row, input);
        row.setVersion(row.getVersion() + 1);
        row.update();
        replaceSkills(id, input.skills());
        return get(id);
    }

    private void check(TechnicianInput input, @Nullable Long self) {
        List<FieldProblem> problems = new ArrayList<>();
        List<String> skills = input.skills() == null ? List.of() : input.skills();
        Set<String> known = new java.util.HashSet<>(db.select(SKILL.CODE).from(SKILL).fetch(SKILL.CODE));
        for (int i = 0; i < skills.size(); i++) {
            if (!known.contains(skills.get(i))) {
                problems.add(new FieldProblem("skills[" + i + "]", skills.get(i),
                        "is not a skill of the catalogue; known: " + String.join(", ", new java.util.TreeSet<>(known))
                                + ". Add it first with PUT /api/skills/{code}"));
            }
        }
        if (input.teamId() != null && !db.fetchExists(TEAM, TEAM.ID.eq(input.teamId()))) {
            problems.add(new FieldProblem("teamId", input.teamId(), "is not a team; list them with GET /api/teams"));
        }
        if (input.userId() != null) {
            if (!db.fetchExists(APP_USER, APP_USER.ID.eq(input.userId()))) {
                problems.add(new FieldProblem("userId", input.userId(), "is not a user"));
            } else {
                Long other = db.select(TECHNICIAN.ID).from(TECHNICIAN).where(TECHNICIAN.USER_ID.eq(input.userId()))
                        .fetchOne(TECHNICIAN.ID);
                if (other != null && !other.equals(self)) {
                    problems.add(new FieldProblem("userId", input.userId(), "already belongs to technician " + other));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static void apply(TechnicianRecord row, TechnicianInput input) {
        row.setName(input.name().strip());
        row.setPhone(input.phone());
        row.setEmail(input.email());
        row.setHomeAddress(input.homeAddress());
        row.setHome(input.home().toPoint());
        row.setActive(input.active() == null || input.active());
        row.setTeamId(input.teamId());
        row.setUserId(input.userId());
        row.setCity(input.city() == null || input.city().isBlank() ? null : input.city().strip());
    }

    private void replaceSkills(long technicianId, @Nullable List<String> skills) {
        db.deleteFrom(TECHNICIAN_SKILL).where(TECHNICIAN_SKILL.TECHNICIAN_ID.eq(technicianId)).execute();
        if (skills != null) {
            for (String skill : new LinkedHashSet<>(skills)) {
                db.insertInto(TECHNICIAN_SKILL, TECHNICIAN_SKILL.TECHNICIAN_ID, TECHNICIAN_SKILL.SKILL_CODE)
                        .values(technicianId, skill).execute();
            }
        }
    }

    private List<String> skills(long technicianId) {
        return db.select(TECHNICIAN_SKILL.SKILL_CODE).from(TECHNICIAN_SKILL)
                .where(TECHNICIAN_SKILL.TECHNICIAN_ID.eq(technicianId)).orderBy(TECHNICIAN_SKILL.SKILL_CODE)
                .fetch(TECHNICIAN_SKILL.SKILL_CODE);
    }

    private Map<Long, List<String>> skillsByTechnician() {
        Map<Long, List<String>> map = new HashMap<>();
        db.selectFrom(TECHNICIAN_SKILL).orderBy(TECHNICIAN_SKILL.SKILL_CODE)
                .forEach(r -> map.computeIfAbsent(r.getTechnicianId(), k -> new ArrayList<>()).add(r.getSkillCode()));
        return map;
    }

    private static TechnicianView view(TechnicianRecord row, List<String> skills) {
        return new TechnicianView(row.getId(), row.getName(), row.getPhone(), row.getEmail(), row.getHomeAddress(),
                LatLon.of(row.getHome()), skills, row.getActive(), row.getTeamId(), row.getUserId(), row.getCity(), row.getVersion());
    }

    // ---- skills ----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<SkillView> skills() {
        return db.selectFrom(SKILL).orderBy(SKILL.CODE).fetch(r -> new SkillView(r.getCode(), r.getName()));
    }

    /** Creates the skill or renames it; true when it was new. */
    @Transactional
    public boolean putSkill(SkillView skill) {
        int inserted = db.insertInto(SKILL, SKILL.CODE, SKILL.NAME).values(skill.code(), skill.name().strip())
                .onConflict(SKILL.CODE).doNothing().execute();
        if (inserted == 0) {
            db.update(SKILL).set(SKILL.NAME, skill.name().strip()).where(SKILL.CODE.eq(skill.code())).execute();
        }
        return inserted > 0;
    }

    // ---- teams -----------------------------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<TeamView> teams() {
        Map<Long, List<Long>> members = new HashMap<>();
        db.select(TECHNICIAN.TEAM_ID, TECHNICIAN.ID).from(TECHNICIAN).where(TECHNICIAN.TEAM_ID.isNotNull())
                .orderBy(TECHNICIAN.ID)
                .forEach(r -> members.computeIfAbsent(r.value1(), k -> new ArrayList<>()).add(r.value2()));
        return db.selectFrom(TEAM).orderBy(TEAM.NAME)
                .fetch(r -> new TeamView(r.getId(), r.getName(), members.getOrDefault(r.getId(), List.of())));
    }

    @Transactional
    public TeamView createTeam(TeamInput input) {
        if (db.fetchExists(TEAM, TEAM.NAME.eq(input.name().strip()))) {
            throw new InvalidInputException("name", input.name(), "is taken by another team; team names are unique");
        }
        long id = db.insertInto(TEAM, TEAM.NAME).values(input.name().strip()).returning(TEAM.ID).fetchOne(TEAM.ID);
        return new TeamView(id, input.name().strip(), List.of());
    }
}
