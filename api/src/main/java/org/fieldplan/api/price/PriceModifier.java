package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A markup or a discount, in percent or as an amount per unit, for a zone, a city and/or a request type (each
 * optional), valid from .. to (inclusive; null = open). {@code zoneCity} is the city of {@code zoneId} (a zone lies in
 * one city, so a zone condition implies its city), null without a zone.
 */
public record PriceModifier(long id, String name, Effect effect, Method method, BigDecimal amount,
                            @Nullable Long zoneId, @Nullable String zoneCity, @Nullable String city,
                            @Nullable String requestType, @Nullable LocalDate validFrom, @Nullable LocalDate validTo,
                            boolean active) {

    public enum Effect {
        MARKUP, DISCOUNT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Effect parse(String code) {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        }
    }

    public enum Method {
        PERCENT, AMOUNT;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Method parse(String code) {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        }
    }

    /** The city the modifier is bound to: its own, or its zone's. */
    @Nullable String effectiveCity() {
        return city != null ? city : zoneCity;
    }

    /** "zone 3, city Valletta, type verification" or "company-wide". */
    String scopeText() {
        StringBuilder s = new StringBuilder();
        if (zoneId != null) {
            s.append("zone ").append(zoneId);
        }
        if (effectiveCity() != null) {
            s.append(s.isEmpty() ? "" : ", ").append("city ").append(effectiveCity());
        }
        if (requestType != null) {
            s.append(s.isEmpty() ? "" : ", ").append("request type ").append(requestType);
        }
        return s.isEmpty() ? "company-wide" : s.toString();
    }

    String periodText() {
        return (validFrom == null ? "always" : validFrom.toString()) + ".." + (validTo == null ? "open" : validTo.toString());
    }
}
