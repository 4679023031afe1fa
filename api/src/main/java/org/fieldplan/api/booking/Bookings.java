package org.fieldplan.api.booking;

import static org.fieldplan.api.booking.BookingChecks.failIfAny;
import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_HOLD;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldplan.api.booking.BookingChecks.CheckedContact;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.fieldplan.api.booking.BookingMessages.BookingInput;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.travel.GeoPoint;
import org.fieldplan.geo.road.OffRoadLocation;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bookings from the public site.
 * <p>
 * Race safety: holds and bookings of one day run one at a time ({@link BookingDayLock}). Inside that lock the window
 * is checked again against the routes as they are then (and every other customer's hold), and only then is the
 * request stored, scheduled and put into the route, all in the same transaction.
 */
@Service
class Bookings {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Bookings.class);

    private sealed interface Outcome permits BookedOutcome, Replayed, Rejected, KeyReused {}

    private record BookedOutcome(Booked booked) implements Outcome {}

    private record Replayed(Booked booked) implements Outcome {}

    private record Rejected(String code) implements Outcome {}

    private record KeyReused() implements Outcome {}

    /** The answer of a booking and whether it was made now (201) or replayed for a repeated key (200). */
    record BookingResult(Booked booked, boolean replayed) {}

    private final DSLContext db;
    private final BookingHorizon horizon;
    private final BookingWindows windows;
    private final BookingDayLock dayLock;
    private final IdempotencyKeys keys;
    private final BookingContacts contacts;
    private final WindowPlacement placement;
    private final RequestWriter requestWriter;
    private final RoadMap roadMap;
    private final RequestIntake intake;
    private final ServiceRequests requests;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ZoneId timeZone;

    Bookings(DSLContext db, BookingHorizon horizon, BookingWindows windows, BookingDayLock dayLock, IdempotencyKeys keys,
            BookingContacts contacts, WindowPlacement placement, RoadMap roadMap,
            RequestIntake intake, ServiceRequests requests, RequestWriter requestWriter, TransactionTemplate transaction, Clock clock,
            FieldPlanProperties fieldPlan) {
        this.db = db;
        this.horizon = horizon;
        this.windows = windows;
        this.dayLock = dayLock;
        this.keys = keys;
        this.contacts = contacts;
        this.placement = placement;
        this.requestWriter = requestWriter;
        this.roadMap = roadMap;
        this.intake = intake;
        this.requests = requests;
        this.transaction = transaction;
        this.clock = clock;
        this.timeZone = fieldPlan.timeZone();
    }

    BookingResult book(BookingInput in, @Nullable String idempotencyKey) {
        return book(in, idempotencyKey, null);
    }

    /**
     * A booking made from the customer's cabinet: the same checks, lock and placement as the public form's, for the
     * signed-in contact person's organisation (no contact fields needed: the customer record is theirs) and recorded
     * in the history under their name.
     */
    BookingResult bookForCustomer(BookingInput in, @Nullable String idempotencyKey, CurrentUser customer) {
        if (customer.customerId() == null) {
            throw new org.springframework.security.access.AccessDeniedException("Only a customer's contact person books from the cabinet.");
        }
        return book(in, idempotencyKey, customer);
    }

    private BookingResult book(BookingInput in, @Nullable String idempotencyKey, @Nullable CurrentUser customer) {
        List<FieldProblem> found = new ArrayList<>();
        BookingChecks.idempotencyKey(found, idempotencyKey);
        BookingChecks.point(found, in.lat(), in.lon());
        String addressLine = BookingChecks.addressLine(found, in.addressLine());
        State s = horizon.recent(Duration.ofSeconds(5));
        ServiceType type = BookingChecks.serviceType(found, s, in.service());
        int qty = BookingChecks.quantity(found, in.quantity());
        List<NewServiceRequest.ServiceLine> lines = new ArrayList<>(List.of(new NewServiceRequest.ServiceLine(null, type.code(), qty)));
        List<NewServiceRequest.ServiceLine> more = BookingChecks.moreServices(found, s, in.moreServices());
        lines.addAll(more);
        ServiceType visit = BookingChecks.visit(type, qty, s, more);
        LocalDate day = BookingChecks.day(found, s.from, s.to, in.date());
        CheckedContact contact = customer == null ? BookingChecks.contact(found, in.contact()) : null;
        String comment = BookingChecks.comment(found, in.comment());
        List<String> declined = BookingChecks.declinedExtras(found, s, in.declinedExtras());
        failIfAny(found);
        List<ZoneShape> zones = BookingChecks.zonesOrFail(s, in.lat(), in.lon());
        DailyWindow window = windows.window(type, zones, in.start());
        GeoPoint point = new GeoPoint(in.lat(), in.lon());
        checkOnRoad(point);
        String bodyHash = IdempotencyKeys.sha256(in.toString() + (customer == null ? "" : " customer " + customer.customerId()));
        OffsetDateTime now = OffsetDateTime.now(clock);

        Outcome outcome = transaction.execute(tx -> {
            switch (keys.claim(idempotencyKey, bodyHash, now)) {
                case IdempotencyKeys.Replay r -> {
                    return new Replayed(r.booked());
                }
                case IdempotencyKeys.Reused r -> {
                    return new KeyReused();
                }
                case IdempotencyKeys.Fresh f -> { }
            }
            dayLock.lock(day);
            long customerId = customer != null ? customer.customerId() : contacts.customerFor(contact, new BookingTexts(in.lang()).lang());
            // the form's own moves (registered -> quoted -> agreed -> scheduled) are the booking's, not the customer's
            // (customers may not quote); the history names the contact person who booked from the cabinet
            CurrentUser site = CurrentUser.system(customer != null ? "cabinet booking by " + customer.username() : "public booking site");
            ServiceRequestView request = intake.intake(new NewServiceRequest(customerId, null,
                    new NewServiceRequest.AddressInput(addressLine, point.lat(), point.lon()),
                    lines, "site", 3,
                    at(day, LocalTime.of(23, 59)), new PreferredWindow(at(day, window.start()), at(day, window.end())),
                    comment, declined), site);
            long requestId = request.id();
            String note = (customer != null ? "Booked in the cabinet by " + customer.username() : "Booked on the public site")
                    + " for " + day + " " + window;
            RequestWriter.PromisedWindow promised = new RequestWriter.PromisedWindow(at(day, window.start()), at(day, window.end()));
            requestWriter.promiseWindow(requestId, promised, note + ".", site);
            requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.QUOTED, note), site);
            requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.AGREED, note), site);

            // the window again, against the routes as they are now and every other customer's hold
            String refused = placement.place(requestId, day, window, type.code(), in.holdId(), promised, note, site);
            if (refused != null) {
                tx.setRollbackOnly();
                return new Rejected(refused);
            }
            if (in.holdId() != null) {
                db.update(BOOKING_HOLD).set(BOOKING_HOLD.REQUEST_ID, requestId)
                        .where(BOOKING_HOLD.ID.eq(in.holdId()).or(BOOKING_HOLD.TEAM_OF.eq(in.holdId()))).execute();
            }
            Booked booked = new Booked(request.registrationNumber(), requestId, day, window.start().toString(),
                    window.end().toString());
            keys.answer(idempotencyKey, booked);
            return new BookedOutcome(booked);
        });
        horizon.changed();
        horizon.awaitOwnChanges(); // the customer sees it in their next query; nobody else waits for it
        if (outcome instanceof BookedOutcome b) {
            try (var mdc = org.slf4j.MDC.putCloseable("registrationNumber", b.booked().registrationNumber())) {
                LOG.info("booked {} on {} {}-{}", b.booked().registrationNumber(), b.booked().date(), b.booked().start(),
                        b.booked().end());
            }
        }
        return switch (outcome) {
            case BookedOutcome b -> new BookingResult(b.booked(), false);
            case Replayed r -> new BookingResult(r.booked(), true);
            case KeyReused k -> throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "Idempotency-Key used for another booking", "The Idempotency-Key " + idempotencyKey
                    + " was already used for a different booking; generate a new key for a new booking.", Map.of());
            case Rejected r -> throw windows.taken(point, visit, 1, zones, day, window, new BookingTexts(in.lang()));
        };
    }

    private void checkOnRoad(GeoPoint point) {
        List<OffRoadLocation> off = roadMap.offRoad(List.of(point));
        if (!off.isEmpty()) {
            throw new InvalidInputException(List.of(new FieldProblem("lat", point.lat(), "the address (" + point.lat()
                    + ", " + point.lon() + ") is " + Math.round(off.get(0).distanceMetres())
                    + " m from the nearest road; move the point onto the street of the address")));
        }
    }

    private OffsetDateTime at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(timeZone).toOffsetDateTime();
    }
}
