package org.fieldplan.api.price;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.price.PriceModifier.Effect;
import org.fieldplan.api.price.PriceModifier.Method;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The combining rule of docs/prices.md, case by case. */
class PriceRulesTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 7);
    static final PriceRules.Context NORTH_VERIFICATION = new PriceRules.Context(1L, "Sliema", "verification", DAY);

    static PriceModifier m(long id, Effect effect, Method method, String amount, @Nullable Long zone, @Nullable String city,
                           @Nullable String type) {
        return new PriceModifier(id, "m" + id, effect, method, new BigDecimal(amount), zone, zone == null ? null : "Sliema",
                city, type, null, null, true);
    }

    static PriceModifier period(PriceModifier m, @Nullable LocalDate from, @Nullable LocalDate to) {
        return new PriceModifier(m.id(), m.name(), m.effect(), m.method(), m.amount(), m.zoneId(), m.zoneCity(), m.city(),
                m.requestType(), from, to, m.active());
    }

    @Test
    void aModifierAppliesOnlyInsideItsPeriodAndScope() {
        PriceModifier zoneDiscount = m(1, Effect.DISCOUNT, Method.PERCENT, "10", 1L, null, null);
        assertThat(PriceRules.select(List.of(zoneDiscount), NORTH_VERIFICATION)).containsExactly(zoneDiscount);
        assertThat(PriceRules.select(List.of(period(zoneDiscount, DAY.plusDays(1), null)), NORTH_VERIFICATION)).isEmpty();
        assertThat(PriceRules.select(List.of(period(zoneDiscount, null, DAY.minusDays(1))), NORTH_VERIFICATION)).isEmpty();
        assertThat(PriceRules.select(List.of(period(zoneDiscount, DAY, DAY)), NORTH_VERIFICATION)).hasSize(1);
        assertThat(PriceRules.select(List.of(m(2, Effect.DISCOUNT, Method.PERCENT, "10", 2L, null, null)), NORTH_VERIFICATION)).isEmpty();
        assertThat(PriceRules.select(List.of(m(3, Effect.MARKUP, Method.PERCENT, "10", null, "Valletta", null)), NORTH_VERIFICATION)).isEmpty();
        assertThat(PriceRules.select(List.of(m(4, Effect.MARKUP, Method.PERCENT, "10", null, null, "installation")), NORTH_VERIFICATION)).isEmpty();
    }

    @Test
    void theMostSpecificReplacesWhatItCovers() {
        PriceModifier companyWide = m(1, Effect.MARKUP, Method.PERCENT, "5", null, null, null);
        PriceModifier city = m(2, Effect.DISCOUNT, Method.PERCENT, "10", null, "Sliema", null);
        PriceModifier zone = m(3, Effect.DISCOUNT, Method.PERCENT, "20", 1L, null, null);
        PriceModifier zoneAndType = m(4, Effect.DISCOUNT, Method.AMOUNT, "7", 1L, null, "verification");
        assertThat(PriceRules.select(List.of(companyWide, city, zone, zoneAndType), NORTH_VERIFICATION)).containsExactly(zoneAndType);
        // a zone implies its city: the zone's modifier covers the city's
        assertThat(PriceRules.select(List.of(companyWide, city, zone), NORTH_VERIFICATION)).containsExactly(zone);
    }

    @Test
    void differentScopesStackPercentsMultiplyThenAmountsAdd() {
        PriceModifier zoneDiscount = m(1, Effect.DISCOUNT, Method.PERCENT, "10", 1L, null, null);
        PriceModifier typeMarkup = m(2, Effect.MARKUP, Method.PERCENT, "20", null, null, "verification");
        PriceModifier typeCityFee = m(3, Effect.MARKUP, Method.AMOUNT, "2.50", null, "Sliema", "verification");
        List<PriceModifier> chosen = PriceRules.select(List.of(typeCityFee, typeMarkup, zoneDiscount), NORTH_VERIFICATION);
        // typeCityFee covers typeMarkup (type + city vs type); the zone discount is incomparable with both
        assertThat(chosen).containsExactly(zoneDiscount, typeCityFee);
        // 40.00 x 0.9 = 36.00, + 2.50 = 38.50
        assertThat(PriceRules.unitPrice(new BigDecimal("40.00"), chosen)).isEqualByComparingTo("38.50");

        List<PriceModifier> two = PriceRules.select(List.of(typeMarkup, zoneDiscount), NORTH_VERIFICATION);
        assertThat(two).containsExactly(zoneDiscount, typeMarkup);
        // 33.33 x 0.9 x 1.2 = 35.9964 -> 36.00 (rounded once, half up)
        assertThat(PriceRules.unitPrice(new BigDecimal("33.33"), two)).isEqualByComparingTo("36.00");
    }

    @Test
    void aPriceNeverFallsBelowZero() {
        PriceModifier big = m(1, Effect.DISCOUNT, Method.AMOUNT, "100", 1L, null, null);
        assertThat(PriceRules.unitPrice(new BigDecimal("30.00"), List.of(big))).isEqualByComparingTo("0.00");
        PriceModifier all = m(2, Effect.DISCOUNT, Method.PERCENT, "100", 1L, null, null);
        assertThat(PriceRules.unitPrice(new BigDecimal("30.00"), List.of(all))).isEqualByComparingTo("0.00");
    }

    @Test
    void theSameScopeInOverlappingPeriodsConflictsOtherwiseNot() {
        PriceModifier winter = period(m(1, Effect.DISCOUNT, Method.PERCENT, "10", 1L, null, null), LocalDate.of(2026, 12, 1), LocalDate.of(2027, 2, 28));
        PriceModifier january = period(m(2, Effect.MARKUP, Method.AMOUNT, "5", 1L, null, null), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 1, 31));
        PriceModifier spring = period(m(3, Effect.DISCOUNT, Method.PERCENT, "5", 1L, null, null), LocalDate.of(2027, 3, 1), null);
        PriceModifier zoneAndType = m(4, Effect.DISCOUNT, Method.PERCENT, "15", 1L, null, "verification");
        PriceModifier cityOfTheZone = m(5, Effect.DISCOUNT, Method.PERCENT, "15", null, "Sliema", null);
        List<PriceModifier> existing = List.of(winter, spring, zoneAndType, cityOfTheZone);
        assertThat(PriceRules.conflicts(january, existing)).containsExactly(winter);
        assertThat(PriceRules.conflicts(period(january, LocalDate.of(2027, 2, 28), null), existing)).containsExactly(winter, spring);
        // a more specific scope is ordered by rule 2: no conflict
        assertThat(PriceRules.conflicts(m(6, Effect.MARKUP, Method.PERCENT, "3", 1L, null, "installation"), existing)).isEmpty();
        // an inactive one is never in the way
        PriceModifier inactive = new PriceModifier(7, "off", Effect.MARKUP, Method.PERCENT, BigDecimal.ONE, 1L, "Sliema", null, null, null, null, false);
        assertThat(PriceRules.conflicts(inactive, existing)).isEmpty();
    }

    @Test
    void amountsAreFormattedPerLocale() {
        assertThat(Money.format(new BigDecimal("1234.5"), "EUR", "en")).isEqualTo("€1,234.50");
        assertThat(Money.format(new BigDecimal("1234.5"), "EUR", "ru")).isEqualTo("1 234,50 €");
        assertThat(Money.total(new BigDecimal("40"), true, "EUR", "ru")).isEqualTo("от 40,00 €");
        assertThat(Money.total(new BigDecimal("40"), true, "RUB", "ru")).startsWith("от 40,00 ");
    }
}
