package org.fieldplan.api.document;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A document of a request as the API shows it; {@code pdf} is where to download it. */
public record DocumentView(long id, String kind, int number, String state, List<Line> lines, BigDecimal total,
                           boolean from, String currency, @Nullable String conditions, @Nullable LocalDate validUntil,
                           OffsetDateTime issuedAt, String issuedBy, @Nullable OffsetDateTime decidedAt,
                           @Nullable String decidedBy, String pdf) {

    /** One line as it was when the document was issued. */
    public record Line(String serviceTypeCode, String serviceTypeName, String unit, int quantity, BigDecimal unitPrice,
                       BigDecimal lineTotal, boolean from, boolean extra, List<String> modifiers) {}
}
