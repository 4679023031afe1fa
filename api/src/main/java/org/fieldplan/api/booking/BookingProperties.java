package org.fieldplan.api.booking;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldplan.engine.slots.DailyWindow;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Booking on the public site ({@code fieldplan.booking.*}).
 *
 * @param windows          the daily windows offered, "HH:MM-HH:MM"
 * @param windowsByZone    other windows for some zones, by zone id
 * @param windowsByService other windows for some service types, by code (wins over the zone's)
 * @param horizonDays      how many days ahead can be booked
 * @param firstDayOffset   the first bookable day: today plus this many days
 * @param hold             how long a chosen window is held while the customer types their details
 * @param spareSlots       how many window queries may run at once (matrix places kept for new addresses)
 */
@ConfigurationProperties("fieldplan.booking")
@Validated
public record BookingProperties(
        @DefaultValue({"08:00-10:00", "10:00-12:00", "12:00-14:00", "14:00-16:00", "16:00-18:00", "18:00-20:00"})
        @NotEmpty List<String> windows,
        @Nullable Map<String, List<String>> windowsByZone,
        @Nullable Map<String, List<String>> windowsByService,
        @DefaultValue("14") @Min(1) @Max(92) int horizonDays,
        @DefaultValue("1") @Min(0) int firstDayOffset,
        @DefaultValue("10m") @NotNull Duration hold,
        @DefaultValue("64") @Min(1) @Max(1024) int spareSlots) {

    public BookingProperties {
        parse("fieldplan.booking.windows", windows);
        if (windowsByZone != null) {
            windowsByZone.forEach((k, v) -> parse("fieldplan.booking.windows-by-zone." + k, v));
        }
        if (windowsByService != null) {
            windowsByService.forEach((k, v) -> parse("fieldplan.booking.windows-by-service." + k, v));
        }
    }

    List<DailyWindow> defaults() {
        return parse("fieldplan.booking.windows", windows);
    }

    Map<String, List<DailyWindow>> byZone() {
        Map<String, List<DailyWindow>> out = new HashMap<>();
        if (windowsByZone != null) {
            windowsByZone.forEach((k, v) -> out.put(k, parse("fieldplan.booking.windows-by-zone." + k, v)));
        }
        return out;
    }

    Map<String, List<DailyWindow>> byService() {
        Map<String, List<DailyWindow>> out = new HashMap<>();
        if (windowsByService != null) {
            windowsByService.forEach((k, v) -> out.put(k, parse("fieldplan.booking.windows-by-service." + k, v)));
        }
        return out;
    }

    static List<DailyWindow> parse(String key, List<String> texts) {
        List<DailyWindow> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i).strip();
            String[] parts = text.split("-");
            try {
                if (parts.length != 2) {
                    throw new IllegalArgumentException("not two times");
                }
                out.add(new DailyWindow(LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip())));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + "[" + i + "]: '" + text + "' is not a window like 08:00-10:00 ("
                        + e.getMessage() + ")", e);
            }
        }
        return out;
    }
}
