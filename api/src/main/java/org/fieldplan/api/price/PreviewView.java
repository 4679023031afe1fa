package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A price preview: the lines asked for and, separately, the extra services added automatically (removable with
 * {@code declinedExtras}), the total ("from" when any line's price is), formatted for the language asked.
 */
public record PreviewView(@Nullable Long zoneId, String requestType, String requestTypeName, String currency,
                          List<LineView> lines, List<LineView> extras, BigDecimal total, boolean from, String totalText) {

    public record LineView(long serviceTypeId, String serviceTypeCode, String serviceTypeName, String unit, int quantity,
                           BigDecimal listPrice, BigDecimal unitPrice, BigDecimal lineTotal, boolean from, boolean extra,
                           List<PriceQuote.Applied> modifiers, String unitPriceText, String lineTotalText) {}

    static PreviewView of(PriceQuote q, String requestTypeName, @Nullable String lang) {
        List<LineView> lines = q.lines().stream().filter(l -> !l.extra()).map(l -> line(l, q.currency(), lang)).toList();
        List<LineView> extras = q.lines().stream().filter(PriceQuote.Line::extra).map(l -> line(l, q.currency(), lang)).toList();
        return new PreviewView(q.zoneId(), q.requestType(), requestTypeName, q.currency(), lines, extras, q.total(), q.from(),
                Money.total(q.total(), q.from(), q.currency(), lang));
    }

    private static LineView line(PriceQuote.Line l, String currency, @Nullable String lang) {
        return new LineView(l.serviceTypeId(), l.serviceTypeCode(), l.serviceTypeName(), l.unit(), l.quantity(), l.listPrice(),
                l.unitPrice(), l.lineTotal(), l.from(), l.extra(), l.modifiers(), Money.total(l.unitPrice(), l.from(), currency, lang),
                Money.total(l.lineTotal(), l.from(), currency, lang));
    }
}
