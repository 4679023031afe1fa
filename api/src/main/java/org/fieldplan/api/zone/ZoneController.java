package org.fieldplan.api.zone;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import org.fieldplan.api.web.Versions;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/zones")
class ZoneController {

    static final String GEO_JSON = "application/geo+json";
    static final String KML = "application/vnd.google-earth.kml+xml";
    private final ZoneService zones;

    ZoneController(ZoneService zones) {
        this.zones = zones;
    }

    @Operation(summary = "List the zones")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping
    List<ZoneView> list(@RequestParam(required = false) @Nullable String city) {
        return zones.list(city);
    }

    @Operation(summary = "Read one zone with its area")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/{id}")
    ResponseEntity<ZoneView> get(@PathVariable long id) {
        ZoneView zone = zones.get(id);
        return ResponseEntity.ok().eTag(Versions.etag(zone.version())).body(zone);
    }

    @Operation(summary = "Create a zone")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping
    ResponseEntity<ZoneSaved> create(@Valid @RequestBody ZoneInput input) {
        ZoneSaved saved = zones.create(input);
        return ResponseEntity.created(URI.create("/api/zones/" + saved.zone().id()))
                .eTag(Versions.etag(saved.zone().version())).body(saved);
    }

    @Operation(summary = "Change a zone (If-Match)")
    @CallableBy(Role.ADMINISTRATOR)
    @PutMapping("/{id}")
    ResponseEntity<ZoneSaved> update(@PathVariable long id, @Valid @RequestBody ZoneInput input,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch) {
        ZoneSaved saved = zones.update(id, input, Versions.required(ifMatch, "Replacing zone " + id));
        return ResponseEntity.ok().eTag(Versions.etag(saved.zone().version())).body(saved);
    }

    @Operation(summary = "Delete a zone")
    @CallableBy(Role.ADMINISTRATOR)
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id) {
        zones.delete(id);
    }

    /**
     * Checks an area before it is stored: always 200 with {@code valid}, every problem at the coordinates it names
     * (self-intersections, holes outside their shell, too few points...), the fixes that would be made, and the zones
     * it overlaps with the shared part. Nothing is written.
     */
    @Operation(summary = "Check a zone's area without storing it")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/validate")
    ZoneCheck validate(@Valid @RequestBody ZoneCheckInput input) {
        return zones.check(input);
    }

    /** All zones (optionally of one city) as KML 2.2 (Google My Maps and other dispatch products read it). */
    @Operation(summary = "Export the zones as KML")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping("/kml")
    ResponseEntity<String> exportKml(@RequestParam(required = false) @Nullable String city) {
        return ResponseEntity.ok().contentType(org.springframework.http.MediaType.parseMediaType(KML))
                .header("Content-Disposition", "attachment; filename=\"zones.kml\"").body(zones.exportKml(city));
    }

    /**
     * Creates or replaces (by city and name) the zones of a KML document ({@code application/vnd.google-earth.kml+xml};
     * the body is read as XML whatever its declared type); {@code city} for placemarks without one.
     */
    @Operation(summary = "Import zones from KML")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/kml")
    List<ZoneView> importKml(@RequestBody byte[] kml, @RequestParam(required = false) @Nullable String city) {
        return zones.importKml(kml, city);
    }

    /** All zones (optionally of one city) as a GeoJSON FeatureCollection. */
    @Operation(summary = "Export the zones as GeoJSON")
    @CallableBy({Role.ADMINISTRATOR, Role.DISPATCHER})
    @GetMapping(path = "/geojson", produces = {GEO_JSON, "application/json"})
    JsonNode export(@RequestParam(required = false) @Nullable String city) {
        return zones.exportGeoJson(city);
    }

    /** Creates or replaces (by city and name) the zones of a GeoJSON FeatureCollection; all or nothing. */
    @Operation(summary = "Import zones from GeoJSON")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping(path = "/geojson", consumes = {GEO_JSON, "application/json"})
    List<ZoneView> importGeoJson(@RequestBody String geojson) {
        return zones.importGeoJson(geojson);
    }
}
