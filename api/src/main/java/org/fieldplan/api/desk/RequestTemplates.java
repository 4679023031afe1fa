package org.fieldplan.api.desk;

import static org.fieldplan.api.persistence.jooq.Tables.INTAKE_SOURCE;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TEMPLATE;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TEMPLATE_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.fieldplan.api.request.RequestSource;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.fieldplan.api.web.Versions;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Templates for frequent requests: a service set, a comment for the technician, a deadline rule (so many days after
 * the day of intake at a time of day, company time), optionally priority and source. The desk form fills itself
 * from one; the request is then registered through the request feature like any other.
 */
@Service
public class RequestTemplates {

    static final int MAX_DAYS = 365;

    private final DSLContext db;
    private final Clock clock;

    RequestTemplates(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public record Line(long serviceTypeId, String serviceTypeCode, String serviceTypeName, int quantity) {}

    public record DeadlineRule(int days, String time) {}

    /** A template; {@code deadline} is what the rule gives for a request taken now. */
    public record TemplateView(long id, String name, List<Line> services, @Nullable String comment,
            DeadlineRule deadlineRule, OffsetDateTime deadline, @Nullable Integer priority, @Nullable String source,
            int version) {}

    public record LineInput(@Nullable Long serviceTypeId, @Nullable String serviceTypeCode, @Nullable Integer quantity) {}

    public record RuleInput(@Nullable Integer days, @Nullable String time) {}

    public record TemplateInput(@Nullable String name, @Nullable List<LineInput> services, @Nullable String comment,
            @Nullable RuleInput deadlineRule, @Nullable Integer priority, @Nullable String source) {}

    @Transactional(readOnly = true)
    public List<TemplateView> list() {
        Map<Long, List<Line>> lines = new LinkedHashMap<>();
        db.select(REQUEST_TEMPLATE_ITEM.TEMPLATE_ID, SERVICE_TYPE.ID, SERVICE_TYPE.CODE, SERVICE_TYPE.NAME,
                        REQUEST_TEMPLATE_ITEM.QUANTITY)
                .from(REQUEST_TEMPLATE_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(REQUEST_TEMPLATE_ITEM.SERVICE_TYPE_ID))
                .orderBy(REQUEST_TEMPLATE_ITEM.TEMPLATE_ID, REQUEST_TEMPLATE_ITEM.LINE)
                .forEach(r -> lines.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                        .add(new Line(r.value2(), r.value3(), r.value4(), r.value5())));
        return db.selectFrom(REQUEST_TEMPLATE).orderBy(REQUEST_TEMPLATE.NAME).fetch(t -> new TemplateView(t.getId(),
                t.getName(), lines.getOrDefault(t.getId(), List.of()), t.getComment(),
                new DeadlineRule(t.getDeadlineDays(), t.getDeadlineTime().toString()),
                deadline(t.getDeadlineDays(), t.getDeadlineTime()),
                t.getPriority() == null ? null : t.getPriority().intValue(), t.getSource(), t.getVersion()));
    }

    /** The deadline a request taken now gets: {@code days} after today at {@code time}, company time. */
    OffsetDateTime deadline(int days, LocalTime time) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        LocalDate today = now.atZoneSameInstant(clock.getZone()).toLocalDate();
        OffsetDateTime d = today.plusDays(days).atTime(time).atZone(clock.getZone()).toOffsetDateTime();
        return d.isAfter(now) ? d : d.plusDays(1); // "today at 18:00" taken at 19:00 means tomorrow
    }

