package org.fieldplan.api.booking;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The public booking API's messages. */
final class BookingMessages {

    private BookingMessages() {}

    record ServiceOffer(String code, String name, int durationMinutes, BigDecimal price, boolean priceIsFrom) {}

    /** A suggestion: the label to show, the point, and its parts; {@code exact} when the point is the door itself. */
    record AddressSuggestion(String label, double lat, double lon, String street, @Nullable String houseNumber,
            String locality, boolean exact) {}

    record ZoneRef(long id, String name) {}

    /** A window: available ones carry rank and added travel, unavailable ones the reason. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Window(String start, String end, boolean available, @Nullable Integer rank,
            @Nullable Integer addedTravelMinutes, @Nullable String reasonCode, @Nullable String reason) {}

    record Day(LocalDate date, List<Window> windows) {}

    record Slot(LocalDate date, String start, String end) {}

    record Windows(@Nullable ZoneRef zone, String service, LocalDate from, LocalDate to, List<Day> days,
            @Nullable Slot nearestFree, @Nullable String message, String lang) {}

    record HoldInput(@Nullable Double lat, @Nullable Double lon, @Nullable String addressLine, @Nullable String service,
            @Nullable Integer quantity, @Nullable LocalDate date, @Nullable String start, @Nullable List<MoreService> moreServices) {}

    /** A held window; {@code secondsLeft} lets a page count down without trusting its own clock. */
    record Hold(UUID holdId, OffsetDateTime expiresAt, long secondsLeft, LocalDate date, String start, String end) {}

    record Contact(@Nullable String name, @Nullable String phone, @Nullable String email) {}

    record BookingInput(@Nullable UUID holdId, @Nullable Double lat, @Nullable Double lon, @Nullable String addressLine,
            @Nullable String service, @Nullable Integer quantity, @Nullable LocalDate date, @Nullable String start,
            @Nullable Contact contact, @Nullable String comment, @Nullable String lang, @Nullable List<MoreService> moreServices,
            @Nullable List<String> declinedExtras) {}

    /**
     * A further service of the same visit (issue 16: one booking holds several services with quantities). The window is
     * searched and held for the first service ({@code service}, {@code quantity}); further lines are priced by the server
     * with the first and stored on the request.
     */
    record MoreService(@Nullable String service, @Nullable Integer quantity) {}

    record Booked(String registrationNumber, long requestId, LocalDate date, String start, String end) {}
}
