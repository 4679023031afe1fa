package org.fieldplan.api.price;

import static org.fieldplan.api.persistence.jooq.Tables.PRICE_MODIFIER;
import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_TYPE;
import static org.fieldplan.api.persistence.jooq.Tables.ZONE;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.persistence.jooq.tables.records.PriceModifierRecord;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The administrators' price modifiers: every bad field at once (400), a modifier the combining rule could not order
 * against an existing one (the same scope, overlapping periods: {@link PriceRules#conflicts}) refused with 409 naming
 * them. Writers queue on one transaction-scoped advisory lock, so two overlapping modifiers created at the same moment
 * cannot both pass the check.
 */
@Service
public class PriceModifiers {

    private static final long LOCK = 0x5052_4943_4553L; // "PRICES"

    private final DSLContext db;
    private final Pricer pricer;

    PriceModifiers(DSLContext db, Pricer pricer) {
        this.db = db;
        this.pricer = pricer;
    }

    @Transactional(readOnly = true)
    public List<ModifierView> list() {
        return pricer.modifiers(DSL.noCondition()).stream().map(m -> view(m, version(m.id()))).toList();
    }

    @Transactional(readOnly = true)
    public ModifierView get(long id) {
        List<PriceModifier> found = pricer.modifiers(PRICE_MODIFIER.ID.eq(id));
        if (found.isEmpty()) {
            throw new NotFoundException("price modifier", id);
        }
        return view(found.getFirst(), version(id));
    }

    @Transactional
    public ModifierView create(ModifierInput input) {
        PriceModifierRecord row = db.newRecord(PRICE_MODIFIER);
        fill(row, input, 0L);
        row.store();
        return get(row.getId());
    }

    @Transactional
    public ModifierView update(long id, @Nullable Integer expectedVersion, ModifierInput input) {
        PriceModifierRecord row = db.selectFrom(PRICE_MODIFIER).where(PRICE_MODIFIER.ID.eq(id)).forUpdate().fetchOne();
        if (row == null) {
            throw new NotFoundException("price modifier", id);
        }
        if (expectedVersion != null && expectedVersion != row.getVersion()) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "stale-version", "Changed meanwhile",
                    "Price modifier " + id + " is at version " + row.getVersion() + ", not " + expectedVersion
                            + "; read it again and repeat the change.", Map.of("currentVersion", row.getVersion()));
        }
        fill(row, input, id);
        row.setVersion(row.getVersion() + 1);
        row.store();
        return get(id);
    }

    @Transactional
    public void delete(long id) {
        if (db.deleteFrom(PRICE_MODIFIER).where(PRICE_MODIFIER.ID.eq(id)).execute() == 0) {
            throw new NotFoundException("price modifier", id);
        }
    }

    private void fill(PriceModifierRecord row, ModifierInput in, long id) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? null : in.name().strip();
        if (name == null || name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem("name", in.name(), "is required, at most 200 characters, e.g. \"Winter discount North\""));
        }
        PriceModifier.Effect effect = null;
        try {
            effect = in.effect() == null ? null : PriceModifier.Effect.parse(in.effect());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (effect == null) {
            problems.add(new FieldProblem("effect", in.effect(), "must be 'markup' or 'discount'"));
        }
        PriceModifier.Method method = null;
        try {
            method = in.method() == null ? null : PriceModifier.Method.parse(in.method());
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (method == null) {
            problems.add(new FieldProblem("method", in.method(), "must be 'percent' or 'amount' (per unit, in the company's currency)"));
        }
        BigDecimal amount = in.amount();
        if (amount == null || amount.signum() <= 0 || amount.scale() > 2 || amount.compareTo(new BigDecimal("9999999999")) > 0) {
            problems.add(new FieldProblem("amount", amount, "must be a positive number with at most 2 decimals"));
        } else if (effect == PriceModifier.Effect.DISCOUNT && method == PriceModifier.Method.PERCENT && amount.compareTo(BigDecimal.valueOf(100)) > 0) {
            problems.add(new FieldProblem("amount", amount, "a discount in percent is at most 100"));
        }
        String zoneCity = null;
        if (in.zoneId() != null) {
            zoneCity = db.select(ZONE.CITY).from(ZONE).where(ZONE.ID.eq(in.zoneId())).fetchOne(ZONE.CITY);
            if (zoneCity == null) {
                problems.add(new FieldProblem("zoneId", in.zoneId(), "names no zone"));
            }
        }
        String city = in.city() == null || in.city().isBlank() ? null : in.city().strip();
        if (city != null && city.length() > 200) {
            problems.add(new FieldProblem("city", city.substring(0, 40) + "...", "is longer than 200 characters"));
        } else if (city != null && zoneCity != null && !city.equalsIgnoreCase(zoneCity)) {
            problems.add(new FieldProblem("city", city, "contradicts the zone " + in.zoneId() + ", which lies in " + zoneCity
                    + "; leave the city out (a zone implies its city)"));
        }
        String requestType = in.requestType() == null || in.requestType().isBlank() ? null : in.requestType().strip();
        if (requestType != null && !db.fetchExists(REQUEST_TYPE, REQUEST_TYPE.CODE.eq(requestType))) {
            problems.add(new FieldProblem("requestType", requestType, "is not a request type; known: "
                    + db.select(REQUEST_TYPE.CODE).from(REQUEST_TYPE).orderBy(REQUEST_TYPE.RANK).fetch(REQUEST_TYPE.CODE)));
        }
        if (in.validFrom() != null && in.validTo() != null && in.validTo().isBefore(in.validFrom())) {
            problems.add(new FieldProblem("validTo", in.validTo().toString(), "is before validFrom (" + in.validFrom() + ")"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        boolean active = in.active() == null || in.active();
        PriceModifier candidate = new PriceModifier(id, name, effect, method, amount, in.zoneId(), zoneCity, city,
                requestType, in.validFrom(), in.validTo(), active);
        db.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
        List<PriceModifier> conflicts = PriceRules.conflicts(candidate, pricer.modifiers(PRICE_MODIFIER.ACTIVE.isTrue()));
        if (!conflicts.isEmpty()) {
            List<Map<String, Object>> named = conflicts.stream().map(c -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", c.id());
                m.put("name", c.name());
                m.put("scope", c.scopeText());
                m.put("period", c.periodText());
                return m;
            }).toList();
            throw new ApiException(HttpStatus.CONFLICT, "overlapping-price-modifiers", "Overlapping price modifiers",
                    "The modifier '" + name + "' (" + candidate.scopeText() + ", " + candidate.periodText()
                            + ") has the same scope as " + String.join(", ", conflicts.stream()
                            .map(c -> "'" + c.name() + "' (id " + c.id() + ", " + c.periodText() + ")").toList())
                            + " in an overlapping period, so the combining rule cannot tell which applies. Narrow the"
                            + " zone, city or request type, make the periods not overlap, or deactivate the other.",
                    Map.of("conflicts", named));
        }
        row.setName(name);
        row.setEffect(effect.code());
        row.setMethod(method.code());
        row.setAmount(amount);
        row.setZoneId(in.zoneId());
        row.setCity(city);
        row.setRequestType(requestType);
        row.setValidFrom(in.validFrom());
        row.setValidTo(in.validTo());
        row.setActive(active);
    }

    private int version(long id) {
        Integer v = db.select(PRICE_MODIFIER.VERSION).from(PRICE_MODIFIER).where(PRICE_MODIFIER.ID.eq(id)).fetchOne(PRICE_MODIFIER.VERSION);
        return v == null ? 0 : v;
    }

    private static ModifierView view(PriceModifier m, int version) {
        return new ModifierView(m.id(), m.name(), m.effect().code(), m.method().code(), m.amount(), m.zoneId(), m.city(),
                m.requestType(), m.validFrom(), m.validTo(), m.active(), m.scopeText(), version);
    }
}
