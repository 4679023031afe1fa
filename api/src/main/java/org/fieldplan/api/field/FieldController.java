package org.fieldplan.api.field;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.field.FieldWork.Day;
import org.fieldplan.api.field.FieldWork.Done;
import org.fieldplan.api.field.FieldWork.Edit;
import org.fieldplan.api.field.FieldWork.Proposal;
import org.fieldplan.api.security.CurrentUser;
import org.jspecify.annotations.Nullable;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The technician's own day and their proposals; dispatchers decide proposals. */
@RestController
class FieldController {

    private final FieldWork field;
    private final Clock clock;

    FieldController(FieldWork field, Clock clock) {
        this.field = field;
        this.clock = clock;
    }

    @Operation(summary = "The technician's own day: route and visits")
    @CallableBy(value = Role.TECHNICIAN, scope = "Technicians: their own route only.")
    @GetMapping("/api/field/day")
    Day day(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate date) {
        return field.day(date == null ? LocalDate.now(clock) : date, CurrentUser.fromContext());
    }

    @Operation(summary = "Start a visit of the own route")
    @CallableBy(value = Role.TECHNICIAN, scope = "Technicians: visits of their own route only.")
    @PostMapping("/api/field/visits/{requestId}/start")
    ResponseEntity<Void> start(@PathVariable long requestId) {
        field.start(requestId, CurrentUser.fromContext());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Finish a visit of the own route")
    @CallableBy(value = Role.TECHNICIAN, scope = "Technicians: visits of their own route only.")
    @PostMapping("/api/field/visits/{requestId}/done")
    ResponseEntity<Void> done(@PathVariable long requestId, @RequestBody Done done) {
        field.done(requestId, done, CurrentUser.fromContext());
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Propose an edit of a visit's services")
    @CallableBy(value = Role.TECHNICIAN, scope = "Technicians: visits of their own route only.")
    @PostMapping("/api/field/visits/{requestId}/edits")
    ResponseEntity<Edit> propose(@PathVariable long requestId, @RequestBody Proposal proposal) {
        return ResponseEntity.status(HttpStatus.CREATED).body(field.propose(requestId, proposal, CurrentUser.fromContext()));
    }

    @Operation(summary = "List technicians' proposed edits")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: edits of their zones' requests.")
    @GetMapping("/api/edits")
    List<Edit> edits(@RequestParam(required = false) @Nullable String status) {
        return field.edits(status, CurrentUser.fromContext());
    }

    @Operation(summary = "Confirm a proposed edit")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: edits of their zones' requests.")
    @PostMapping("/api/edits/{id}/confirm")
    Edit confirm(@PathVariable long id) {
        return field.confirm(id, CurrentUser.fromContext());
    }

    record Rejection(@Nullable String reason) {}

    @Operation(summary = "Reject a proposed edit with a reason")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: edits of their zones' requests.")
    @PostMapping("/api/edits/{id}/reject")
    Edit reject(@PathVariable long id, @RequestBody Rejection rejection) {
        return field.reject(id, rejection.reason(), CurrentUser.fromContext());
    }
}
