package org.fieldplan.api.booking;

import java.net.URI;
import java.time.LocalDate;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/desk/requests/{id}/booking}: the desk books a registered request into a free window. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class DeskBookingController {

    /** A window as the window search offers it: its day and start (HH:MM, company time). */
    record WindowChoice(@Nullable LocalDate date, @Nullable String start) {}

    private final DeskBookings bookings;

    DeskBookingController(DeskBookings bookings) {
        this.bookings = bookings;
    }

    @Operation(summary = "Book a registered request into a free window (desk)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: requests of their zones (404 for others).")
    @PostMapping("/api/desk/requests/{id}/booking")
    ResponseEntity<ServiceRequestView> book(@PathVariable long id, @RequestBody WindowChoice choice,
            @RequestParam(required = false) @Nullable String lang) {
        ServiceRequestView view = bookings.book(id, choice.date(), choice.start(), lang, CurrentUser.fromContext());
        return ResponseEntity.created(URI.create("/api/requests/" + id)).eTag("\"" + view.version() + "\"").body(view);
    }
}
