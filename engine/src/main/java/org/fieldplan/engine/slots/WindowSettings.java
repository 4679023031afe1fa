package org.fieldplan.engine.slots;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.fieldplan.engine.domain.Zone;
import org.jspecify.annotations.Nullable;

/**
 * Which windows are offered: a date range (both ends included) and the daily windows, with optional
 * overrides per service type (by code) and per zone (by id). A service override wins over a zone override,
 * which wins over the defaults; with several overridden zones the one with the smallest id wins.
 *
 * @param from           first day offered
 * @param to             last day offered (inclusive)
 * @param defaults       daily windows when no override applies, e.g. {@link DailyWindow#evenly}
 * @param byZoneId       daily windows for visits in a zone, keyed by zone id
 * @param byServiceCode  daily windows for a service type, keyed by its code
 */
public record WindowSettings(LocalDate from, LocalDate to, List<DailyWindow> defaults,
        Map<String, List<DailyWindow>> byZoneId, Map<String, List<DailyWindow>> byServiceCode) {

    /** At most this many days per query: a year. */
    public static final int MAX_DAYS = 366;

    public WindowSettings {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("The window date range ends (" + to + ") before it starts (" + from
                    + "); swap the dates.");
        }
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new IllegalArgumentException("The window date range " + from + ".." + to + " is longer than "
                    + MAX_DAYS + " days; ask for a shorter range.");
        }
        defaults = sorted("defaults", defaults);
        byZoneId = copy("byZoneId", byZoneId);
        byServiceCode = copy("byServiceCode", byServiceCode);
    }

    /** The same daily windows for every zone and service. */
    public static WindowSettings of(LocalDate from, LocalDate to, List<DailyWindow> windows) {
        return new WindowSettings(from, to, windows, Map.of(), Map.of());
    }

    /** The daily windows for a visit of service {@code serviceCode} (may be null) in {@code zones}. */
    public List<DailyWindow> windowsFor(@Nullable String serviceCode, java.util.Set<Zone> zones) {
        if (serviceCode != null) {
            List<DailyWindow> byService = byServiceCode.get(serviceCode);
            if (byService != null) {
                return byService;
            }
        }
        String bestZone = null;
        for (Zone zone : zones) {
            if (byZoneId.containsKey(zone.id()) && (bestZone == null || zone.id().compareTo(bestZone) < 0)) {
                bestZone = zone.id();
            }
        }
        if (bestZone != null) {
            return byZoneId.get(bestZone);
        }
        return defaults;
    }

    /** The number of days in the range. */
    public int dayCount() {
        return (int) (to.toEpochDay() - from.toEpochDay() + 1);
    }

    private static Map<String, List<DailyWindow>> copy(String field, Map<String, List<DailyWindow>> map) {
        Map<String, List<DailyWindow>> out = new java.util.HashMap<>();
        for (Map.Entry<String, List<DailyWindow>> e : map.entrySet()) {
            out.put(e.getKey(), sorted(field + "[" + e.getKey() + "]", e.getValue()));
        }
        return Map.copyOf(out);
    }

    private static List<DailyWindow> sorted(String field, List<DailyWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("WindowSettings." + field + " has no window; give at least one,"
                    + " e.g. DailyWindow.evenly(08:00, 20:00, PT2H).");
        }
        List<DailyWindow> list = new ArrayList<>(windows);
        list.sort(Comparator.comparing(DailyWindow::start).thenComparing(DailyWindow::end));
        return List.copyOf(list);
    }
}
