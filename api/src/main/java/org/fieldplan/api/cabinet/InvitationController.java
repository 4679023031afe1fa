package org.fieldplan.api.cabinet;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.ZoneScope;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Staff invite a customer's contact person into the cabinet: an account of their own and a sign-in link. */
@RestController
class InvitationController {

    record InvitationInput(@Nullable String name, @Nullable String email, @Nullable String phone, @Nullable String lang) {}

    private final CustomerSignIn signIn;
    private final ZoneScope scope;

    InvitationController(CustomerSignIn signIn, ZoneScope scope) {
        this.signIn = signIn;
        this.scope = scope;
    }

    @Operation(summary = "Invite a contact person of a customer into the cabinet (sends a sign-in link)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: customers with a request or an address in their zones.")
    @PostMapping("/api/customers/{id}/invitations")
    ResponseEntity<CustomerSignIn.Invited> invite(@PathVariable long id, @RequestBody InvitationInput input) {
        CurrentUser user = CurrentUser.fromContext();
        scope.requireCustomer(user, id);
        CustomerSignIn.Invited invited = signIn.invite(id, input.name(), input.email(), input.phone(), input.lang(), user);
        return ResponseEntity.created(URI.create("/api/customers/" + id)).body(invited);
    }
}
