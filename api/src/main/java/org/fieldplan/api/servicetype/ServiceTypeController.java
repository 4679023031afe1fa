package org.fieldplan.api.servicetype;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
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
@RequestMapping("/api/service-types")
class ServiceTypeController {

    private final ServiceTypeService serviceTypes;

    ServiceTypeController(ServiceTypeService serviceTypes) {
        this.serviceTypes = serviceTypes;
    }

    @Operation(summary = "List the service types")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER})
    @GetMapping
    List<ServiceTypeView> list(@RequestParam(required = false) @Nullable Boolean active,
            @RequestParam(required = false) @Nullable String city) {
        return serviceTypes.list(active, city);
    }

    @Operation(summary = "Read one service type")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER, Role.TECHNICIAN, Role.CUSTOMER})
    @GetMapping("/{id}")
    ResponseEntity<ServiceTypeView> get(@PathVariable long id) {
        ServiceTypeView type = serviceTypes.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(type.version())).body(type);
    }

    @Operation(summary = "Create a service type")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping
    ResponseEntity<ServiceTypeView> create(@Valid @RequestBody ServiceTypeInput input) {
        ServiceTypeView created = serviceTypes.create(input);
        return ResponseEntity.created(URI.create("/api/service-types/" + created.id()))
                .eTag(Versions.etag(created.version())).body(created);
    }

    @Operation(summary = "Change a service type (If-Match)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/{id}")
    ResponseEntity<ServiceTypeView> update(@PathVariable long id, @Valid @RequestBody ServiceTypeInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ServiceTypeView updated = serviceTypes.update(id, input, Versions.required(ifMatch, "Replacing service type " + id));
        return ResponseEntity.ok().eTag(Versions.etag(updated.version())).body(updated);
    }
}
