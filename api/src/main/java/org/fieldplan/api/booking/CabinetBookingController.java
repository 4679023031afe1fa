package org.fieldplan.api.booking;

import java.net.URI;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.fieldplan.api.booking.BookingMessages.BookingInput;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cabinet's bookings: a new request into a free window for the customer's own organisation, and moving a scheduled
 * visit to another free window. The windows come from the public window search ({@code GET /api/public/windows}).
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
@CallableBy(value = Role.CUSTOMER, scope = "Customers: for their own organisation; another customer's request is 404.")
class CabinetBookingController {

    /** A window as the window search offers it: its day and start (HH:MM, company time). */
    record WindowChoice(@Nullable LocalDate date, @Nullable String start) {}

    private final Bookings bookings;
    private final CabinetBookings cabinet;
    private final BookingMetrics metrics;

    CabinetBookingController(Bookings bookings, CabinetBookings cabinet, BookingMetrics metrics) {
        this.bookings = bookings;
        this.cabinet = cabinet;
        this.metrics = metrics;
    }

    /** The public booking's body without the contact (the organisation is the caller's); 201, or 200 for a repeated key. */
    @Operation(summary = "Book a new request into a free window for my organisation (Idempotency-Key)")
    @PostMapping("/api/cabinet/bookings")
    ResponseEntity<Booked> book(@RequestBody BookingInput input,
            @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key) {
        CurrentUser caller = CurrentUser.fromContext();
        Bookings.BookingResult result = metrics.bookings.record(() -> bookings.bookForCustomer(input, key, caller));
        if (result.replayed()) {
            return ResponseEntity.ok(result.booked());
        }
        return ResponseEntity.created(URI.create("/api/cabinet/requests/" + result.booked().requestId())).body(result.booked());
    }

    @Operation(summary = "Move my scheduled visit to another free window (until the cabinet's change limit before it)")
    @PostMapping("/api/cabinet/requests/{id}/reschedule")
    CabinetBookings.Moved reschedule(@PathVariable long id, @RequestBody WindowChoice choice,
            @RequestParam(required = false) @Nullable String lang) {
        return cabinet.reschedule(id, choice.date(), choice.start(), lang, CurrentUser.fromContext());
    }
}
