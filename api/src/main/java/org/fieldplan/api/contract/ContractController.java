package org.fieldplan.api.contract;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.InvalidInputException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Contracts with their regular work, and creating the regular work's requests now. */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class ContractController {

    private final Contracts contracts;
    private final ContractRequests requests;

    ContractController(Contracts contracts, ContractRequests requests) {
        this.contracts = contracts;
        this.requests = requests;
    }

    @Operation(summary = "List contracts (of the customers in the caller's scope)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER},
            scope = "Dispatchers: customers with an address or a request in their zones; customers: their own.")
    @GetMapping("/api/contracts")
    List<ContractView> list(@RequestParam(required = false) @Nullable Long customerId) {
        return contracts.list(customerId, CurrentUser.fromContext());
    }

    @Operation(summary = "Read a contract: its regular work and the requests created for it")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER},
            scope = "Dispatchers: customers with an address or a request in their zones; customers: their own.")
    @GetMapping("/api/contracts/{id}")
    ContractView get(@PathVariable long id) {
        return contracts.get(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Enter a contract with its regular work (what, where, price, weekly/monthly/dates, season)")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/contracts")
    ResponseEntity<ContractView> create(@RequestBody ContractInput input) {
        ContractView created = contracts.create(input);
        return ResponseEntity.created(URI.create("/api/contracts/" + created.id())).body(created);
    }

    /** The day a contract ends. */
    record EndInput(@Nullable LocalDate endsOn) {}

    @Operation(summary = "End a contract on a day (today when left out): no request is created after it")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/contracts/{id}/end")
    ContractView end(@PathVariable long id, @RequestBody(required = false) @Nullable EndInput input) {
        return contracts.end(id, input == null ? null : input.endsOn());
    }

    @Operation(summary = "Create the requests of regular work due from today until a day (the configured horizon when left out)")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/api/contracts/generate")
    ContractRequests.Result generate(@RequestParam(required = false) @Nullable LocalDate until) {
        if (until != null && until.isAfter(LocalDate.now().plusDays(366))) {
            throw new InvalidInputException("until", until.toString(), "is more than a year ahead");
        }
        return requests.generate(until);
    }
}
