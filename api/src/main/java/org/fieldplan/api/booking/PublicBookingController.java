package org.fieldplan.api.booking;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.fieldplan.api.booking.BookingMessages.AddressSuggestion;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.fieldplan.api.booking.BookingMessages.BookingInput;
import org.fieldplan.api.booking.BookingMessages.Hold;
import org.fieldplan.api.booking.BookingMessages.HoldInput;
import org.fieldplan.api.booking.BookingMessages.ServiceOffer;
import org.fieldplan.api.booking.BookingMessages.Windows;
import org.fieldplan.api.limits.ClientAddress;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public booking API (anonymous): what the booking form on the site calls. */
@RestController
@RequestMapping("/api/public")
class PublicBookingController {

    private final BookingHorizon horizon;
    private final AddressSearch addresses;
    private final BookingWindows windows;
    private final BookingHolds holds;
    private final Bookings bookings;
    private final ClientAddress clients;
    private final BookingMetrics metrics;

    PublicBookingController(BookingHorizon horizon, AddressSearch addresses, BookingWindows windows, BookingHolds holds,
            Bookings bookings, ClientAddress clients, BookingMetrics metrics) {
        this.metrics = metrics;
        this.clients = clients;
        this.horizon = horizon;
        this.addresses = addresses;
        this.windows = windows;
        this.holds = holds;
        this.bookings = bookings;
    }

    @Operation(summary = "The services offered for booking")
    @CallableBy(anonymous = true)
    @GetMapping("/services")
    List<ServiceOffer> services() {
        return horizon.services().values().stream().filter(BookingHorizon.ServiceType::active)
                .map(t -> new ServiceOffer(t.code(), t.name(), t.durationSeconds() / 60, t.price(), t.priceIsFrom()))
                .toList();
    }

    @Operation(summary = "Search addresses for the booking form")
    @CallableBy(anonymous = true)
    @GetMapping("/addresses")
    List<AddressSuggestion> addresses(@RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "8") int limit) {
        return addresses.addresses(q, limit);
    }

    /** Every window of every day in the range for this address and service, best ones ranked. */
    @Operation(summary = "Free windows for an address and service")
    @CallableBy(anonymous = true)
    @GetMapping("/windows")
    Windows windows(@RequestParam(required = false) @Nullable Double lat,
            @RequestParam(required = false) @Nullable Double lon,
            @RequestParam(required = false) @Nullable String service,
            @RequestParam(required = false) @Nullable Integer quantity,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
            @RequestParam(required = false) @Nullable String lang,
            @RequestParam(required = false) @Nullable String also) {
        return metrics.windowQueries.record(() -> windows.windows(lat, lon, service, quantity, also, from, to, lang));
    }

    @Operation(summary = "Hold a window for a few minutes")
    @CallableBy(anonymous = true)
    @PostMapping("/holds")
    ResponseEntity<Hold> hold(@RequestBody HoldInput input, @RequestParam(required = false) @Nullable String lang,
            HttpServletRequest request) {
        Hold hold = holds.hold(input, lang, clients.of(request));
        return ResponseEntity.created(URI.create("/api/public/holds/" + hold.holdId())).body(hold);
    }

    @Operation(summary = "Release a held window")
    @CallableBy(anonymous = true)
    @DeleteMapping("/holds/{id}")
    ResponseEntity<Void> release(@PathVariable UUID id) {
        holds.release(id);
        return ResponseEntity.noContent().build();
    }

    /** 201 with the registration number; the same Idempotency-Key and body again: 200 with the same answer. */
    @Operation(summary = "Book a held window (Idempotency-Key)")
    @CallableBy(anonymous = true)
    @PostMapping("/bookings")
    ResponseEntity<Booked> book(@RequestBody BookingInput input,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
        Bookings.BookingResult result = metrics.bookings.record(() -> bookings.book(input, key));
        if (result.replayed()) {
            return ResponseEntity.ok(result.booked());
        }
        return ResponseEntity.created(URI.create("/api/requests/" + result.booked().requestId())).body(result.booked());
    }
}
