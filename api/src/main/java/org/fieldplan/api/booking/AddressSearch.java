package org.fieldplan.api.booking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.address.AddressIndex;
import org.fieldplan.api.booking.BookingHorizon.State;
import org.fieldplan.api.booking.BookingHorizon.ZoneShape;
import org.fieldplan.api.booking.BookingMessages.AddressSuggestion;
import org.fieldplan.api.map.RoadMap;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.geo.road.StreetPoint;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Address suggestions of the booking form: the desk's address index ({@link AddressIndex}: doors and streets with
 * their localities), without the staff details (zones, dispatchers). While the index is being built on a first start,
 * the street names of the road graph answer ({@link StreetIndex}).
 */
@Component
class AddressSearch {

    static final int MIN_LETTERS = 2;
    static final int MAX_QUERY = 100;

    private final RoadMap roadMap;
    private final BookingHorizon horizon;
    private final AddressIndex addressIndex;
    private volatile @Nullable StreetIndex index;

    AddressSearch(RoadMap roadMap, BookingHorizon horizon, AddressIndex addressIndex) {
        this.roadMap = roadMap;
        this.horizon = horizon;
        this.addressIndex = addressIndex;
    }

    /** Street names of the map that contain every word of {@code q} (case and accents ignored), best first. */
    List<AddressSuggestion> addresses(@Nullable String q, int limit) {
        long letters = q == null ? 0 : q.codePoints().filter(Character::isLetterOrDigit).count();
        if (q == null || letters < MIN_LETTERS) {
            throw new InvalidInputException("q", q, "type at least " + MIN_LETTERS + " letters of the street");
        }
        if (q.length() > MAX_QUERY) {
            throw new InvalidInputException("q", q.substring(0, 40) + "…", "is longer than " + MAX_QUERY + " characters");
        }
        if (limit < 1 || limit > 50) {
            throw new InvalidInputException("limit", limit, "must be between 1 and 50");
        }
        if (addressIndex.ready()) {
            return addressIndex.search(q, limit).stream().map(a -> new AddressSuggestion(a.label(), a.lat(), a.lon(),
                    a.street(), a.houseNumber(), a.locality(), a.exact())).toList();
        }
        List<StreetPoint> hits = index().find(q, limit).streets();
        if (hits.isEmpty()) {
            return List.of();
        }
        State state = horizon.forQueries(); // zone names: never waits for a preparation
        List<AddressSuggestion> out = new ArrayList<>();
        for (StreetPoint s : hits) {
            List<ZoneShape> zones = state.zonesAt(s.lat(), s.lon());
            String where = zones.isEmpty() ? "" : ", " + zones.get(0).name();
            out.add(new AddressSuggestion(s.name() + where, s.lat(), s.lon(), s.name(), null, "", false));
        }
        return out;
    }

    private StreetIndex index() {
        StreetIndex i = index;
        if (i == null) {
            synchronized (this) {
                i = index;
                if (i == null) {
                    i = new StreetIndex(roadMap.roads() ? roadMap.network().streets() : List.of());
                    index = i;
                }
            }
        }
        return i;
    }
}
