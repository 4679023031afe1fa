package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/** A stored price modifier; {@code scope} in words ("zone 3, city Valletta" or "company-wide"). */
public record ModifierView(long id, String name, String effect, String method, BigDecimal amount, @Nullable Long zoneId,
                           @Nullable String city, @Nullable String requestType, @Nullable LocalDate validFrom,
                           @Nullable LocalDate validTo, boolean active, String scope, int version) {}
