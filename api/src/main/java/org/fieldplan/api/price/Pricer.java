package org.fieldplan.api.price;

import static org.fieldplan.api.persistence.jooq.Tables.EXTRA_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.PRICE_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes the price of a set of services for a zone on a day, by {@link PriceRules}: the one place a price is
 * computed. Intake, quotes, confirmed edits and the preview all ask it; nothing trusts a price sent by a client.
 */
@Service
public class Pricer {

    private final DSLContext db;
    private final PriceProperties properties;

    Pricer(DSLContext db, PriceProperties properties) {
        this.db = db;
        this.properties = properties;
    }

    /** A service asked for: the already resolved service type, its quantity, whether it came as an extra. */
    public record Ask(ServiceTypeRecord type, int quantity, boolean extra) {}

    public String currency() {
        return properties.currency();
    }

    /**
     * The extra services offered for {@code zoneId} and/or {@code managementCompany}, minus those whose code is in
     * {@code declined} and those already asked for: each added with its configured quantity, flagged extra.
     */
    @Transactional(readOnly = true)
    public List<Ask> extras(@Nullable Long zoneId, @Nullable String managementCompany, Set<String> declined, Set<Long> alreadyAsked) {
        Condition where = DSL.falseCondition();
        if (zoneId != null) {
            where = where.or(EXTRA_SERVICE.ZONE_ID.eq(zoneId).and(EXTRA_SERVICE.MANAGEMENT_COMPANY.isNull()));
        }
        if (managementCompany != null && !managementCompany.isBlank()) {
            Condition mc = DSL.lower(EXTRA_SERVICE.MANAGEMENT_COMPANY).eq(managementCompany.strip().toLowerCase());
            where = where.or(mc.and(EXTRA_SERVICE.ZONE_ID.isNull()));
            if (zoneId != null) {
                where = where.or(mc.and(EXTRA_SERVICE.ZONE_ID.eq(zoneId)));
            }
        }
        Map<Long, Ask> out = new LinkedHashMap<>();
        db.select(SERVICE_TYPE.fields()).select(EXTRA_SERVICE.QUANTITY).from(EXTRA_SERVICE)
                .join(SERVICE_TYPE).on(SERVICE_TYPE.ID.eq(EXTRA_SERVICE.SERVICE_TYPE_ID))
                .where(where).and(SERVICE_TYPE.ACTIVE.isTrue()).orderBy(EXTRA_SERVICE.ID)
                .forEach(r -> {
                    ServiceTypeRecord type = r.into(SERVICE_TYPE);
                    if (!declined.contains(type.getCode()) && !alreadyAsked.contains(type.getId())) {
                        out.putIfAbsent(type.getId(), new Ask(type, r.get(EXTRA_SERVICE.QUANTITY), true));
                    }
                });
        return new ArrayList<>(out.values());
    }

    /** Prices {@code asks} for a request in {@code zoneId} (null: outside every zone) on {@code day}. */
    @Transactional(readOnly = true)
    public PriceQuote price(@Nullable Long zoneId, List<Ask> asks, LocalDate day) {
        String city = zoneId == null ? null : db.select(ZONE.CITY).from(ZONE).where(ZONE.ID.eq(zoneId)).fetchOne(ZONE.CITY);
        List<PriceModifier> modifiers = modifiers(PRICE_MODIFIER.ACTIVE.isTrue());
        String requestType = requestType(asks);
        List<PriceQuote.Line> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO.setScale(2);
        boolean from = false;
        for (Ask ask : asks) {
            ServiceTypeRecord type = ask.type();
            PriceRules.Context context = new PriceRules.Context(zoneId, city, type.getRequestType(), day);
            List<PriceModifier> chosen = PriceRules.select(modifiers, context);
            BigDecimal unit = PriceRules.unitPrice(type.getBasePrice(), chosen);
            BigDecimal lineTotal = unit.multiply(BigDecimal.valueOf(ask.quantity())).setScale(2);
            lines.add(new PriceQuote.Line(type.getId(), type.getCode(), type.getName(), type.getUnit(), ask.quantity(),
                    type.getBasePrice().setScale(2), unit, lineTotal, type.getPriceIsFrom(), ask.extra(),
                    chosen.stream().map(m -> new PriceQuote.Applied(m.id(), m.name(), m.effect().code(), m.method().code(),
                            m.amount())).toList()));
            total = total.add(lineTotal);
            from |= type.getPriceIsFrom();
        }
        return new PriceQuote(lines, total, from, properties.currency(), requestType, zoneId);
    }

    /** The request type of a set of services: the type with the lowest rank among theirs ("other" when none). */
    String requestType(List<Ask> asks) {
        if (asks.isEmpty()) {
            return "other";
        }
        Set<String> types = new java.util.HashSet<>();
        asks.forEach(a -> types.add(a.type().getRequestType()));
        String best = db.select(REQUEST_TYPE.CODE).from(REQUEST_TYPE).where(REQUEST_TYPE.CODE.in(types))
                .orderBy(REQUEST_TYPE.RANK, REQUEST_TYPE.CODE).limit(1).fetchOne(REQUEST_TYPE.CODE);
        return best == null ? "other" : best;
    }

    List<PriceModifier> modifiers(Condition where) {
        return db.select(PRICE_MODIFIER.fields()).select(ZONE.CITY).from(PRICE_MODIFIER)
                .leftJoin(ZONE).on(ZONE.ID.eq(PRICE_MODIFIER.ZONE_ID))
                .where(where).orderBy(PRICE_MODIFIER.ID)
                .fetch(r -> new PriceModifier(r.get(PRICE_MODIFIER.ID), r.get(PRICE_MODIFIER.NAME),
                        PriceModifier.Effect.parse(r.get(PRICE_MODIFIER.EFFECT)), PriceModifier.Method.parse(r.get(PRICE_MODIFIER.METHOD)),
                        r.get(PRICE_MODIFIER.AMOUNT), r.get(PRICE_MODIFIER.ZONE_ID), r.get(ZONE.CITY), r.get(PRICE_MODIFIER.CITY),
                        r.get(PRICE_MODIFIER.REQUEST_TYPE), r.get(PRICE_MODIFIER.VALID_FROM), r.get(PRICE_MODIFIER.VALID_TO),
                        r.get(PRICE_MODIFIER.ACTIVE)));
    }
}
