package org.fieldplan.api.notification;

import java.time.Instant;

import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableMethod;
import net.fortuna.ical4j.model.property.immutable.ImmutableStatus;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.jspecify.annotations.Nullable;

/**
 * A visit as an iCalendar object (RFC 5545, built with ical4j) for the customer's calendar: {@code METHOD:REQUEST}
 * when it is booked or moves, {@code METHOD:CANCEL} when it is cancelled. One UID per service request
 * ({@code request-<id>@<domain>}) and a SEQUENCE that only grows (the request's version), so a calendar updates or
 * removes the event it already has instead of adding a second one.
 */
final class VisitCalendar {

    static final String PRODUCT = "-//FieldPlan//Notifications//EN";

    private VisitCalendar() {
    }

    /** The event's UID for a request. */
    static String uid(long requestId, String domain) {
        return "request-" + requestId + "@" + domain;
    }

    /** The calendar text (CRLF lines, folded at 75 octets by ical4j). */
    static String visit(boolean cancel, long requestId, String domain, int sequence, Instant start, Instant end,
                        Instant stamp, String summary, String location, String description, @Nullable String url,
                        @Nullable String organizerEmail) {
        VEvent event = new VEvent(start, end, summary);
        event.add(new Uid(uid(requestId, domain)));
        event.add(new DtStamp(stamp));
        event.add(new Sequence(sequence));
        event.add(new Location(location));
        event.add(new Description(description));
        event.add(cancel ? ImmutableStatus.VEVENT_CANCELLED : ImmutableStatus.VEVENT_CONFIRMED);
        if (url != null) {
            try {
                event.add(new Url(java.net.URI.create(url)));
            } catch (IllegalArgumentException ignored) {
                // a base URL that is not a URI leaves the event without a link, not without the event
            }
        }
        if (organizerEmail != null && !organizerEmail.isBlank()) {
            try {
                event.add(new Organizer("mailto:" + organizerEmail.replaceAll(".*<|>.*", "").strip()));
            } catch (RuntimeException ignored) {
                // the organizer is optional for METHOD:REQUEST from a service
            }
        }
        Calendar calendar = new Calendar();
        calendar.add(new ProdId(PRODUCT));
        calendar.add(ImmutableVersion.VERSION_2_0);
        calendar.add(ImmutableCalScale.GREGORIAN);
        calendar.add(cancel ? ImmutableMethod.CANCEL : ImmutableMethod.REQUEST);
        calendar.add(event);
        return calendar.toString();
    }
}
