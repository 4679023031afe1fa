package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one rule that combines price modifiers (docs/prices.md, "The combining rule"):
 * <ol>
 * <li><b>Which apply.</b> A modifier applies to a line when it is active, the pricing day lies in its period
 * (inclusive) and every condition it sets matches the request: its zone, its city (a zone condition implies the zone's
 * city), the line's request type. A condition it does not set matches everything.</li>
 * <li><b>Most specific wins along a chain.</b> Modifier A is more specific than B when A sets every condition B sets,
 * with the same values, and at least one more. Of the applying modifiers, one that a more specific applying modifier
 * covers is dropped: a discount for "zone North, installations" replaces a discount for "zone North".</li>
 * <li><b>Different scopes stack.</b> The remaining modifiers (no one covers another, e.g. "zone North" and "request
 * type verification") all apply: percentages first, multiplied together (1 + p/100 for a markup, 1 - p/100 for a
 * discount), the unit price rounded half-up to cents once; then amounts are added (markup) or subtracted (discount)
 * per unit. A unit price never falls below zero. Order of application: percent before amount, then by id, so the
 * result is the same on every call.</li>
 * <li><b>What the rule cannot order is refused.</b> Two active modifiers with the same scope (the same conditions)
 * and overlapping periods would both be "the most specific": creating or changing one so is refused with 409 naming
 * the other.</li>
 * </ol>
 */
public final class PriceRules {

    private PriceRules() {}

    /** What a line is priced for: the request's zone and its city (null outside every zone), its type, the day. */
    public record Context(@Nullable Long zoneId, @Nullable String city, String requestType, LocalDate day) {}

    /** Rule 1: does {@code m} apply in {@code context}? */
    static boolean applies(PriceModifier m, Context context) {
        if (!m.active()) {
            return false;
        }
        if (m.validFrom() != null && context.day().isBefore(m.validFrom())) {
            return false;
        }
        if (m.validTo() != null && context.day().isAfter(m.validTo())) {
            return false;
        }
        if (m.zoneId() != null && !m.zoneId().equals(context.zoneId())) {
            return false;
        }
        if (m.effectiveCity() != null && !m.effectiveCity().equalsIgnoreCase(Objects.toString(context.city(), ""))) {
            return false;
        }
        return m.requestType() == null || m.requestType().equals(context.requestType());
    }

    /** Rule 2: does {@code a} set every condition {@code b} sets (same values) and at least one more? */
    static boolean moreSpecific(PriceModifier a, PriceModifier b) {
        if (!covers(a, b)) {
            return false;
        }
        return conditions(a) > conditions(b);
    }

    /** Rule 4: the same conditions (so neither is more specific). */
    static boolean sameScope(PriceModifier a, PriceModifier b) {
        return covers(a, b) && covers(b, a);
    }

    /** Rule 4: do the periods share a day? */
    static boolean periodsOverlap(PriceModifier a, PriceModifier b) {
        LocalDate aFrom = a.validFrom() == null ? LocalDate.MIN : a.validFrom();
        LocalDate aTo = a.validTo() == null ? LocalDate.MAX : a.validTo();
        LocalDate bFrom = b.validFrom() == null ? LocalDate.MIN : b.validFrom();
        LocalDate bTo = b.validTo() == null ? LocalDate.MAX : b.validTo();
        return !aFrom.isAfter(bTo) && !bFrom.isAfter(aTo);
    }

    /** Rule 4: the modifiers among {@code existing} that {@code candidate} cannot be ordered against. */
    public static List<PriceModifier> conflicts(PriceModifier candidate, List<PriceModifier> existing) {
        List<PriceModifier> out = new ArrayList<>();
        if (!candidate.active()) {
            return out;
        }
        for (PriceModifier other : existing) {
            if (other.id() != candidate.id() && other.active() && sameScope(candidate, other) && periodsOverlap(candidate, other)) {
                out.add(other);
            }
        }
        return out;
    }

    /** Rules 1 and 2: the modifiers that apply to a line, in the order they are applied (rule 3). */
    public static List<PriceModifier> select(List<PriceModifier> all, Context context) {
        List<PriceModifier> applying = all.stream().filter(m -> applies(m, context)).toList();
        List<PriceModifier> chosen = new ArrayList<>();
        for (PriceModifier m : applying) {
            boolean covered = applying.stream().anyMatch(other -> other != m && moreSpecific(other, m));
            if (!covered) {
                chosen.add(m);
            }
        }
        chosen.sort(Comparator.comparing((PriceModifier m) -> m.method() == PriceModifier.Method.PERCENT ? 0 : 1)
                .thenComparingLong(PriceModifier::id));
        return chosen;
    }

    /** Rule 3: the unit price after {@code chosen} (already in order), rounded to cents, never below zero. */
    public static BigDecimal unitPrice(BigDecimal listPrice, List<PriceModifier> chosen) {
        BigDecimal factor = BigDecimal.ONE;
        for (PriceModifier m : chosen) {
            if (m.method() == PriceModifier.Method.PERCENT) {
                BigDecimal part = m.amount().movePointLeft(2);
                factor = factor.multiply(m.effect() == PriceModifier.Effect.MARKUP ? BigDecimal.ONE.add(part) : BigDecimal.ONE.subtract(part));
            }
        }
        BigDecimal price = listPrice.multiply(factor).setScale(2, RoundingMode.HALF_UP);
        for (PriceModifier m : chosen) {
            if (m.method() == PriceModifier.Method.AMOUNT) {
                price = m.effect() == PriceModifier.Effect.MARKUP ? price.add(m.amount()) : price.subtract(m.amount());
            }
        }
        return price.signum() < 0 ? BigDecimal.ZERO.setScale(2) : price.setScale(2, RoundingMode.HALF_UP);
    }

    private static boolean covers(PriceModifier a, PriceModifier b) {
        if (b.zoneId() != null && !b.zoneId().equals(a.zoneId())) {
            return false;
        }
        if (b.effectiveCity() != null && (a.effectiveCity() == null || !b.effectiveCity().equalsIgnoreCase(a.effectiveCity()))) {
            return false;
        }
        return b.requestType() == null || b.requestType().equals(a.requestType());
    }

    private static int conditions(PriceModifier m) {
        return (m.zoneId() != null ? 1 : 0) + (m.effectiveCity() != null ? 1 : 0) + (m.requestType() != null ? 1 : 0);
    }
}
