package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER_ADDRESS;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_HISTORY;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST_ITEM;
import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_TYPE;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.fieldplan.api.notification.NotificationOutbox;
import org.fieldplan.api.price.PriceQuote;
import org.fieldplan.api.price.Pricer;
import org.fieldplan.api.persistence.Geo;
import org.fieldplan.api.persistence.jooq.tables.records.CustomerAddressRecord;
import org.fieldplan.api.persistence.jooq.tables.records.ServiceTypeRecord;
import org.fieldplan.api.request.NewServiceRequest.AddressInput;
import org.fieldplan.api.request.NewServiceRequest.ServiceLine;
import org.fieldplan.api.request.RequestExceptions.Forbidden;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Point;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes in a new service request: checks every field (all problems reported at once, nothing stored),
 * routes it to the zone covering its address and that zone's dispatcher ({@link ZoneRouter}; outside every
 * zone it is stored and flagged {@code outsideServiceArea}, never dropped), gives it the next registration
 * number of the year, records its first history entry and the customer's notification — all in one
 * transaction. The demo loader and the booking flow call {@link #intake} directly.
 */
@Service
public class RequestIntake {

    static final int MAX_QUANTITY = 10_000;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_ADDRESS_LINE = 500;

    private final DSLContext db;
    private final ZoneRouter router;
    private final RegistrationNumbers numbers;
    private final NotificationOutbox outbox;
    private final ServiceRequests requests;
    private final SourceRules sourceRules;
    private final Pricer pricer;
    private final RequestPrices prices;
    private final Clock clock;

    RequestIntake(DSLContext db, ZoneRouter router, RegistrationNumbers numbers, NotificationOutbox outbox,
                  ServiceRequests requests, SourceRules sourceRules, Pricer pricer, RequestPrices prices, Clock clock) {
        this.sourceRules = sourceRules;
        this.pricer = pricer;
        this.prices = prices;
        this.db = db;
        this.router = router;
        this.numbers = numbers;
        this.outbox = outbox;
        this.requests = requests;
        this.clock = clock;
    }

    private record Resolved(long customerId, @Nullable Long addressId, String addressLine, double lat, double lon,
                            List<ServiceTypeRecord> types, List<Integer> quantities, RequestSource source, int priority,
                            OffsetDateTime deadline, @Nullable OffsetDateTime windowStart, @Nullable OffsetDateTime windowEnd,
                            @Nullable String description, java.util.Set<String> declinedExtras) {
    }

    /**
     * Registers a request on behalf of {@code actor}: a customer registers for themselves; staff (or
     * {@link CurrentUser#system}) for any customer. Returns the stored request.
     *
     * @throws org.fieldplan.api.web.InvalidInputException every bad field, by path, with the value sent
     * @throws Forbidden    a technician, or a customer registering for someone else
     */
    @Transactional
    public ServiceRequestView intake(NewServiceRequest input, CurrentUser actor) {
        return intake(input, actor, null);
    }

    /**
     * Prices agreed outside the catalogue (a contract's): the unit price per service type, and what to call the
     * agreement in the request's history. Lines of other services are priced by the catalogue.
     */
    public record AgreedPrices(String agreement, java.util.Map<Long, java.math.BigDecimal> unitPrices) {}

    /**
     * Registers a request whose services carry prices agreed beforehand (the regular work of a contract): checked,
     * routed and numbered like any other; the lines named in {@code agreed} get the agreed unit price (list price
     * kept, no modifiers), no extra services are added, and the prices are frozen at once.
     */
    @Transactional
    public ServiceRequestView intakeAtAgreedPrices(NewServiceRequest input, CurrentUser actor, AgreedPrices agreed) {
        return intake(input, actor, agreed);
    }

    private ServiceRequestView intake(NewServiceRequest input, CurrentUser actor, @Nullable AgreedPrices agreed) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Resolved in = check(input, actor, now);

        Optional<ZoneChoice.Candidate> zone = router.route(in.lat(), in.lon());
        RegistrationNumber number = numbers.next(now.atZoneSameInstant(clock.getZone()).getYear());
        Point point = Geo.point(in.lat(), in.lon());
        long id = db.insertInto(SERVICE_REQUEST)
                .set(SERVICE_REQUEST.REGISTRATION_NUMBER, number.toString())
                .set(SERVICE_REQUEST.REGISTRATION_YEAR, number.year())
                .set(SERVICE_REQUEST.REGISTRATION_SEQUENCE, number.sequence())
                .set(SERVICE_REQUEST.CUSTOMER_ID, in.customerId())
                .set(SERVICE_REQUEST.ADDRESS_ID, in.addressId())
                .set(SERVICE_REQUEST.ADDRESS_LINE, in.addressLine())
                .set(SERVICE_REQUEST.LOCATION, point)
                .set(SERVICE_REQUEST.ZONE_ID, zone.map(ZoneChoice.Candidate::zoneId).orElse(null))
                .set(SERVICE_REQUEST.DISPATCHER_ID, zone.isPresent() ? zone.get().dispatcherUserId()
                        : sourceRules.responsible(in.source()))
                .set(SERVICE_REQUEST.OUTSIDE_SERVICE_AREA, zone.isEmpty())
                .set(SERVICE_REQUEST.SOURCE, in.source().code())
                .set(SERVICE_REQUEST.PRIORITY, (short) in.priority())
                .set(SERVICE_REQUEST.DEADLINE, in.deadline())
                .set(SERVICE_REQUEST.PREFERRED_START, in.windowStart())
                .set(SERVICE_REQUEST.PREFERRED_END, in.windowEnd())
                .set(SERVICE_REQUEST.STATUS, RequestStatus.NEW.code())
                .set(SERVICE_REQUEST.DESCRIPTION, in.description())
                .set(SERVICE_REQUEST.CREATED_AT, now)
                .set(SERVICE_REQUEST.CREATED_BY, actor.recordedUserId())
                .set(SERVICE_REQUEST.UPDATED_AT, now)
                .returningResult(SERVICE_REQUEST.ID)
                .fetchSingle().value1();
        // the price, computed here once (never taken from the caller): the services asked for, then the extra services
        // of the zone and the customer's management company that the customer did not remove; frozen when booked
        List<Pricer.Ask> asks = new ArrayList<>();
        java.util.Set<Long> asked = new java.util.HashSet<>();
        for (int i = 0; i < in.types().size(); i++) {
            asks.add(new Pricer.Ask(in.types().get(i), in.quantities().get(i), false));
            asked.add(in.types().get(i).getId());
        }
        String managementCompany = db.select(CUSTOMER.MANAGEMENT_COMPANY).from(CUSTOMER)
                .where(CUSTOMER.ID.eq(in.customerId())).fetchOne(CUSTOMER.MANAGEMENT_COMPANY);
        Long zoneId = zone.map(ZoneChoice.Candidate::zoneId).orElse(null);
        if (agreed == null) {
            asks.addAll(pricer.extras(zoneId, managementCompany, in.declinedExtras(), asked));
        }
        PriceQuote quote = pricer.price(zoneId, asks, now.atZoneSameInstant(clock.getZone()).toLocalDate());
        if (agreed != null) {
            quote = atAgreedPrices(quote, agreed);
        }
        prices.replaceLines(id, quote, in.source() == RequestSource.SITE || agreed != null ? now : null);
        db.insertInto(SERVICE_REQUEST_HISTORY)
                .set(SERVICE_REQUEST_HISTORY.REQUEST_ID, id)
                .set(SERVICE_REQUEST_HISTORY.FROM_STATUS, (String) null)
                .set(SERVICE_REQUEST_HISTORY.TO_STATUS, RequestStatus.NEW.code())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY, actor.recordedUserId())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_BY_NAME, actor.username())
                .set(SERVICE_REQUEST_HISTORY.CHANGED_AT, now)
                .set(SERVICE_REQUEST_HISTORY.NOTE, routingNote(in.source(), zone, in.lat(), in.lon())
                        + (agreed == null ? "" : " Prices as agreed in " + agreed.agreement() + "."))
                .execute();
        RequestMilestones.refresh(db, id); // the reports' milestones, from this history row on
        outbox.statusChanged(id, null, RequestStatus.NEW);
        return requests.load(id, actor);
    }

    /** The quote with the agreed unit prices on the lines they name (no modifiers there; the total recomputed). */
    static PriceQuote atAgreedPrices(PriceQuote quote, AgreedPrices agreed) {
        List<PriceQuote.Line> lines = new ArrayList<>();
        java.math.BigDecimal total = java.math.BigDecimal.ZERO.setScale(2);
        boolean from = false;
        for (PriceQuote.Line l : quote.lines()) {
            java.math.BigDecimal unit = agreed.unitPrices().get(l.serviceTypeId());
            PriceQuote.Line line = unit == null ? l
                    : new PriceQuote.Line(l.serviceTypeId(), l.serviceTypeCode(), l.serviceTypeName(), l.unit(), l.quantity(),
                            l.listPrice(), unit.setScale(2, java.math.RoundingMode.HALF_UP),
                            unit.setScale(2, java.math.RoundingMode.HALF_UP).multiply(java.math.BigDecimal.valueOf(l.quantity())),
                            false, l.extra(), List.of());
            lines.add(line);
            total = total.add(line.lineTotal());
            from |= line.from();
        }
        return new PriceQuote(lines, total, from, quote.currency(), quote.requestType(), quote.zoneId());
    }

    private String routingNote(RequestSource source, Optional<ZoneChoice.Candidate> zone, double lat, double lon) {
        String via = "Registered (source: " + source.code() + "). ";
        if (zone.isEmpty()) {
            return via + "Outside the service area: no active zone covers " + lat + ", " + lon + ".";
        }
        List<ZoneChoice.Candidate> all = router.covering(lat, lon);
        ZoneChoice.Candidate chosen = zone.get();
        StringBuilder note = new StringBuilder(via)
                .append("Routed to zone '").append(chosen.zoneName()).append("' (id ").append(chosen.zoneId()).append(")");
        if (all.size() > 1) {
            note.append("; the address is also in ");
            note.append(String.join(", ", all.stream().filter(c -> c.zoneId() != chosen.zoneId())
                    .map(c -> "'" + c.zoneName() + "' (id " + c.zoneId() + ")").toList()));
            note.append(", the smallest zone wins");
        }
        return note.append('.').toString();
    }

    private Resolved check(NewServiceRequest in, CurrentUser actor, OffsetDateTime now) {
        List<FieldProblem> problems = new ArrayList<>();

        // who the request is for
        Long customerId = in.customerId();
        if (actor.is(Role.TECHNICIAN)) {
            throw new Forbidden("A technician cannot register service requests; ask a dispatcher.");
        }
        if (actor.is(Role.CUSTOMER)) {
            if (actor.customerId() == null) {
                throw new Forbidden("The account '" + actor.username() + "' is not linked to a customer record, so it cannot register requests.");
            }
            if (customerId != null && !customerId.equals(actor.customerId())) {
                throw new Forbidden("A customer registers requests only for themselves (customer " + actor.customerId()
                        + "), not for customer " + customerId + ".");
            }
            customerId = actor.customerId();
        }
        if (customerId == null) {
            problems.add(new FieldProblem("customerId", null, "is required: the id of the customer the request is for"));
        } else if (!db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(customerId))) {
            problems.add(new FieldProblem("customerId", customerId, "names no customer; create the customer first"));
        }

        // where
        Long addressId = in.addressId();
        AddressInput address = in.address();
        String line = null;
        Double lat = null;
        Double lon = null;
        if (addressId != null && address != null) {
            problems.add(new FieldProblem("address", address, "give either addressId (a saved address) or address, not both"));
        } else if (addressId != null) {
            CustomerAddressRecord saved = db.selectFrom(CUSTOMER_ADDRESS).where(CUSTOMER_ADDRESS.ID.eq(addressId)).fetchOne();
            if (saved == null || (customerId != null && !saved.getCustomerId().equals(customerId))) {
                problems.add(new FieldProblem("addressId", addressId, "is not one of the addresses of customer " + customerId));
            } else {
                Point p = (Point) saved.getLocation();
                line = saved.getLine() + ", " + saved.getCity();
                lat = p.getY();
                lon = p.getX();
            }
        } else if (address == null) {
            problems.add(new FieldProblem("address", null, "is required: give addressId (a saved address) or address {line, lat, lon}"));
        } else {
            line = address.line() == null ? null : address.line().strip();
            if (line == null || line.isEmpty()) {
                problems.add(new FieldProblem("address.line", address.line(), "is required: the street address the technician goes to"));
            } else if (line.length() > MAX_ADDRESS_LINE) {
                problems.add(new FieldProblem("address.line", line.substring(0, 40) + "...", "is " + line.length() + " characters long; at most " + MAX_ADDRESS_LINE));
            }
            lat = address.lat();
            lon = address.lon();
            if (lat == null || !Double.isFinite(lat) || lat < -90 || lat > 90) {
                problems.add(new FieldProblem("address.lat", lat, "must be a latitude between -90 and 90 (WGS 84 degrees)"));
            }
            if (lon == null || !Double.isFinite(lon) || lon < -180 || lon > 180) {
                problems.add(new FieldProblem("address.lon", lon, "must be a longitude between -180 and 180 (WGS 84 degrees)"));
            }
        }

        // what
        List<ServiceTypeRecord> types = new ArrayList<>();
        List<Integer> quantities = new ArrayList<>();
        List<ServiceLine> services = in.services();
        if (services == null || services.isEmpty()) {
            problems.add(new FieldProblem("services", services, "needs at least one service, e.g. [{\"serviceTypeCode\": \"meter-verification\", \"quantity\": 1}]"));
        } else {
            for (int i = 0; i < services.size(); i++) {
                ServiceLine s = services.get(i);
                String path = "services[" + i + "]";
                if (s == null) {
                    problems.add(new FieldProblem(path, null, "is empty; give serviceTypeId or serviceTypeCode and quantity"));
                    continue;
                }
                ServiceTypeRecord type = null;
                if (s.serviceTypeId() != null) {
                    type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.ID.eq(s.serviceTypeId())).fetchOne();
                    if (type == null) {
                        problems.add(new FieldProblem(path + ".serviceTypeId", s.serviceTypeId(), "names no service type"));
                    }
                } else if (s.serviceTypeCode() != null) {
                    type = db.selectFrom(SERVICE_TYPE).where(SERVICE_TYPE.CODE.eq(s.serviceTypeCode())).fetchOne();
                    if (type == null) {
                        problems.add(new FieldProblem(path + ".serviceTypeCode", s.serviceTypeCode(), "names no service type"));
                    }
                } else {
                    problems.add(new FieldProblem(path + ".serviceTypeId", null, "is required (or serviceTypeCode)"));
                }
                if (type != null && !type.getActive()) {
                    problems.add(new FieldProblem(path + ".serviceTypeId", type.getId(), "service type '" + type.getCode() + "' is no longer offered"));
                }
                Integer quantity = s.quantity() == null ? Integer.valueOf(1) : s.quantity();
                if (quantity < 1 || quantity > MAX_QUANTITY) {
                    problems.add(new FieldProblem(path + ".quantity", s.quantity(), "must be between 1 and " + MAX_QUANTITY));
                }
                if (type != null) {
                    types.add(type);
                    quantities.add(quantity);
                }
            }
        }

        // how and when
        RequestSource source = null;
        if (in.source() == null) {
            problems.add(new FieldProblem("source", null, "is required: one of " + RequestSource.allCodes()));
        } else {
            source = RequestSource.parse(in.source()).orElse(null);
            if (source == null) {
                problems.add(new FieldProblem("source", in.source(), "is not one of " + RequestSource.allCodes()));
            } else {
                problems.addAll(sourceRules.missing(source, in, customerId)); // the source's required fields (desk)
            }
        }
        int priority = in.priority() == null ? 3 : in.priority();
        if (priority < 1 || priority > 5) {
            problems.add(new FieldProblem("priority", in.priority(), "must be 1 (low) to 5 (urgent)"));
        }
        OffsetDateTime deadline = in.deadline();
        if (deadline == null) {
            problems.add(new FieldProblem("deadline", null, "is required: every service request has a deadline (ISO 8601, e.g. 2026-12-01T18:00:00+01:00)"));
        } else if (!deadline.isAfter(now)) {
            problems.add(new FieldProblem("deadline", deadline.toString(), "is not in the future (now is " + now + ")"));
        }
        PreferredWindow window = in.preferredWindow();
        OffsetDateTime start = null;
        OffsetDateTime end = null;
        if (window != null) {
            start = window.start();
            end = window.end();
            checkWindow(window, problems);
        }
        String description = in.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add(new FieldProblem("description", description.length() + " characters", "is longer than " + MAX_DESCRIPTION + " characters"));
        }
        problems.addAll(unknownDeclinedExtras(db, in.declinedExtras()));

        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Resolved(customerId, addressId, line, lat, lon, types, quantities, source, priority, deadline,
                start, end, description == null || description.isBlank() ? null : description.strip(),
                in.declinedExtras() == null ? java.util.Set.of()
                        : new java.util.HashSet<>(in.declinedExtras().stream().filter(java.util.Objects::nonNull).toList()));
    }

    /**
     * The declined extras that are not a service code of the price list, each named by its index
     * ({@code declinedExtras[i]}): a removed extra is named by the code the server showed, anything else is a mistake.
     */
    public static List<FieldProblem> unknownDeclinedExtras(DSLContext db, @Nullable List<String> declined) {
        List<FieldProblem> problems = new ArrayList<>();
        if (declined == null || declined.isEmpty()) {
            return problems;
        }
        if (declined.size() > 50) {
            problems.add(new FieldProblem("declinedExtras", declined.size() + " codes", "at most 50 codes"));
            return problems;
        }
        java.util.Set<String> known = new java.util.HashSet<>(db.select(SERVICE_TYPE.CODE).from(SERVICE_TYPE)
                .where(SERVICE_TYPE.CODE.in(declined.stream().filter(java.util.Objects::nonNull).toList()))
                .fetch(SERVICE_TYPE.CODE));
        for (int i = 0; i < declined.size(); i++) {
            String code = declined.get(i);
            if (code == null || !known.contains(code)) {
                problems.add(new FieldProblem("declinedExtras[" + i + "]", code, "is not a service code of the price list"));
            }
        }
        return problems;
    }

    static void checkWindow(PreferredWindow window, List<FieldProblem> problems) {
        if (window.start() == null) {
            problems.add(new FieldProblem("preferredWindow.start", null, "is required when a preferred window is given"));
        }
        if (window.end() == null) {
            problems.add(new FieldProblem("preferredWindow.end", null, "is required when a preferred window is given"));
        }
        if (window.start() != null && window.end() != null && !window.start().isBefore(window.end())) {
            problems.add(new FieldProblem("preferredWindow.end", window.end().toString(),
                    "must be after preferredWindow.start (" + window.start() + ")"));
        }
    }
}
