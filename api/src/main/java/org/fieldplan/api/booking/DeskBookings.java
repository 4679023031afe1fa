package org.fieldplan.api.booking;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.travel.GeoPoint;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The desk books a registered request into a free window, for the caller on the phone: the same windows as the public
 * form (its first service decides the length), the same re-check under the day's lock and the same placement on a route
 * ({@link WindowPlacement}); the request moves to agreed on the way (its history names the dispatcher) and ends
 * scheduled with the promised window. A window gone in between is a 409 with nearby free windows, as on the public form.
 */
@Service
class DeskBookings {

    private static final List<RequestStatus> BOOKABLE = List.of(RequestStatus.NEW, RequestStatus.QUOTED, RequestStatus.AGREED);

    private final BookingHorizon horizon;
    private final BookingWindows windows;
    private final BookingDayLock dayLock;
    private final WindowPlacement placement;
    private final ServiceRequests requests;
    private final RequestWriter requestWriter;
    private final TransactionTemplate transaction;
    private final ZoneId timeZone;

    DeskBookings(BookingHorizon horizon, BookingWindows windows, BookingDayLock dayLock, WindowPlacement placement,
            ServiceRequests requests, RequestWriter requestWriter, TransactionTemplate transaction, FieldPlanProperties fieldPlan) {
        this.horizon = horizon;
        this.windows = windows;
        this.dayLock = dayLock;
        this.placement = placement;
        this.requests = requests;
        this.requestWriter = requestWriter;
        this.transaction = transaction;
        this.timeZone = fieldPlan.timeZone();
    }

    ServiceRequestView book(long requestId, @Nullable LocalDate date, @Nullable String start, @Nullable String lang, CurrentUser caller) {
        ServiceRequestView request = requests.get(requestId, caller); // 404 outside the caller's scope, before anything else
        RequestStatus status = RequestStatus.fromCode(request.status());
        if (!BOOKABLE.contains(status)) {
            throw new ConflictException("Service request " + request.registrationNumber() + " is " + status.code()
                    + "; only a new, quoted or agreed request can be booked into a window. Move it on the board instead.");
        }
        if (request.services().isEmpty()) {
            throw new ConflictException("Service request " + request.registrationNumber() + " has no service to book a window for.");
        }
        ChosenWindow chosen = ChosenWindow.of(horizon, windows, request, date, start, timeZone);
        ServiceRequestView.ServiceLineView first = chosen.first();
        ServiceType type = chosen.type();
        LocalDate day = chosen.day();
        List<ZoneShape> zones = chosen.zones();
        DailyWindow window = chosen.window();
        RequestWriter.PromisedWindow promised = chosen.promised();
        String note = "Booked at the desk by " + caller.username() + " for " + day + " " + window;

        String refused = transaction.execute(tx -> {
            dayLock.lock(day);
            requestWriter.promiseWindow(requestId, promised, note + ".", caller);
            RequestStatus now = RequestStatus.fromCode(requests.get(requestId, caller).status());
            if (now == RequestStatus.NEW) {
                requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.QUOTED, note), caller);
                now = RequestStatus.QUOTED;
            }
            if (now == RequestStatus.QUOTED) {
                requests.changeStatus(requestId, null, StatusChange.to(RequestStatus.AGREED, note), caller);
            }
            String code = placement.place(requestId, day, window, type.code(), null, promised, note, caller);
            if (code != null) {
                tx.setRollbackOnly();
            }
            return code;
        });
        horizon.changed();
        horizon.awaitOwnChanges(); // the customer sees it in their next query; nobody else waits for it
        if (refused != null) {
            throw windows.taken(new GeoPoint(request.lat(), request.lon()), type, first.quantity(), zones, day, window,
                    new BookingTexts(lang));
        }
        return requests.get(requestId, caller);
    }

}
