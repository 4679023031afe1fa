package org.fieldplan.api.contract;

import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_SERVICE;
import static org.fieldplan.api.persistence.jooq.Tables.CONTRACT_VISIT;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldplan.api.cluster.ClusterTimer;
import org.fieldplan.api.persistence.jooq.tables.records.ContractRecord;
import org.fieldplan.api.persistence.jooq.tables.records.ContractServiceRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates the service requests of contracts' regular work ahead of time: for every occurrence from today to the
 * horizon that has no request yet, one request through {@link RequestIntake#intakeAtAgreedPrices} (source
 * {@code contract}, the contract's price, deadline the end of the due day, the due day as preferred window), so that
 * planning sees it like any other. Each occurrence is claimed by inserting its {@code contract_visit} row in the
 * transaction that creates the request: a second run, or a second instance at the same moment, creates nothing twice.
 * Runs once across the cluster as the timer {@code contract-requests}; the office may run it at once
 * ({@code POST /api/contracts/generate}).
 */
@Configuration
public class ContractRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ContractRequests.class);

    private final DSLContext db;
    private final Contracts contracts;
    private final RequestIntake intake;
    private final TransactionTemplate tx;
    private final ContractProperties properties;
    private final Clock clock;

    ContractRequests(DSLContext db, Contracts contracts, RequestIntake intake, TransactionTemplate tx,
                     ContractProperties properties, Clock clock) {
        this.db = db;
        this.contracts = contracts;
        this.intake = intake;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    @Bean
    ClusterTimer contractRequestsTimer() {
        return new ClusterTimer("contract-requests", properties.generateEvery(), () -> {
            Result r = generate(null);
            if (r.created() > 0 || !r.failed().isEmpty()) {
                LOG.info("contract requests: {} created, {} failed", r.created(), r.failed().size());
            }
        });
    }

    /** What a run did. */
    public record Result(LocalDate from, LocalDate until, int created, int existing, List<Failure> failed,
                         List<Created> requests) {}

    /** A request created for an occurrence. */
    public record Created(String contract, long serviceId, LocalDate dueOn, long requestId, String registrationNumber) {}

    /** An occurrence that could not be created (e.g. the service is no longer offered); retried on the next run. */
    public record Failure(String contract, long serviceId, LocalDate dueOn, String problem) {}

    /** Creates what is missing from today to {@code until} (today + the configured horizon when null). */
    public Result generate(@Nullable LocalDate until) {
        LocalDate today = LocalDate.now(clock);
        LocalDate last = until == null ? today.plusDays(properties.horizonDays()) : until;
        List<Created> created = new ArrayList<>();
        List<Failure> failed = new ArrayList<>();
        int existing = 0;
        List<ContractRecord> active = db.selectFrom(CONTRACT)
                .where(CONTRACT.ACTIVE.isTrue(), CONTRACT.STARTS_ON.le(last), CONTRACT.ENDS_ON.isNull().or(CONTRACT.ENDS_ON.ge(today)))
                .orderBy(CONTRACT.ID).fetch();
        for (ContractRecord contract : active) {
            for (ContractServiceRecord line : db.selectFrom(CONTRACT_SERVICE).where(CONTRACT_SERVICE.CONTRACT_ID.eq(contract.getId()))
                    .orderBy(CONTRACT_SERVICE.POSITION).fetch()) {
                List<LocalDate> due = Occurrences.between(contracts.rule(line), contract.getStartsOn(), contract.getEndsOn(), today, last);
                if (due.isEmpty()) {
                    continue;
                }
                Set<LocalDate> done = new HashSet<>(db.select(CONTRACT_VISIT.DUE_ON).from(CONTRACT_VISIT)
                        .where(CONTRACT_VISIT.CONTRACT_SERVICE_ID.eq(line.getId()), CONTRACT_VISIT.DUE_ON.between(today, last))
                        .fetch(CONTRACT_VISIT.DUE_ON));
                for (LocalDate day : due) {
                    if (done.contains(day)) {
                        existing++;
                        continue;
                    }
                    try {
                        Created c = tx.execute(t -> createOne(contract, line, day));
                        if (c == null) {
                            existing++; // another run claimed it first
                        } else {
                            created.add(c);
                        }
                    } catch (ApiException e) {
                        failed.add(new Failure(contract.getNumber(), line.getId(), day, e.getMessage()));
                        LOG.warn("contract {} line {} due {}: no request created: {}", contract.getNumber(), line.getId(), day, e.getMessage());
                    }
                }
            }
        }
        return new Result(today, last, created.size(), existing, failed, created);
    }

    private @Nullable Created createOne(ContractRecord contract, ContractServiceRecord line, LocalDate day) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int claimed = db.insertInto(CONTRACT_VISIT)
                .set(CONTRACT_VISIT.CONTRACT_SERVICE_ID, line.getId())
                .set(CONTRACT_VISIT.DUE_ON, day)
                .set(CONTRACT_VISIT.CREATED_AT, now)
                .onConflictDoNothing().execute();
        if (claimed == 0) {
            return null;
        }
        ZoneId zone = clock.getZone();
        OffsetDateTime dayStart = day.atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime dayEnd = day.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        String code = db.select(SERVICE_TYPE.CODE).from(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(line.getServiceTypeId())).fetchSingle().value1();
        Point p = (Point) line.getLocation();
        String description = "Contract " + contract.getNumber() + " (" + contract.getTitle() + "): regular " + code
                + ", due " + day + "." + (line.getNote() == null ? "" : " " + line.getNote());
        NewServiceRequest request = new NewServiceRequest(contract.getCustomerId(), null,
                new NewServiceRequest.AddressInput(line.getAddressLine(), p.getY(), p.getX()),
                List.of(new NewServiceRequest.ServiceLine(line.getServiceTypeId(), null, line.getQuantity())),
                "contract", (int) line.getPriority(), dayEnd,
                now.isBefore(dayStart) ? new PreferredWindow(dayStart, dayEnd) : null,
                description.length() > 4000 ? description.substring(0, 4000) : description);
        ServiceRequestView view = intake.intakeAtAgreedPrices(request, CurrentUser.system("contract " + contract.getNumber()),
                new RequestIntake.AgreedPrices("contract " + contract.getNumber(), Map.of(line.getServiceTypeId(), line.getUnitPrice())));
        db.update(CONTRACT_VISIT).set(CONTRACT_VISIT.REQUEST_ID, view.id())
                .where(CONTRACT_VISIT.CONTRACT_SERVICE_ID.eq(line.getId()), CONTRACT_VISIT.DUE_ON.eq(day)).execute();
        return new Created(contract.getNumber(), line.getId(), day, view.id(), view.registrationNumber());
    }
}
