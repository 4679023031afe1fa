package org.fieldplan.api.address;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.fieldplan.api.address.AddressIndex.Address;
import org.fieldplan.api.address.AddressIndex.ZoneAt;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The desk's address search: suggestions with the zones they lie in and the dispatchers responsible. */
@RestController
@RequestMapping("/api/addresses")
class AddressController {

    private final AddressIndex index;

    AddressController(AddressIndex index) {
        this.index = index;
    }

    /** A suggestion with its zones: the first zone is the one a request there is routed to; none = outside every zone. */
    record AddressView(String label, String street, @Nullable String houseNumber, String locality, double lat,
            double lon, boolean exact, List<ZoneAt> zones) {}

    /**
     * Doors and streets of the map whose names contain every word of {@code q} (case and accents ignored, Latin or
     * Cyrillic); a number in {@code q} is the house number. {@code exact} is true when the point is the door itself,
     * false when it is a point on the street (drop the pin on the door).
     */
    @Operation(summary = "Search addresses with their zones and dispatchers")
    @CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
            scope = "The map's addresses and every zone's name and dispatcher (the company's set-up, readable by all staff).")
    @GetMapping
    List<AddressView> search(@RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "10") int limit) {
        return index.search(q, limit).stream().map(a -> new AddressView(a.label(), a.street(), a.houseNumber(),
                a.locality(), a.lat(), a.lon(), a.exact(), index.zonesAt(a.lat(), a.lon()))).toList();
    }
}
