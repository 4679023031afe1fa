package org.fieldplan.api.desk;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The request card's own actions beside the request API: assigning a technician on a day. */
@RestController
class DeskCardController {

    private final DeskAssignments assignments;

    DeskCardController(DeskAssignments assignments) {
        this.assignments = assignments;
    }

    /** The card's choice: a technician on a day; {@code apply} false only checks. */
    record Assignment(@Nullable LocalDate date, @Nullable Long technicianId, @Nullable Boolean apply) {}

    /**
     * Checks (and with {@code apply: true}, when allowed, stores) the request on the technician's route that day with
     * the board's hard rules; the answer names what would be broken, the technician and the times, in words.
     */
    @Operation(summary = "Assign or reassign a request to a technician on a day (the board's rule check)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
            scope = "Dispatchers: requests of their zones (404 for others) onto technicians of their zones.")
    @PostMapping("/api/desk/requests/{id}/assignment")
    DeskAssignments.Answer assign(@PathVariable long id, @RequestBody Assignment in) {
        return assignments.assign(id, in.date(), in.technicianId(), Boolean.TRUE.equals(in.apply()),
                CurrentUser.fromContext());
    }
}
