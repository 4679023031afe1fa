package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.price.PriceQuote;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Writes the priced lines of a request (item rows with list price, unit price after the modifiers, line total, the
 * extra flag, and the modifiers that applied) and the request's total: the request feature's own writer for what
 * {@link org.fieldplan.api.price.Pricer} computed. Callers hold the request's row lock.
 */
@Component
class RequestPrices {

    private final DSLContext db;
    private final Pricer pricer;
    private final Clock clock;

    RequestPrices(DSLContext db, Pricer pricer, Clock clock) {
        this.db = db;
        this.pricer = pricer;
        this.clock = clock;
    }

    /**
     * Freezes the prices of a request being quoted: unless they are frozen already (a booking freezes them), its lines
     * are priced again by today's catalogue and modifiers (same services, quantities and extras) and stamped frozen.
     */
    void freeze(long requestId, @Nullable Long zoneId, OffsetDateTime now) {
        if (db.fetchExists(SERVICE_REQUEST, SERVICE_REQUEST.ID.eq(requestId), SERVICE_REQUEST.PRICES_FROZEN_AT.isNotNull())) {
            return;
        }
        List<Pricer.Ask> asks = db.select(SERVICE_TYPE.fields()).select(SERVICE_REQUEST_ITEM.QUANTITY, SERVICE_REQUEST_ITEM.EXTRA)
                .from(SERVICE_REQUEST_ITEM).join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).orderBy(SERVICE_REQUEST_ITEM.LINE)
                .fetch(r -> new Pricer.Ask(r.into(SERVICE_TYPE), r.get(SERVICE_REQUEST_ITEM.QUANTITY), r.get(SERVICE_REQUEST_ITEM.EXTRA)));
        replaceLines(requestId, pricer.price(zoneId, asks, now.atZoneSameInstant(clock.getZone()).toLocalDate()), now);
    }

    /** Replaces every line of the request with {@code quote}'s; {@code frozenAt} non-null freezes the prices. */
    void replaceLines(long requestId, PriceQuote quote, @Nullable OffsetDateTime frozenAt) {
        db.deleteFrom(SERVICE_REQUEST_ITEM).where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).execute();
        int line = 1;
        for (PriceQuote.Line l : quote.lines()) {
            insertLine(requestId, line++, l);
        }
        db.update(SERVICE_REQUEST)
                .set(SERVICE_REQUEST.REQUEST_TYPE, quote.requestType())
                .set(SERVICE_REQUEST.CURRENCY, quote.currency())
                .set(SERVICE_REQUEST.PRICES_FROZEN_AT, frozenAt)
                .where(SERVICE_REQUEST.ID.eq(requestId)).execute();
        recomputeTotal(requestId);
    }

    /** Adds one priced line at the end. */
    void insertLine(long requestId, int line, PriceQuote.Line l) {
        db.insertInto(SERVICE_REQUEST_ITEM)
                .set(SERVICE_REQUEST_ITEM.REQUEST_ID, requestId)
                .set(SERVICE_REQUEST_ITEM.LINE, line)
                .set(SERVICE_REQUEST_ITEM.SERVICE_TYPE_ID, l.serviceTypeId())
                .set(SERVICE_REQUEST_ITEM.QUANTITY, l.quantity())
                .set(SERVICE_REQUEST_ITEM.LIST_PRICE, l.listPrice())
                .set(SERVICE_REQUEST_ITEM.UNIT_PRICE, l.unitPrice())
                .set(SERVICE_REQUEST_ITEM.LINE_TOTAL, l.lineTotal())
                .set(SERVICE_REQUEST_ITEM.PRICE_IS_FROM, l.from())
                .set(SERVICE_REQUEST_ITEM.EXTRA, l.extra())
                .execute();
        int position = 1;
        for (PriceQuote.Applied m : l.modifiers()) {
            db.insertInto(SERVICE_REQUEST_ITEM_MODIFIER)
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.REQUEST_ID, requestId)
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.LINE, line)
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.POSITION, position++)
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.MODIFIER_ID, m.modifierId())
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.NAME, m.name())
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.EFFECT, m.effect())
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.METHOD, m.method())
                    .set(SERVICE_REQUEST_ITEM_MODIFIER.AMOUNT, m.amount())
                    .execute();
        }
    }

    /** The request's total and "from" flag from its lines (line total = unit price x quantity). */
    void recomputeTotal(long requestId) {
        db.update(SERVICE_REQUEST_ITEM)
                .set(SERVICE_REQUEST_ITEM.LINE_TOTAL, SERVICE_REQUEST_ITEM.UNIT_PRICE.mul(SERVICE_REQUEST_ITEM.QUANTITY))
                .where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).execute();
        var sums = db.select(DSL.coalesce(DSL.sum(SERVICE_REQUEST_ITEM.LINE_TOTAL), BigDecimal.ZERO),
                        DSL.coalesce(DSL.boolOr(SERVICE_REQUEST_ITEM.PRICE_IS_FROM), false))
                .from(SERVICE_REQUEST_ITEM).where(SERVICE_REQUEST_ITEM.REQUEST_ID.eq(requestId)).fetchSingle();
        db.update(SERVICE_REQUEST)
                .set(SERVICE_REQUEST.PRICE_TOTAL, sums.value1())
                .set(SERVICE_REQUEST.PRICE_IS_FROM, sums.value2())
                .where(SERVICE_REQUEST.ID.eq(requestId)).execute();
        RequestMilestones.refresh(db, requestId); // the price the reports sum
    }
}
