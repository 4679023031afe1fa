package org.fieldplan.api.booking;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldplan.api.booking.BookingMessages.Day;
import org.fieldplan.api.booking.BookingMessages.Slot;
import org.fieldplan.api.booking.BookingMessages.Window;
import org.fieldplan.api.booking.BookingMessages.Windows;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.json.JsonMapper;

/**
 * The window answer ({@link Windows}) written with Jackson's streaming generator instead of its record serializer, the
 * same bytes as the mapper gives (field order, {@code Window}'s non-null inclusion, dates as ISO text): the names and
 * the texts that repeat from query to query (window times, dates, reason codes and sentences, zone and service names)
 * are kept encoded, so a query encodes only its numbers (issue 18: the record serializer's reflective reads were a
 * twentieth of a query's CPU). {@code BookingIT.theDirectWindowQueryAnswersExactlyAsTheController} compares the two.
 */
final class WindowsJson {

    private static final SerializedString ZONE = new SerializedString("zone");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString SERVICE = new SerializedString("service");
    private static final SerializedString FROM = new SerializedString("from");
    private static final SerializedString TO = new SerializedString("to");
    private static final SerializedString DAYS = new SerializedString("days");
    private static final SerializedString DATE = new SerializedString("date");
    private static final SerializedString WINDOWS = new SerializedString("windows");
    private static final SerializedString START = new SerializedString("start");
    private static final SerializedString END = new SerializedString("end");
    private static final SerializedString AVAILABLE = new SerializedString("available");
    private static final SerializedString RANK = new SerializedString("rank");
    private static final SerializedString ADDED = new SerializedString("addedTravelMinutes");
    private static final SerializedString REASON_CODE = new SerializedString("reasonCode");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString NEAREST = new SerializedString("nearestFree");
    private static final SerializedString MESSAGE = new SerializedString("message");
    private static final SerializedString LANG = new SerializedString("lang");

    /** texts that repeat, encoded once; bounded (a full map encodes on the spot) */
    private static final int KEPT = 4096;
    private final ConcurrentHashMap<String, SerializedString> texts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<LocalDate, SerializedString> dates = new ConcurrentHashMap<>();
    private final JsonMapper json;

    WindowsJson(JsonMapper json) {
        this.json = json;
    }

    byte[] encode(Windows w) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeName(ZONE);
            if (w.zone() == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeName(ID);
                g.writeNumber(w.zone().id());
                g.writeName(NAME);
                g.writeString(kept(w.zone().name()));
                g.writeEndObject();
            }
            g.writeName(SERVICE);
            g.writeString(kept(w.service()));
            g.writeName(FROM);
            date(g, w.from());
            g.writeName(TO);
            date(g, w.to());
            g.writeName(DAYS);
            g.writeStartArray();
            for (Day d : w.days()) {
                g.writeStartObject();
                g.writeName(DATE);
                date(g, d.date());
                g.writeName(WINDOWS);
                g.writeStartArray();
                for (Window x : d.windows()) {
                    window(g, x);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeName(NEAREST);
            Slot s = w.nearestFree();
            if (s == null) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeName(DATE);
                date(g, s.date());
                g.writeName(START);
                g.writeString(kept(s.start()));
                g.writeName(END);
                g.writeString(kept(s.end()));
                g.writeEndObject();
            }
            g.writeName(MESSAGE);
            if (w.message() == null) {
                g.writeNull();
            } else {
                g.writeString(w.message()); // it names the dates and times of this one query: not kept
            }
            g.writeName(LANG);
            g.writeString(kept(w.lang()));
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private void window(JsonGenerator g, Window x) {
        g.writeStartObject();
        g.writeName(START);
        g.writeString(kept(x.start()));
        g.writeName(END);
        g.writeString(kept(x.end()));
        g.writeName(AVAILABLE);
        g.writeBoolean(x.available());
        // Window is @JsonInclude(NON_NULL)
        if (x.rank() != null) {
            g.writeName(RANK);
            g.writeNumber(x.rank());
        }
        if (x.addedTravelMinutes() != null) {
            g.writeName(ADDED);
            g.writeNumber(x.addedTravelMinutes());
        }
        if (x.reasonCode() != null) {
            g.writeName(REASON_CODE);
            g.writeString(kept(x.reasonCode()));
        }
        if (x.reason() != null) {
            g.writeName(REASON);
            g.writeString(kept(x.reason()));
        }
        g.writeEndObject();
    }

    private void date(JsonGenerator g, LocalDate d) {
        SerializedString s = dates.get(d);
        if (s == null) {
            s = new SerializedString(d.toString()); // ISO, as the mapper writes a LocalDate
            if (dates.size() < KEPT) {
                dates.putIfAbsent(d, s);
            }
        }
        g.writeString(s);
    }

    private SerializableString kept(String text) {
        SerializedString s = texts.get(text);
        if (s != null) {
            return s;
        }
        s = new SerializedString(text);
        if (texts.size() < KEPT) {
            texts.putIfAbsent(text, s);
        }
        return s;
    }
}
