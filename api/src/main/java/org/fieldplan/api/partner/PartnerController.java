package org.fieldplan.api.partner;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Partners and their keys (the administrator's), and the partner API itself (with a partner's key). */
@RestController
class PartnerController {

    private final Partners partners;
    private final PartnerKeys keys;
    private final PartnerRequests requests;

    PartnerController(Partners partners, PartnerKeys keys, PartnerRequests requests) {
        this.partners = partners;
        this.keys = keys;
        this.requests = requests;
    }

    // ---- administration ------------------------------------------------------------------------------------

    @Operation(summary = "List the partner management companies with their keys (prefixes only) and request counts")
    @SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping("/api/partners")
    List<Partners.PartnerView> list() {
        return partners.list();
    }

    @Operation(summary = "Register a partner management company (files requests as the customer record named)")
    @SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/partners")
    ResponseEntity<Partners.PartnerView> create(@RequestBody Partners.PartnerInput input) {
        Partners.PartnerView created = partners.create(input);
        return ResponseEntity.created(URI.create("/api/partners/" + created.id())).body(created);
    }

    @Operation(summary = "Make an API key for a partner: the key is in this answer only (only its hash is kept)")
    @SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/partners/{id}/keys")
    ResponseEntity<Partners.NewKeyView> newKey(@PathVariable long id, @RequestBody(required = false) Partners.@Nullable KeyInput input) {
        return ResponseEntity.status(HttpStatus.CREATED).header("Cache-Control", "no-store")
                .body(partners.newKey(id, input, CurrentUser.fromContext()));
    }

    @Operation(summary = "Revoke a partner's API key (calls with it are refused from now on)")
    @SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
    @CallableBy(Role.ADMINISTRATOR)
    @DeleteMapping("/api/partners/{id}/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable long id, @PathVariable long keyId) {
        partners.revoke(id, keyId);
        return ResponseEntity.noContent().build();
    }

    // ---- the partner API (X-Api-Key) ------------------------------------------------------------------------

    @Operation(summary = "File a service request as a partner (a re-send with the same externalRef answers the first)")
    @CallableBy(partnerKey = true, scope = "Partner management companies, with their API key.")
    @PostMapping("/api/partner/requests")
    ResponseEntity<ServiceRequestView> file(@RequestHeader(name = PartnerKeys.HEADER, required = false) @Nullable String key,
                                            @RequestBody PartnerRequests.PartnerRequestInput input) {
        PartnerRequests.Filed filed = requests.file(keys.check(key), input);
        return ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/partner/requests/" + filed.request().id())).body(filed.request());
    }

    @Operation(summary = "The requests the partner filed, newest first (or the one with externalRef)")
    @CallableBy(partnerKey = true, scope = "Partner management companies, with their API key: the requests they filed.")
    @GetMapping("/api/partner/requests")
    List<ServiceRequestView> mine(@RequestHeader(name = PartnerKeys.HEADER, required = false) @Nullable String key,
                                  @RequestParam(required = false) @Nullable String externalRef,
                                  @RequestParam(defaultValue = "100") int limit) {
        PartnerKeys.Caller partner = keys.check(key);
        if (externalRef != null && !externalRef.isBlank()) {
            return List.of(requests.byReference(partner, externalRef));
        }
        return requests.list(partner, limit);
    }

    @Operation(summary = "One request the partner filed (status, prices, public comments' count as a customer sees it)")
    @CallableBy(partnerKey = true, scope = "Partner management companies, with their API key: the requests they filed.")
    @GetMapping("/api/partner/requests/{id}")
    ServiceRequestView one(@RequestHeader(name = PartnerKeys.HEADER, required = false) @Nullable String key, @PathVariable long id) {
        return requests.get(keys.check(key), id);
    }
}
