package org.fieldplan.api.security;

import io.swagger.v3.oas.annotations.Operation;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: who the caller is signed in as, for pages and clients. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class MeController {

    record Me(long id, String username, String role, @Nullable Long customerId, @Nullable Long technicianId) {
    }

    @Operation(summary = "Who am I: the signed-in user and role")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER})
    @GetMapping("/api/me")
    Me me() {
        CurrentUser user = CurrentUser.fromContext();
        return new Me(user.userId(), user.username(), user.role().code(), user.customerId(), user.technicianId());
    }
}
