package org.fieldplan.api.servicetype;

import java.math.BigDecimal;
import java.util.List;

/** A stored service type; {@code teamSize} technicians do it together ({@code teamSkills}: all or lead need the skills). */
public record ServiceTypeView(
        long id,
        String code,
        String name,
        int durationMinutes,
        List<String> requiredSkills,
        BigDecimal basePrice,
        boolean priceIsFrom,
        boolean countsForCommission,
        boolean active,
        List<Long> zoneIds,
        int version,
        int teamSize,
        String teamSkills) {}
