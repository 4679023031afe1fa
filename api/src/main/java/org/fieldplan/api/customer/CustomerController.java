package org.fieldplan.api.customer;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.ZoneScope;
import org.jooq.Condition;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final CustomerService customers;
    private final ZoneScope scope;

    CustomerController(CustomerService customers, ZoneScope scope) {
        this.customers = customers;
        this.scope = scope;
    }

    /** Customers by name; {@code q} searches name, e-mail and phone. The total is in {@code X-Total-Count}. */
    @Operation(summary = "List customers (X-Total-Count)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: customers with a request or an address in their zones.")
    @GetMapping
    ResponseEntity<List<CustomerView>> list(@RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset) {
        Condition mine = ZoneScope.customers(CurrentUser.fromContext());
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(customers.count(q, mine)))
                .body(customers.list(q, limit, offset, mine));
    }

    @Operation(summary = "Read one customer (ETag)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: customers with a request or an address in their zones.")
    @GetMapping("/{id}")
    ResponseEntity<CustomerView> get(@PathVariable long id) {
        scope.requireCustomer(CurrentUser.fromContext(), id);
        CustomerView customer = customers.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(customer.version())).body(customer);
    }

    @Operation(summary = "Create a customer")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @PostMapping
    ResponseEntity<CustomerView> create(@Valid @RequestBody CustomerInput input) {
        CustomerView created = customers.create(input);
        return ResponseEntity.created(URI.create("/api/customers/" + created.id()))
                .eTag(Versions.etag(created.version())).body(created);
    }

    @Operation(summary = "Change a customer (If-Match)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: customers with a request or an address in their zones.")
    @PutMapping("/{id}")
    ResponseEntity<CustomerView> update(@PathVariable long id, @Valid @RequestBody CustomerInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        scope.requireCustomer(CurrentUser.fromContext(), id);
        CustomerView updated = customers.update(id, input, Versions.required(ifMatch, "Replacing customer " + id));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
    }

    /** The body of a merge: the duplicate record to fold into this one. */
    record MergeInput(@Nullable Long duplicateId) {}

    @Operation(summary = "Merge a duplicate customer record into this one (If-Match)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: both customers must be theirs (a request or an address in their zones).")
    @PostMapping("/{id}/merge")
    ResponseEntity<CustomerService.Merged> merge(@PathVariable long id, @RequestBody MergeInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        CurrentUser user = CurrentUser.fromContext();
        if (input.duplicateId() == null) {
            throw new InvalidInputException("duplicateId", null, "name the customer record to merge into this one");
        }
        scope.requireCustomer(user, id);
        scope.requireCustomer(user, input.duplicateId());
        CustomerService.Merged merged = customers.merge(id, input.duplicateId(),
                Versions.required(ifMatch, "Merging into customer " + id), user);
        return ResponseEntity.ok().eTag(Versions.etag(merged.customer().version())).body(merged);
    }
}
