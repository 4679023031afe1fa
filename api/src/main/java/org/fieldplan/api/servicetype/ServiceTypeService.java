package org.fieldplan.api.servicetype;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE_SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.SKILL;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Service types; one transaction per command. Durations are stored in seconds (integers feed the planner). */
@Service
public class ServiceTypeService {

    private final DSLContext db;
    private final org.fieldplan.api.zone.ZoneService zones;

    ServiceTypeService(DSLContext db, org.fieldplan.api.zone.ZoneService zones) {
        this.db = db;
        this.zones = zones;
    }

    @Transactional(readOnly = true)
    public List<ServiceTypeView> list(@Nullable Boolean active) {
        return list(active, null);
    }

    /** As above; with {@code city}, only the types offered in a zone of that city (case-insensitive). */
    @Transactional(readOnly = true)
    public List<ServiceTypeView> list(@Nullable Boolean active, @Nullable String city) {
        Map<Long, List<Long>> offered = zones.zonesByServiceType();
        java.util.Set<Long> inCity = city == null || city.isBlank() ? null : new java.util.HashSet<>(db.select(ZONE.ID).from(ZONE)
                .where(ZONE.CITY.equalIgnoreCase(city.strip())).fetch(ZONE.ID));
        Map<Long, List<String>> skills = new HashMap<>();
        db.selectFrom(SERVICE_TYPE_SKILL).orderBy(SERVICE_TYPE_SKILL.SKILL_CODE)
                .forEach(r -> skills.computeIfAbsent(r.getServiceTypeId(), k -> new ArrayList<>()).add(r.getSkillCode()));
        var query = db.selectFrom(SERVICE_TYPE);
        var rows = active == null ? query.orderBy(SERVICE_TYPE.NAME).fetch()
                : query.where(SERVICE_TYPE.ACTIVE.eq(active)).orderBy(SERVICE_TYPE.NAME).fetch();
        return rows.stream()
                .filter(row -> inCity == null || offered.getOrDefault(row.getId(), List.of()).stream().anyMatch(inCity::contains))
                .map(row -> view(row, skills.getOrDefault(row.getId(), List.of()), offered.getOrDefault(row.getId(), List.of())))
                .toList();
    }

    @Transactional(readOnly = true)
    public ServiceTypeView get(long id) {
        ServiceTypeRecord row = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("service type", id);
        }
        return view(row, skills(id), zones.zonesByServiceType().getOrDefault(id, List.of()));
    }

    @Transactional
    public ServiceTypeView create(ServiceTypeInput input) {
        check(input, null);
        ServiceTypeRecord row = db.newRecord(SERVICE_TYPE);
        apply(row, input);
        row.store();
        replaceSkills(row.getId(), input.requiredSkills());
        if (input.zoneIds() != null) {
            zones.offerIn(row.getId(), input.zoneIds(), "zoneIds");
        }
        return get(row.getId());
    }

    @Transactional
    public ServiceTypeView update(long id, ServiceTypeInput input, @Nullable Integer expectedVersion) {
        ServiceTypeRecord row = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("service type", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("service type", id, expectedVersion, row.getVersion());
        }
        check(input, id);
        apply(row, input);
        row.setVersion(row.getVersion() + 1);
        row.update();
        replaceSkills(id, input.requiredSkills());
        if (input.zoneIds() != null) {
            zones.offerIn(id, input.zoneIds(), "zoneIds");
        }
        return get(id);
    }

    /**
     * Sets the catalogue price of a service type (the prices feature's "service prices"): base price, unit, "from" and
     * request type; the caller has checked the values. The version rises; requests already priced keep their prices.
     */
    @Transactional
    public void setPrice(long id, @Nullable Integer expectedVersion, java.math.BigDecimal basePrice, String unit,
                         boolean priceIsFrom, String requestType) {
        ServiceTypeRecord row = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("service type", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw Versions.stale("service type", id, expectedVersion, row.getVersion());
        }
        row.setBasePrice(basePrice);
        row.setUnit(unit);
        row.setPriceIsFrom(priceIsFrom);
        row.setRequestType(requestType);
        row.setVersion(row.getVersion() + 1);
        row.update();
    }

    private void check(ServiceTypeInput input, @Nullable Long self) {
        List<FieldProblem> problems = new ArrayList<>();
        Long other = db.select(SERVICE_TYPE.ID).from(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(input.code()))
                .fetchOne(SERVICE_TYPE.ID);
        if (other != null && !other.equals(self)) {
            problems.add(new FieldProblem("code", input.code(), "is taken by service type " + other + "; codes are unique"));
        }
        List<String> skills = input.requiredSkills() == null ? List.of() : input.requiredSkills();
        Set<String> known = new HashSet<>(db.select(SKILL.CODE).from(SKILL).fetch(SKILL.CODE));
        for (int i = 0; i < skills.size(); i++) {
            if (!known.contains(skills.get(i))) {
                problems.add(new FieldProblem("requiredSkills[" + i + "]", skills.get(i),
                        "is not a skill of the catalogue; known: " + String.join(", ", new TreeSet<>(known))
                                + ". Add it first with PUT /api/skills/{code}"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }

    private static void apply(ServiceTypeRecord row, ServiceTypeInput input) {
        row.setCode(input.code());
        row.setName(input.name().strip());
        row.setDurationSeconds(input.durationMinutes() * 60);
        row.setBasePrice(input.basePrice());
        row.setPriceIsFrom(Boolean.TRUE.equals(input.priceIsFrom()));
        row.setCountsForCommission(input.countsForCommission() == null || input.countsForCommission());
        row.setActive(input.active() == null || input.active());
        if (input.teamSize() != null) {
            row.setTeamSize(input.teamSize());
        }
        if (input.teamSkills() != null) {
            row.setTeamSkills(input.teamSkills());
        }
    }

    private void replaceSkills(long id, @Nullable List<String> skills) {
        db.deleteFrom(SERVICE_TYPE_SKILL).where(SERVICE_TYPE_SKILL.SERVICE_TYPE_ID.eq(id)).execute();
        if (skills != null) {
            for (String skill : new LinkedHashSet<>(skills)) {
                db.insertInto(SERVICE_TYPE_SKILL, SERVICE_TYPE_SKILL.SERVICE_TYPE_ID, SERVICE_TYPE_SKILL.SKILL_CODE)
                        .values(id, skill).execute();
            }
        }
    }

    private List<String> skills(long id) {
        return db.select(SERVICE_TYPE_SKILL.SKILL_CODE).from(SERVICE_TYPE_SKILL)
                .where(SERVICE_TYPE_SKILL.SERVICE_TYPE_ID.eq(id)).orderBy(SERVICE_TYPE_SKILL.SKILL_CODE)
                .fetch(SERVICE_TYPE_SKILL.SKILL_CODE);
    }

    private static ServiceTypeView view(ServiceTypeRecord row, List<String> skills, List<Long> zoneIds) {
        return new ServiceTypeView(row.getId(), row.getCode(), row.getName(), row.getDurationSeconds() / 60, skills,
                row.getBasePrice(), row.getPriceIsFrom(), row.getCountsForCommission(), row.getActive(), zoneIds, row.getVersion(),
                row.getTeamSize(), row.getTeamSkills());
    }
}
