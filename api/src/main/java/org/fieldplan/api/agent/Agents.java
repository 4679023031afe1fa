package org.fieldplan.api.agent;

import static org.fieldplan.api.persistence.jooq.Tables.AGENT;
import static org.fieldplan.api.persistence.jooq.Tables.AGENT_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_LEVEL;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Agents, the commission scheme, who brought a request, and the monthly statement. */
@Service
public class Agents {

    private final DSLContext db;
    private final ServiceRequests requests;
    private final CommissionLedger ledger;
    private final Pricer pricer;
    private final Clock clock;

    Agents(DSLContext db, ServiceRequests requests, CommissionLedger ledger, Pricer pricer, Clock clock) {
        this.db = db;
        this.requests = requests;
        this.ledger = ledger;
        this.pricer = pricer;
        this.clock = clock;
    }

    public record AgentInput(@Nullable String name, @Nullable String code, @Nullable Long parentId, @Nullable String email) {}

    public record AgentView(long id, String name, String code, @Nullable Long parentId, @Nullable String parentName,
                     @Nullable String email, boolean active, List<Long> chain) {}

    public record SchemeInput(@Nullable List<BigDecimal> levels, @Nullable List<Long> serviceTypeIds) {}

    public record SchemeView(List<BigDecimal> levels, List<Long> serviceTypeIds, List<String> serviceTypeCodes) {}

    public record AssignInput(@Nullable Long agentId, @Nullable String agentCode) {}

    public record Assignment(long requestId, long agentId, String agentCode, String agentName) {}

    public record Entry(long id, OffsetDateTime bookedAt, @Nullable Long requestId, String registrationNumber, int level,
                 String kind, BigDecimal percent, BigDecimal base, BigDecimal amount, String note) {}

    public record Statement(long agentId, String agentName, String agentCode, String month, String currency, List<Entry> entries,
                     BigDecimal total) {}

    @Transactional(readOnly = true)
    public List<AgentView> list() {
        return db.select(AGENT.ID).from(AGENT).orderBy(AGENT.NAME, AGENT.ID).fetch(AGENT.ID).stream().map(this::view).toList();
    }

