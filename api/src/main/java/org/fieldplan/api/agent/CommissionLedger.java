package org.fieldplan.api.agent;

import static org.fieldplan.api.persistence.jooq.Tables.AGENT;
import static org.fieldplan.api.persistence.jooq.Tables.AGENT_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_ENTRY;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_LEVEL;
import static org.fieldplan.api.persistence.jooq.Tables.COMMISSION_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestStatusChanged;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps each request's commission in step with its lifecycle, in the transaction of the status change:
 * <ul>
 *   <li>the request is <b>accepted</b> as an order (the customer agrees the quote: {@code agreed}): the commission is
 *       <b>accrued</b> on the services that count toward it, for the agent who brought the request and the two above;</li>
 *   <li>at every later move (scheduled .. done) and when the customer <b>accepts</b> the act ({@code accepted}) it is
 *       <b>adjusted</b> to the lines as they then are (a confirmed change of quantity);</li>
 *   <li>the request is <b>cancelled</b> after that: what was accrued is <b>reversed</b>.</li>
 * </ul>
 * The ledger is only appended to: for each agent and level, the sum of a request's entries is what is owed.
 */
@Component
public class CommissionLedger {

    /** Statuses in which a request earns commission: from the accepted order to the accepted act. */
    static final Set<RequestStatus> EARNING = EnumSet.of(RequestStatus.AGREED, RequestStatus.SCHEDULED, RequestStatus.IN_PROGRESS,
            RequestStatus.DONE, RequestStatus.DISPUTED, RequestStatus.ACCEPTED);

    private final DSLContext db;
    private final Pricer pricer;
    private final Clock clock;

    CommissionLedger(DSLContext db, Pricer pricer, Clock clock) {
        this.db = db;
        this.pricer = pricer;
        this.clock = clock;
    }

    @EventListener
    void onStatusChanged(RequestStatusChanged e) {
        String why = switch (e.to()) {
            case AGREED -> "order accepted (quote agreed)";
            case ACCEPTED -> "work accepted (act accepted)";
            case CANCELLED -> "request cancelled";
            default -> "request " + e.to().code().replace('_', ' ');
        };
        reconcile(e.requestId(), e.to(), why);
    }

    private record Key(long agentId, int level) {}

    private record Target(BigDecimal percent, BigDecimal base, BigDecimal amount) {}

