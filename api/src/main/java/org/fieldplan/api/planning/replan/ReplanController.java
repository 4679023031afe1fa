package org.fieldplan.api.planning.replan;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The replan proposals made when a technician is marked absent (staff): read, apply, discard. */
@RestController
@RequestMapping("/api/replan/proposals")
class ReplanController {

    private final ReplanProposals proposals;

    ReplanController(ReplanProposals proposals) {
        this.proposals = proposals;
    }

    @Operation(summary = "The open replan proposals of a day, with the changes in words")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: proposals for absences of their zones' technicians.")
    @GetMapping
    List<ReplanProposals.View> open(@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date) {
        return proposals.open(date, CurrentUser.fromContext(), LocaleContextHolder.getLocale());
    }

    @Operation(summary = "One replan proposal")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: proposals for absences of their zones' technicians (404 otherwise).")
    @GetMapping("/{id}")
    ReplanProposals.View get(@PathVariable long id) {
        return proposals.get(id, CurrentUser.fromContext(), LocaleContextHolder.getLocale());
    }

    @Operation(summary = "Apply a replan proposal: write its routes, tell customers whose time changed")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: proposals for absences of their zones' technicians (404 otherwise).")
    @PostMapping("/{id}/apply")
    ReplanProposals.Applied apply(@PathVariable long id) {
        return proposals.apply(id, CurrentUser.fromContext());
    }

    @Operation(summary = "Discard a replan proposal")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER}, scope = "Dispatchers: proposals for absences of their zones' technicians (404 otherwise).")
    @PostMapping("/{id}/discard")
    ResponseEntity<Void> discard(@PathVariable long id) {
        proposals.discard(id, CurrentUser.fromContext());
        return ResponseEntity.noContent().build();
    }
}