    @Transactional
    public AgentView create(AgentInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem("name", in.name(), "is required, at most 200 characters"));
        }
        String code = in.code() == null ? "" : in.code().strip();
        if (!code.matches("[A-Za-z0-9._-]{1,40}")) {
            problems.add(new FieldProblem("code", in.code(), "is required: 1-40 letters, digits, '.', '_' or '-'"));
        } else if (db.fetchExists(AGENT, DSL.lower(AGENT.CODE).eq(code.toLowerCase()))) {
            problems.add(new FieldProblem("code", code, "is the code of another agent already"));
        }
        if (in.parentId() != null && !db.fetchExists(AGENT, AGENT.ID.eq(in.parentId()))) {
            problems.add(new FieldProblem("parentId", in.parentId(), "names no agent"));
        }
        if (in.email() != null && (in.email().length() > 200 || !in.email().contains("@"))) {
            problems.add(new FieldProblem("email", in.email(), "is not an e-mail address"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = db.insertInto(AGENT).set(AGENT.NAME, name).set(AGENT.CODE, code).set(AGENT.PARENT_ID, in.parentId())
                .set(AGENT.EMAIL, in.email()).set(AGENT.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(AGENT.ID).fetchSingle().value1();
        return view(id);
    }

    @Transactional(readOnly = true)
    SchemeView scheme() {
        List<BigDecimal> levels = db.select(COMMISSION_LEVEL.PERCENT).from(COMMISSION_LEVEL).orderBy(COMMISSION_LEVEL.TIER)
                .fetch(COMMISSION_LEVEL.PERCENT);
        var services = db.select(SERVICE_TYPE.ID, SERVICE_TYPE.CODE).from(COMMISSION_SERVICE).join(SERVICE_TYPE)
                .on(SERVICE_TYPE.ID.eq(COMMISSION_SERVICE.SERVICE_TYPE_ID)).orderBy(SERVICE_TYPE.CODE).fetch();
        return new SchemeView(levels, services.map(r -> r.value1()), services.map(r -> r.value2()));
    }

    /** Sets the percent per level and/or the services counting toward commission (what is left out stays). */
    @Transactional
    public SchemeView setScheme(SchemeInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        if (in.levels() != null) {
            if (in.levels().size() != 3) {
                problems.add(new FieldProblem("levels", in.levels(), "needs three percents: the agent's, the level above, the level above that"));
            } else {
                for (int i = 0; i < 3; i++) {
                    BigDecimal p = in.levels().get(i);
                    if (p == null || p.signum() < 0 || p.compareTo(BigDecimal.valueOf(100)) > 0 || p.scale() > 2) {
                        problems.add(new FieldProblem("levels[" + i + "]", p, "must be a percent 0 .. 100 with at most two decimals"));
                    }
                }
            }
        }
        Set<Long> ids = new LinkedHashSet<>();
        if (in.serviceTypeIds() != null) {
            for (int i = 0; i < in.serviceTypeIds().size(); i++) {
                Long id = in.serviceTypeIds().get(i);
                if (id == null || !db.fetchExists(SERVICE_TYPE, SERVICE_TYPE.ID.eq(id))) {
                    problems.add(new FieldProblem("serviceTypeIds[" + i + "]", id, "names no service type"));
                } else {
                    ids.add(id);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        if (in.levels() != null) {
            for (int i = 0; i < 3; i++) {
                db.update(COMMISSION_LEVEL).set(COMMISSION_LEVEL.PERCENT, in.levels().get(i)).where(COMMISSION_LEVEL.TIER.eq((short) (i + 1))).execute();
            }
        }
        if (in.serviceTypeIds() != null) {
            db.deleteFrom(COMMISSION_SERVICE).execute();
            for (Long id : ids) {
                db.insertInto(COMMISSION_SERVICE).set(COMMISSION_SERVICE.SERVICE_TYPE_ID, id).execute();
            }
        }
        return scheme();
    }

    /**
     * Names the agent who brought a request (the office, for a request it sees). A request already earning commission
     * is settled at once: the previous agent's share reversed, the new agent's accrued.
     */
    @Transactional
    public Assignment assign(long requestId, AssignInput in, CurrentUser actor) {
        requests.get(requestId, actor); // 404 outside the caller's scope
        var agent = in.agentId() != null ? db.selectFrom(AGENT).where(AGENT.ID.eq(in.agentId())).fetchOne()
                : in.agentCode() != null ? db.selectFrom(AGENT).where(DSL.lower(AGENT.CODE).eq(in.agentCode().strip().toLowerCase())).fetchOne()
                : null;
        if (agent == null) {
            throw new InvalidInputException(in.agentId() != null ? "agentId" : "agentCode",
                    in.agentId() != null ? in.agentId() : in.agentCode(), "names no agent (give agentId or agentCode)");
        }
        String status = db.select(SERVICE_REQUEST.STATUS).from(SERVICE_REQUEST).where(SERVICE_REQUEST.ID.eq(requestId))
                .forUpdate().fetchSingle().value1();
        db.insertInto(AGENT_REQUEST).set(AGENT_REQUEST.REQUEST_ID, requestId).set(AGENT_REQUEST.AGENT_ID, agent.getId())
                .set(AGENT_REQUEST.ASSIGNED_AT, OffsetDateTime.now(clock)).set(AGENT_REQUEST.ASSIGNED_BY, actor.username())
                .onConflict(AGENT_REQUEST.REQUEST_ID).doUpdate()
                .set(AGENT_REQUEST.AGENT_ID, agent.getId()).set(AGENT_REQUEST.ASSIGNED_AT, OffsetDateTime.now(clock))
                .set(AGENT_REQUEST.ASSIGNED_BY, actor.username()).execute();
        ledger.reconcile(requestId, RequestStatus.fromCode(status), "agent " + agent.getCode() + " named by " + actor.username());
        return new Assignment(requestId, agent.getId(), agent.getCode(), agent.getName());
    }

    /** The entries booked for an agent in a month (the company's time zone), with the total. */
    @Transactional(readOnly = true)
    Statement statement(long agentId, @Nullable String month) {
        var agent = db.selectFrom(AGENT).where(AGENT.ID.eq(agentId)).fetchOne();
        if (agent == null) {
            throw new NotFoundException("agent", agentId);
        }
        YearMonth m;
        try {
            m = month == null || month.isBlank() ? YearMonth.now(clock) : YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("month", month, "is not a month such as 2026-12");
        }
        ZoneId zone = clock.getZone();
        OffsetDateTime from = m.atDay(1).atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime();
        List<Entry> entries = db.selectFrom(COMMISSION_ENTRY)
                .where(COMMISSION_ENTRY.AGENT_ID.eq(agentId), COMMISSION_ENTRY.BOOKED_AT.ge(from), COMMISSION_ENTRY.BOOKED_AT.lt(to))
                .orderBy(COMMISSION_ENTRY.BOOKED_AT, COMMISSION_ENTRY.ID)
                .fetch(r -> new Entry(r.getId(), r.getBookedAt().atZoneSameInstant(zone).toOffsetDateTime(), r.getRequestId(),
                        r.getRegistrationNumber(), r.getTier(), r.getKind(), r.getPercent(), r.getBase(), r.getAmount(), r.getNote()));
        BigDecimal total = entries.stream().map(Entry::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        return new Statement(agentId, agent.getName(), agent.getCode(), m.toString(), pricer.currency(), entries, total);
    }

    /** The statement as CSV (RFC 4180: comma-separated, CRLF, quoted where needed), with a total line. */
    static String csv(Statement s) {
        StringBuilder out = new StringBuilder("booked_at,request,level,kind,percent,base,amount,currency,note\r\n");
        for (Entry e : s.entries()) {
            out.append(e.bookedAt()).append(',').append(quote(e.registrationNumber())).append(',').append(e.level()).append(',')
                    .append(e.kind()).append(',').append(e.percent().toPlainString()).append(',').append(e.base().toPlainString())
                    .append(',').append(e.amount().toPlainString()).append(',').append(s.currency()).append(',')
                    .append(quote(e.note())).append("\r\n");
        }
        out.append("total,,,,,,").append(s.total().toPlainString()).append(',').append(s.currency()).append(',')
                .append(quote(s.agentName() + " (" + s.agentCode() + "), " + s.month())).append("\r\n");
        return out.toString();
    }

    private static String quote(String v) {
        // a leading =, +, - or @ would be a formula in a spreadsheet: prefixed with an apostrophe
        String safe = !v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        return safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")
                ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private AgentView view(long id) {
        var a = db.selectFrom(AGENT).where(AGENT.ID.eq(id)).fetchSingle();
        String parentName = a.getParentId() == null ? null
                : db.select(AGENT.NAME).from(AGENT).where(AGENT.ID.eq(a.getParentId())).fetchOne(AGENT.NAME);
        return new AgentView(id, a.getName(), a.getCode(), a.getParentId(), parentName, a.getEmail(), a.getActive(), ledger.chain(id));
    }
}