    /**
     * Brings the ledger of one request to what it should be in {@code status}: appends the differences. Callers hold
     * the request's row lock (a status change, an agent assignment).
     */
    void reconcile(long requestId, RequestStatus status, String why) {
        var request = db.select(SERVICE_REQUEST.REGISTRATION_NUMBER, SERVICE_REQUEST.CURRENCY).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(requestId)).fetchOne();
        if (request == null) {
            return;
        }
        // what has been booked so far, per agent and level, with the percent of the first accrual
        Map<Key, BigDecimal> booked = new LinkedHashMap<>();
        Map<Key, BigDecimal> firstPercent = new LinkedHashMap<>();
        db.select(COMMISSION_ENTRY.AGENT_ID, COMMISSION_ENTRY.TIER, COMMISSION_ENTRY.AMOUNT, COMMISSION_ENTRY.PERCENT)
                .from(COMMISSION_ENTRY).where(COMMISSION_ENTRY.REQUEST_ID.eq(requestId)).orderBy(COMMISSION_ENTRY.ID)
                .forEach(r -> {
                    Key k = new Key(r.value1(), r.value2());
                    booked.merge(k, r.value3(), BigDecimal::add);
                    firstPercent.putIfAbsent(k, r.value4());
                });
        Map<Key, Target> targets = EARNING.contains(status) ? targets(requestId, firstPercent) : Map.of();
        Set<Key> keys = new java.util.LinkedHashSet<>(targets.keySet());
        keys.addAll(booked.keySet());
        OffsetDateTime now = OffsetDateTime.now(clock);
        String currency = request.value2() == null ? pricer.currency() : request.value2();
        for (Key k : keys) {
            Target t = targets.get(k);
            BigDecimal want = t == null ? BigDecimal.ZERO.setScale(2) : t.amount();
            BigDecimal have = booked.getOrDefault(k, BigDecimal.ZERO.setScale(2));
            BigDecimal diff = want.subtract(have);
            if (diff.signum() == 0) {
                continue;
            }
            String kind = want.signum() == 0 ? "reversal" : booked.containsKey(k) ? "adjustment" : "accrual";
            BigDecimal percent = t != null ? t.percent() : firstPercent.getOrDefault(k, BigDecimal.ZERO);
            BigDecimal base = t != null ? t.base() : BigDecimal.ZERO.setScale(2);
            db.insertInto(COMMISSION_ENTRY)
                    .set(COMMISSION_ENTRY.REQUEST_ID, requestId)
                    .set(COMMISSION_ENTRY.REGISTRATION_NUMBER, request.value1())
                    .set(COMMISSION_ENTRY.AGENT_ID, k.agentId())
                    .set(COMMISSION_ENTRY.TIER, (short) k.level())
                    .set(COMMISSION_ENTRY.KIND, kind)
                    .set(COMMISSION_ENTRY.PERCENT, percent)
                    .set(COMMISSION_ENTRY.BASE, base)
                    .set(COMMISSION_ENTRY.AMOUNT, diff)
                    .set(COMMISSION_ENTRY.CURRENCY, currency)
                    .set(COMMISSION_ENTRY.BOOKED_AT, now)
                    .set(COMMISSION_ENTRY.NOTE, why.length() > 300 ? why.substring(0, 300) : why)
                    .execute();
        }
    }

    /** What each level should have: percent of the base (the lines of services counting toward commission). */
    private Map<Key, Target> targets(long requestId, Map<Key, BigDecimal> firstPercent) {
        Long agentId = db.select(AGENT_REQUEST.AGENT_ID).from(AGENT_REQUEST).where(AGENT_REQUEST.REQUEST_ID.eq(requestId))
                .fetchOne(AGENT_REQUEST.AGENT_ID);
        if (agentId == null) {
            return Map.of();
        }
        BigDecimal base = db.select(DSL.coalesce(DSL.sum(SERVICE_REQUEST_ITEM.LINE_TOTAL), BigDecimal.ZERO))
                .from(SERVICE_REQUEST_ITEM).join(COMMISSION_SERVICE).on(COMMISSION_SERVICE.SERVICE_TYPE_ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).fetchSingle().value1().setScale(2, RoundingMode.HALF_UP);
        Map<Integer, BigDecimal> percents = new LinkedHashMap<>();
        db.selectFrom(COMMISSION_LEVEL).orderBy(COMMISSION_LEVEL.TIER).forEach(l -> percents.put(l.getTier().intValue(), l.getPercent()));
        Map<Key, Target> out = new LinkedHashMap<>();
        List<Long> chain = chain(agentId);
        for (int level = 1; level <= Math.min(3, chain.size()); level++) {
            Key k = new Key(chain.get(level - 1), level);
            BigDecimal percent = firstPercent.getOrDefault(k, percents.getOrDefault(level, BigDecimal.ZERO));
            BigDecimal amount = base.multiply(percent).divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
            if (amount.signum() > 0) {
                out.put(k, new Target(percent, base, amount));
            }
        }
        return out;
    }

    /** The agent and those above them, nearest first (at most three; a loop in the data stops the walk). */
    List<Long> chain(long agentId) {
        List<Long> chain = new ArrayList<>();
        @Nullable Long at = agentId;
        while (at != null && chain.size() < 3 && !chain.contains(at)) {
            chain.add(at);
            at = db.select(AGENT.PARENT_ID).from(AGENT).where(AGENT.ID.eq(at)).fetchOne(AGENT.PARENT_ID);
        }
        return chain;
    }
}
