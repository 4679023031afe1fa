package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A price modifier as an administrator enters it. {@code effect}: markup or discount; {@code method}: percent or
 * amount (per unit, in the company's currency); zone, city and request type are each optional (none: company-wide);
 * {@code validFrom}/{@code validTo} inclusive days, open when left out.
 */
public record ModifierInput(@Nullable String name, @Nullable String effect, @Nullable String method,
                            @Nullable BigDecimal amount, @Nullable Long zoneId, @Nullable String city,
                            @Nullable String requestType, @Nullable LocalDate validFrom, @Nullable LocalDate validTo,
                            @Nullable Boolean active) {}
