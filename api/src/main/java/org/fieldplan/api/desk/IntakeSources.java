package org.fieldplan.api.desk;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;
import static org.fieldplan.api.persistence.jooq.Tables.INTAKE_SOURCE;

import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.persistence.jooq.tables.records.IntakeSourceRecord;
import org.fieldplan.api.request.SourceRules;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The intake sources (phone, e-mail, site, messenger, partner, walk-in): names, responsible person, required fields. */
@Service
public class IntakeSources {

    private final DSLContext db;

    IntakeSources(DSLContext db) {
        this.db = db;
    }

    public record Names(String en, String ru) {}

    public record SourceView(String code, Names name, @Nullable Long responsibleUserId, @Nullable String responsibleName,
            List<String> requiredFields, boolean active, int version) {}

    public record SourceInput(@Nullable String nameEn, @Nullable String nameRu, @Nullable Long responsibleUserId,
            @Nullable List<String> requiredFields, @Nullable Boolean active) {}

    @Transactional(readOnly = true)
    public List<SourceView> list() {
        return db.select(INTAKE_SOURCE.fields()).select(APP_USER.DISPLAY_NAME).from(INTAKE_SOURCE)
                .leftJoin(APP_USER).on(APP_USER.ID.eq(INTAKE_SOURCE.RESPONSIBLE_USER_ID))
                .orderBy(INTAKE_SOURCE.POSITION, INTAKE_SOURCE.CODE)
                .fetch(r -> view(r.into(INTAKE_SOURCE), r.get(APP_USER.DISPLAY_NAME)));
    }

    @Transactional(readOnly = true)
    public SourceView get(String code) {
        return list().stream().filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new NotFoundException("intake source", code));
    }

    /** Changes a source; every bad field at once; 412 on a stale version. */
    @Transactional
    public SourceView update(String code, SourceInput in, int expectedVersion) {
        IntakeSourceRecord row = db.selectFrom(INTAKE_SOURCE).where(INTAKE_SOURCE.CODE.eq(code)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("intake source", code);
        }
        List<FieldProblem> problems = new ArrayList<>();
        if (in.nameEn() != null && (in.nameEn().isBlank() || in.nameEn().length() > 100)) {
            problems.add(new FieldProblem("nameEn", in.nameEn(), "must be 1 to 100 characters"));
        }
        if (in.nameRu() != null && (in.nameRu().isBlank() || in.nameRu().length() > 100)) {
            problems.add(new FieldProblem("nameRu", in.nameRu(), "must be 1 to 100 characters"));
        }
        if (in.responsibleUserId() != null && !db.fetchExists(APP_USER_ROLE,
                APP_USER_ROLE.USER_ID.eq(in.responsibleUserId()),
                APP_USER_ROLE.ROLE_CODE.in(Role.ADMINISTRATOR.code(), Role.DISPATCHER.code()))) {
            problems.add(new FieldProblem("responsibleUserId", in.responsibleUserId(),
                    "names no administrator or dispatcher"));
        }
        List<String> fields = in.requiredFields();
        if (fields != null) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i) == null || !SourceRules.KNOWN_FIELDS.contains(fields.get(i))) {
                    problems.add(new FieldProblem("requiredFields[" + i + "]", fields.get(i),
                            "is not a field a source can require; one of " + SourceRules.KNOWN_FIELDS.stream().sorted().toList()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (row.getVersion() != expectedVersion) {
            throw Versions.stale("intake source", code, expectedVersion, row.getVersion());
        }
        if (in.nameEn() != null) {
            row.setNameEn(in.nameEn().strip());
        }
        if (in.nameRu() != null) {
            row.setNameRu(in.nameRu().strip());
        }
        row.setResponsibleUserId(in.responsibleUserId());
        if (fields != null) {
            row.setRequiredFields(String.join(",", fields.stream().distinct().toList()));
        }
        if (in.active() != null) {
            row.setActive(in.active());
        }
        if (row.changed()) {
            row.setVersion(row.getVersion() + 1);
            row.store();
        }
        return get(code);
    }

    private static SourceView view(IntakeSourceRecord r, @Nullable String responsibleName) {
        return new SourceView(r.getCode(), new Names(r.getNameEn(), r.getNameRu()), r.getResponsibleUserId(),
                responsibleName, SourceRules.requiredFields(r.getRequiredFields()), r.getActive(), r.getVersion());
    }
}
