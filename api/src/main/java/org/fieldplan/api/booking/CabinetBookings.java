package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.SERVICE_REQUEST;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.cabinet.CabinetProperties;
import org.fieldplan.api.config.FieldPlanProperties;
import org.fieldplan.api.planning.route.RouteWriter;
import org.fieldplan.api.request.RequestStatus;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ApiException;
import org.fieldplan.engine.slots.DailyWindow;
import org.fieldplan.engine.travel.GeoPoint;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customer moves their own scheduled visit to another free window from the cabinet: the windows of the public form
 * for the request's first service at its address, re-checked under the locks of the old and the new day against the
 * routes and every hold; the stop leaves its route ({@link RouteWriter}) and goes onto the route the window search
 * chose ({@link WindowPlacement}); the request keeps its status, gets the new window and technician through the
 * request writer, so its history and the customer's "moved" message with the calendar update follow. Allowed until
 * {@code fieldplan.cabinet.change-until} (24 h) before the visit's window; later, the customer writes to the office.
 */
@Service
public class CabinetBookings {

    /** The visit after the move. */
    public record Moved(long requestId, LocalDate date, String start, String end) {}

    private final DSLContext db;
    private final BookingHorizon horizon;
    private final BookingWindows windows;
    private final BookingDayLock dayLock;
    private final WindowPlacement placement;
    private final ServiceRequests requests;
    private final RequestWriter requestWriter;
    private final RouteWriter routes;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ZoneId timeZone;
    private final Duration changeUntil;

    CabinetBookings(DSLContext db, BookingHorizon horizon, BookingWindows windows, BookingDayLock dayLock,
            WindowPlacement placement, ServiceRequests requests, RequestWriter requestWriter, RouteWriter routes,
            TransactionTemplate transaction, Clock clock, FieldPlanProperties fieldPlan, CabinetProperties cabinet) {
        this.db = db;
        this.horizon = horizon;
        this.windows = windows;
        this.dayLock = dayLock;
        this.placement = placement;
        this.requests = requests;
        this.requestWriter = requestWriter;
        this.routes = routes;
        this.transaction = transaction;
        this.clock = clock;
        this.timeZone = fieldPlan.timeZone();
        this.changeUntil = cabinet.changeUntil();
    }

    /** Whether the customer may still move or cancel a visit promised for {@code windowStart} (null: nothing promised). */
    public boolean changeable(@Nullable OffsetDateTime windowStart) {
        return windowStart == null || OffsetDateTime.now(clock).plus(changeUntil).isBefore(windowStart);
    }

    /** The rule's length, for the texts that explain it. */
    public Duration changeUntil() {
        return changeUntil;
    }

    public Moved reschedule(long requestId, @Nullable LocalDate date, @Nullable String start, @Nullable String lang,
            CurrentUser caller) {
        ServiceRequestView request = requests.get(requestId, caller); // 404 outside the caller's organisation
        RequestStatus status = RequestStatus.fromCode(request.status());
        if (status != RequestStatus.SCHEDULED) {
            throw new ApiException(HttpStatus.CONFLICT, "not-reschedulable", "Cannot be moved", "Service request "
                    + request.registrationNumber() + " is " + status.code() + "; only a scheduled visit can be moved to another window.",
                    Map.of("status", status.code()));
        }
        OffsetDateTime current = db.select(SERVICE_REQUEST.WINDOW_START).from(SERVICE_REQUEST)
                .where(SERVICE_REQUEST.ID.eq(requestId)).fetchOne(SERVICE_REQUEST.WINDOW_START);
        if (!changeable(current)) {
            throw tooLate(request.registrationNumber());
        }
        if (request.services().isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "no-service", "Nothing to book", "Service request "
                    + request.registrationNumber() + " has no service to book a window for.", Map.of());
        }
        ChosenWindow chosen = ChosenWindow.of(horizon, windows, request, date, start, timeZone);
        ServiceRequestView.ServiceLineView first = chosen.first();
        ServiceType type = chosen.type();
        LocalDate day = chosen.day();
        List<ZoneShape> zones = chosen.zones();
        DailyWindow window = chosen.window();
        RequestWriter.PromisedWindow promised = chosen.promised();
        if (!changeable(promised.start())) {
            throw new org.fieldplan.api.web.InvalidInputException("date", day, "the new window must start more than "
                    + changeUntil.toHours() + " h from now");
        }
        String note = "Moved in the cabinet by " + caller.username() + " to " + day + " " + window;
        CurrentUser actor = CurrentUser.system("cabinet " + caller.username());

        String refused = transaction.execute(tx -> {
            LocalDate oldDay = current == null ? day : current.atZoneSameInstant(timeZone).toLocalDate();
            // both days' locks, in date order (two moves between the same days never wait for each other in a circle)
            dayLock.lock(oldDay.isBefore(day) ? oldDay : day);
            if (!oldDay.equals(day)) {
                dayLock.lock(oldDay.isBefore(day) ? day : oldDay);
            }
            requestWriter.promiseWindow(requestId, promised, note + ".", actor);
            routes.removeRequest(requestId);
            String code = placement.place(requestId, day, window, type.code(), null, promised, note, actor);
            if (code != null) {
                tx.setRollbackOnly();
            }
            return code;
        });
        horizon.changed();
        if (refused != null) {
            throw windows.taken(new GeoPoint(request.lat(), request.lon()), type, first.quantity(), zones, day, window,
                    new BookingTexts(lang));
        }
        return new Moved(requestId, day, window.start().toString(), window.end().toString());
    }

    /** 409: the visit is too close to be moved or cancelled from the cabinet. */
    public ApiException tooLate(String registrationNumber) {
        return new ApiException(HttpStatus.CONFLICT, "too-late-to-change", "Too late to change here", "The visit of "
                + registrationNumber + " starts in less than " + changeUntil.toHours()
                + " h; please write to the office to move or cancel it.", Map.of("changeUntilHours", changeUntil.toHours()));
    }

}
