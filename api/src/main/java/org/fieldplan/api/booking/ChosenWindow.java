package org.fieldplan.api.booking;

import static org.fieldplan.api.booking.BookingChecks.failIfAny;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.booking.BookingHorizon.ServiceType;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.request.RequestWriter;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.engine.slots.DailyWindow;
import org.jspecify.annotations.Nullable;

/**
 * The window a caller chose for a stored request's first service (the desk booking a caller in, the customer
 * moving a visit): the service, the day, the zones at the request's place and the offered window, checked
 * against the booking horizon; a bad date or start is a 400 naming the field.
 */
record ChosenWindow(ServiceRequestView.ServiceLineView first, ServiceType type, LocalDate day, List<ZoneShape> zones,
        DailyWindow window, RequestWriter.PromisedWindow promised) {

    static ChosenWindow of(BookingHorizon horizon, BookingWindows windows, ServiceRequestView request,
            @Nullable LocalDate date, @Nullable String start, ZoneId timeZone) {
        List<FieldProblem> found = new ArrayList<>();
        State s = horizon.recent(Duration.ofSeconds(5));
        ServiceRequestView.ServiceLineView first = request.services().getFirst();
        ServiceType type = BookingChecks.serviceType(found, s, first.serviceTypeCode());
        LocalDate day = BookingChecks.day(found, s.from, s.to, date);
        if (start == null || start.isBlank()) {
            found.add(new FieldProblem("start", start, "give the window's start as HH:MM, as the window search offers it"));
        }
        failIfAny(found);
        List<ZoneShape> zones = BookingChecks.zonesOrFail(s, request.lat(), request.lon());
        DailyWindow window = windows.window(type, zones, start);
        RequestWriter.PromisedWindow promised = new RequestWriter.PromisedWindow(
                day.atTime(window.start()).atZone(timeZone).toOffsetDateTime(),
                day.atTime(window.end()).atZone(timeZone).toOffsetDateTime());
        return new ChosenWindow(first, type, day, zones, window, promised);
    }
}
