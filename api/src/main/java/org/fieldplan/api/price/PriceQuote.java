package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A computed price: the lines with the modifiers that applied, the total, "from" when any line's price is a "from"
 * price, the currency and the request type derived from the services.
 */
public record PriceQuote(List<Line> lines, BigDecimal total, boolean from, String currency, String requestType,
                         @Nullable Long zoneId) {

    /** One priced line. {@code extra}: offered by the zone or management company and added automatically. */
    public record Line(long serviceTypeId, String serviceTypeCode, String serviceTypeName, String unit, int quantity,
                       BigDecimal listPrice, BigDecimal unitPrice, BigDecimal lineTotal, boolean from, boolean extra,
                       List<Applied> modifiers) {}

    /** A modifier as it applied to a line, copied (so a later change of the modifier rewrites nothing). */
    public record Applied(@Nullable Long modifierId, String name, String effect, String method, BigDecimal amount) {}
}