    /** A checked input: every bad field at once (400), names it and its value. */
    private Checked check(TemplateInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem("name", in.name(), "is required, 1 to 200 characters"));
        }
        List<ServiceTypeRecord> types = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        if (in.services() == null || in.services().isEmpty()) {
            problems.add(new FieldProblem("services", in.services(), "needs at least one service"));
        } else if (in.services().size() > 50) {
            problems.add(new FieldProblem("services", in.services().size() + " lines", "has more than 50 lines"));
        } else {
            for (int i = 0; i < in.services().size(); i++) {
                LineInput l = in.services().get(i);
                String path = "services[" + i + "]";
                if (l == null) {
                    problems.add(new FieldProblem(path, null, "is empty; give serviceTypeId or serviceTypeCode"));
                    continue;
                }
                ServiceTypeRecord type = null;
                if (l.serviceTypeId() != null) {
                    type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(l.serviceTypeId())).fetchOne();
                    if (type == null) {
                        problems.add(new FieldProblem(path + ".serviceTypeId", l.serviceTypeId(), "names no service type"));
                    }
                } else if (l.serviceTypeCode() != null) {
                    type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(l.serviceTypeCode())).fetchOne();
                    if (type == null) {
                        problems.add(new FieldProblem(path + ".serviceTypeCode", l.serviceTypeCode(), "names no service type"));
                    }
                } else {
                    problems.add(new FieldProblem(path + ".serviceTypeId", null, "is required (or serviceTypeCode)"));
                }
                int quantity = l.quantity() == null ? 1 : l.quantity();
                if (quantity < 1 || quantity > 10_000) {
                    problems.add(new FieldProblem(path + ".quantity", l.quantity(), "must be between 1 and 10000"));
                }
                if (type != null) {
                    types.add(type);
                    quantities.add(quantity);
                }
            }
        }
        if (in.comment() != null && in.comment().length() > 4000) {
            problems.add(new FieldProblem("comment", in.comment().length() + " characters", "is longer than 4000 characters"));
        }
        RuleInput rule = in.deadlineRule();
        int days = 0;
        LocalTime time = LocalTime.of(18, 0);
        if (rule == null || rule.days() == null) {
            problems.add(new FieldProblem("deadlineRule.days", null,
                    "is required: every request has a deadline; days after intake, 0.." + MAX_DAYS));
        } else if (rule.days() < 0 || rule.days() > MAX_DAYS) {
            problems.add(new FieldProblem("deadlineRule.days", rule.days(), "must be between 0 and " + MAX_DAYS));
        } else {
            days = rule.days();
        }
        if (rule != null && rule.time() != null) {
            try {
                time = LocalTime.parse(rule.time());
            } catch (DateTimeParseException e) {
                problems.add(new FieldProblem("deadlineRule.time", rule.time(), "must be a time of day like 18:00"));
            }
        }
        if (in.priority() != null && (in.priority() < 1 || in.priority() > 5)) {
            problems.add(new FieldProblem("priority", in.priority(), "must be 1 (low) to 5 (urgent)"));
        }
        String source = null;
        if (in.source() != null) {
            source = RequestSource.parse(in.source()).map(RequestSource::code).orElse(null);
            if (source == null || !db.fetchExists(INTAKE_SOURCE, INTAKE_SOURCE.CODE.eq(source))) {
                problems.add(new FieldProblem("source", in.source(), "is not an intake source; one of " + RequestSource.allCodes()));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Checked(name, types, quantities,
                in.comment() == null || in.comment().isBlank() ? null : in.comment().strip(), days, time,
                in.priority() == null ? null : in.priority().shortValue(), source);
    }

    private record Checked(String name, List<ServiceTypeRecord> types, List<Integer> quantities, @Nullable String comment,
            int days, LocalTime time, @Nullable Short priority, @Nullable String source) {}

    private void nameFree(String name, @Nullable Long except) {
        var clash = REQUEST_TEMPLATE.NAME.eq(name);
        if (except != null) {
            clash = clash.and(REQUEST_TEMPLATE.ID.ne(except));
        }
        if (db.fetchExists(REQUEST_TEMPLATE, clash)) {
            throw new ConflictException("A template named '" + name + "' exists already; choose another name.",
                    Map.of("name", name));
        }
    }

    private void writeLines(long id, Checked c) {
        db.deleteFrom(REQUEST_TEMPLATE_ITEM).where(REQUEST_TEMPLATE_ITEM.TEMPLATE_ID.eq(id)).execute();
        for (int i = 0; i < c.types().size(); i++) {
            db.insertInto(REQUEST_TEMPLATE_ITEM).set(REQUEST_TEMPLATE_ITEM.TEMPLATE_ID, id)
                    .set(REQUEST_TEMPLATE_ITEM.LINE, i + 1).set(REQUEST_TEMPLATE_ITEM.SERVICE_TYPE_ID, c.types().get(i).getId())
                    .set(REQUEST_TEMPLATE_ITEM.QUANTITY, c.quantities().get(i)).execute();
        }
    }

    @Transactional(readOnly = true)
    public TemplateView get(long id) {
        return list().stream().filter(t -> t.id() == id).findFirst()
                .orElseThrow(() -> new NotFoundException("request template", id));
    }

    @Transactional
    public TemplateView create(TemplateInput in, CurrentUser actor) {
        Checked c = check(in);
        String name = c.name();
        nameFree(name, null);
        long id = db.insertInto(REQUEST_TEMPLATE)
                .set(REQUEST_TEMPLATE.NAME, name)
                .set(REQUEST_TEMPLATE.COMMENT, c.comment())
                .set(REQUEST_TEMPLATE.DEADLINE_DAYS, c.days())
                .set(REQUEST_TEMPLATE.DEADLINE_TIME, c.time())
                .set(REQUEST_TEMPLATE.PRIORITY, c.priority())
                .set(REQUEST_TEMPLATE.SOURCE, c.source())
                .set(REQUEST_TEMPLATE.CREATED_AT, OffsetDateTime.now(clock))
                .set(REQUEST_TEMPLATE.CREATED_BY, actor.recordedUserId())
                .returningResult(REQUEST_TEMPLATE.ID).fetchSingle().value1();
        writeLines(id, c);
        return get(id);
    }

    /**
     * Replaces a template as a whole (the same checks as {@link #create}); 404 when there is none, 412 when it has
     * changed since version {@code expectedVersion}. Requests registered from it earlier keep what they copied.
     */
    @Transactional
    public TemplateView update(long id, TemplateInput in, int expectedVersion) {
        var row = db.selectFrom(REQUEST_TEMPLATE).where(REQUEST_TEMPLATE.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("request template", id);
        }
        Checked c = check(in);
        if (row.getVersion() != expectedVersion) {
            throw Versions.stale("request template", id, expectedVersion, row.getVersion());
        }
        nameFree(c.name(), id);
        db.update(REQUEST_TEMPLATE)
                .set(REQUEST_TEMPLATE.NAME, c.name())
                .set(REQUEST_TEMPLATE.COMMENT, c.comment())
                .set(REQUEST_TEMPLATE.DEADLINE_DAYS, c.days())
                .set(REQUEST_TEMPLATE.DEADLINE_TIME, c.time())
                .set(REQUEST_TEMPLATE.PRIORITY, c.priority())
                .set(REQUEST_TEMPLATE.SOURCE, c.source())
                .set(REQUEST_TEMPLATE.VERSION, row.getVersion() + 1)
                .where(REQUEST_TEMPLATE.ID.eq(id)).execute();
        writeLines(id, c);
        return get(id);
    }

    /**
     * Deletes a template and its lines. Always allowed: a request registered from a template copies its services,
     * comment, deadline, priority and source and keeps no link to it. With {@code expectedVersion} (If-Match) a
     * template changed meanwhile is not deleted (412).
     */
    @Transactional
    public void delete(long id, @Nullable Integer expectedVersion) {
        var row = db.selectFrom(REQUEST_TEMPLATE).where(REQUEST_TEMPLATE.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("request template", id);
        }
        if (expectedVersion != null && row.getVersion() != expectedVersion) {
            throw Versions.stale("request template", id, expectedVersion, row.getVersion());
        }
        db.deleteFrom(REQUEST_TEMPLATE).where(REQUEST_TEMPLATE.ID.eq(id)).execute(); // lines go with it (ON DELETE CASCADE)
    }
}
