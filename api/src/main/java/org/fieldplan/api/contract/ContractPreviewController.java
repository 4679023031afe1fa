package org.fieldplan.api.contract;

import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_VISIT;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldplan.api.persistence.jooq.tables.records.ContractServiceRecord;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a contract's regular work will bring (issue 16, for the contracts set-up page): the days from today to a day on
 * which each line falls due, by the same rule {@link ContractRequests} creates the requests with, marked where the
 * request exists already. A read only; it creates nothing.
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
class ContractPreviewController {

    /** One day a line falls due; {@code created}: its request exists already. */
    record Upcoming(long serviceId, String serviceTypeName, LocalDate dueOn, boolean created) {}

    private final Contracts contracts;
    private final DSLContext db;
    private final Clock clock;
    private final ContractProperties properties;

    ContractPreviewController(Contracts contracts, DSLContext db, Clock clock, ContractProperties properties) {
        this.contracts = contracts;
        this.db = db;
        this.clock = clock;
        this.properties = properties;
    }

    @Operation(summary = "The days a contract's regular work falls due from today until a day (the horizon when left out; at most a year)")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER, Role.CUSTOMER},
            scope = "Dispatchers: customers with an address or a request in their zones; customers: their own.")
    @GetMapping("/api/contracts/{id}/upcoming")
    @Transactional(readOnly = true)
    List<Upcoming> upcoming(@PathVariable long id, @RequestParam(required = false) @Nullable LocalDate until) {
        ContractView contract = contracts.get(id, CurrentUser.fromContext()); // 404 outside the caller's scope
        LocalDate today = LocalDate.now(clock);
        LocalDate last = until == null ? today.plusDays(properties.horizonDays()) : until;
        if (last.isBefore(today) || last.isAfter(today.plusDays(366))) {
            throw new InvalidInputException("until", until == null ? null : until.toString(), "must be from today to a year ahead");
        }
        List<Upcoming> out = new ArrayList<>();
        for (ContractView.Line line : contract.services()) {
            ContractServiceRecord record = db.selectFrom(CONTRACT_SERVICE).where(CONTRACT_SERVICE.ID.eq(line.id())).fetchSingle();
            Set<LocalDate> done = new HashSet<>(db.select(CONTRACT_VISIT.DUE_ON).from(CONTRACT_VISIT)
                    .where(CONTRACT_VISIT.CONTRACT_SERVICE_ID.eq(line.id()), CONTRACT_VISIT.DUE_ON.between(today, last))
                    .fetch(CONTRACT_VISIT.DUE_ON));
            for (LocalDate day : Occurrences.between(contracts.rule(record), contract.startsOn(), contract.endsOn(), today, last)) {
                out.add(new Upcoming(line.id(), line.serviceTypeName(), day, done.contains(day)));
            }
        }
        out.sort(java.util.Comparator.comparing(Upcoming::dueOn).thenComparing(Upcoming::serviceId));
        return out;
    }
}
