package org.fieldplan.api.planning;

import java.time.LocalDate;
import java.util.Set;

/**
 * What to plan: the days {@code from..to} (both included) and the zones (empty = every zone).
 */
public record PlanScope(LocalDate from, LocalDate to, Set<Long> zoneIds) {

    public PlanScope {
        zoneIds = Set.copyOf(zoneIds);
    }

    /** One day, every zone. */
    public static PlanScope day(LocalDate day) {
        return new PlanScope(day, day, Set.of());
    }

    public boolean allZones() {
        return zoneIds.isEmpty();
    }

    public boolean covers(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
