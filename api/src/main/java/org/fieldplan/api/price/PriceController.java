package org.fieldplan.api.price;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The price list, request types, extra services, price modifiers and the signed-in price preview. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class PriceController {

    private final PricePreviews previews;
    private final PriceModifiers modifiers;
    private final PriceCatalogue catalogue;

    PriceController(PricePreviews previews, PriceModifiers modifiers, PriceCatalogue catalogue) {
        this.previews = previews;
        this.modifiers = modifiers;
        this.catalogue = catalogue;
    }

    @Operation(summary = "Preview the price of services at an address (lines, modifiers, extras, total)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER},
            scope = "Customers: priced for themselves (their management company's extras); staff may name a customer.")
    @PostMapping("/api/prices/preview")
    PreviewView preview(@RequestBody PreviewInput input) {
        return previews.preview(input, CurrentUser.fromContext());
    }

    @Operation(summary = "The price list: base price, unit, \"from\" and request type of every service")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER})
    @GetMapping("/api/prices")
    List<PriceCatalogue.PriceView> prices(@RequestParam(required = false) @Nullable String lang) {
        return catalogue.prices(lang);
    }

    @Operation(summary = "Set a service's price, unit, \"from\" flag and request type (If-Match with the service type's version)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/prices/{serviceTypeId}")
    PriceCatalogue.PriceView setPrice(@PathVariable long serviceTypeId, @RequestBody PriceCatalogue.PriceInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        return catalogue.setPrice(serviceTypeId, Versions.fromIfMatch(ifMatch), input);
    }

    @Operation(summary = "List the request types (derived from the services)")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER})
    @GetMapping("/api/request-types")
    List<PriceCatalogue.RequestTypeView> requestTypes() {
        return catalogue.requestTypes();
    }

    @Operation(summary = "Create or change a request type")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/request-types/{code}")
    PriceCatalogue.RequestTypeView putRequestType(@PathVariable String code, @RequestBody PriceCatalogue.RequestTypeInput input) {
        return catalogue.putRequestType(code, input);
    }

    @Operation(summary = "List the extra services offered by zone or management company")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/extra-services")
    List<PriceCatalogue.ExtraServiceView> extras() {
        return catalogue.extras();
    }

    @Operation(summary = "Offer an extra service in a zone and/or to a management company's customers")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/extra-services")
    ResponseEntity<PriceCatalogue.ExtraServiceView> addExtra(@RequestBody PriceCatalogue.ExtraServiceInput input) {
        PriceCatalogue.ExtraServiceView created = catalogue.addExtra(input);
        return ResponseEntity.created(URI.create("/api/extra-services/" + created.id())).body(created);
    }

    @Operation(summary = "Stop offering an extra service")
    @CallableBy(Role.ADMINISTRATOR)
    @DeleteMapping("/api/extra-services/{id}")
    ResponseEntity<Void> removeExtra(@PathVariable long id) {
        catalogue.removeExtra(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "List the price modifiers")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/price-modifiers")
    List<ModifierView> modifiers() {
        return modifiers.list();
    }

    @Operation(summary = "Read one price modifier")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/api/price-modifiers/{id}")
    ResponseEntity<ModifierView> modifier(@PathVariable long id) {
        ModifierView m = modifiers.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(m.version())).body(m);
    }

    @Operation(summary = "Create a price modifier (409 when it overlaps one the combining rule cannot order)")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/price-modifiers")
    ResponseEntity<ModifierView> create(@RequestBody ModifierInput input) {
        ModifierView created = modifiers.create(input);
        return ResponseEntity.created(URI.create("/api/price-modifiers/" + created.id())).eTag(Versions.etag(created.version())).body(created);
    }

    @Operation(summary = "Change a price modifier (If-Match; 409 when it would overlap another)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/api/price-modifiers/{id}")
    ResponseEntity<ModifierView> update(@PathVariable long id, @RequestBody ModifierInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ModifierView m = modifiers.update(id, Versions.fromIfMatch(ifMatch), input);
        return ResponseEntity.ok().eTag(Versions.etag(m.version())).body(m);
    }

    @Operation(summary = "Delete a price modifier (requests already priced keep what applied)")
    @CallableBy(Role.ADMINISTRATOR)
    @DeleteMapping("/api/price-modifiers/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        modifiers.delete(id);
        return ResponseEntity.noContent().build();
    }
}
