package org.fieldplan.api.map;

import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.geo.tile.BaseMap;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The base map for the pages: the style, vector tiles and label glyphs. Public: they are OpenStreetMap data of the
 * deployment's area (no customer, request or route in them), and the booking page shows the map to customers who
 * are not signed in. Tiles and glyphs are immutable for a given extract and profile: cached for a day, with an ETag.
 */
@RestController
class MapController {

    private static final MediaType VECTOR_TILE = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
    private static final MediaType PROTOBUF = MediaType.parseMediaType("application/x-protobuf");
    private static final Pattern RANGE = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final String PUBLIC = "Anyone: OpenStreetMap data of the deployment's area, nothing of the company's.";

    private final BaseMapTiles tiles;
    private final MapProperties properties;
    private final String styleTemplate;

    MapController(BaseMapTiles tiles, MapProperties properties) {
        this.tiles = tiles;
        this.properties = properties;
        try (InputStream in = MapController.class.getResourceAsStream("/map/style.json")) {
            if (in == null) {
                throw new IllegalStateException("The map style (classpath /map/style.json) is missing from the build");
            }
            this.styleTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the map style", e);
        }
    }

    @Operation(summary = "The map style (MapLibre style JSON) over the service's own tiles, or the configured tile source")
    @CallableBy(anonymous = true, scope = PUBLIC)
    @GetMapping(value = "/api/public/map/style.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> style() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
        String tileUrl = properties.tileUrl().isBlank() ? base + "/api/public/map/tiles/{z}/{x}/{y}.pbf" : properties.tileUrl();
        String style = styleTemplate
                .replace("{{tiles}}", tileUrl)
                .replace("{{glyphs}}", base + "/api/public/map/glyphs/{fontstack}/{range}.pbf")
                .replace("{{maxzoom}}", Integer.toString(properties.tileMaxZoom()));
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePublic()).body(style);
    }

    @Operation(summary = "A vector tile of the base map (Mapbox Vector Tile, gzip as stored; 204 where the map is empty)")
    @CallableBy(anonymous = true, scope = PUBLIC)
    @GetMapping("/api/public/map/tiles/{z}/{x}/{y}.pbf")
    ResponseEntity<byte[]> tile(@PathVariable int z, @PathVariable int x, @PathVariable int y, WebRequest request) {
        if (z < 0 || z > BaseMap.MAX_SERVED_ZOOM || x < 0 || y < 0 || x >= (1 << z) || y >= (1 << z)) {
            throw new InvalidInputException(List.of(new FieldProblem("z/x/y", z + "/" + x + "/" + y,
                    "is not a tile: z from 0 to " + BaseMap.MAX_SERVED_ZOOM + ", x and y from 0 to 2^z - 1")));
        }
        BaseMap map = ownMap();
        String etag = "\"" + map.version() + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        byte[] tile = map.tile(z, x, y);
        CacheControl cache = CacheControl.maxAge(Duration.ofDays(1)).cachePublic();
        if (tile == null) {
            return ResponseEntity.noContent().cacheControl(cache).eTag(etag).build();
        }
        return ResponseEntity.ok().contentType(VECTOR_TILE).header(HttpHeaders.CONTENT_ENCODING, "gzip")
                .cacheControl(cache).eTag(etag).body(tile);
    }

    @Operation(summary = "Label glyphs (SDF, MapLibre's glyph PBF) of a font stack for 256 code points, e.g. DejaVu Sans/0-255")
    @CallableBy(anonymous = true, scope = PUBLIC)
    @GetMapping("/api/public/map/glyphs/{fontstack}/{range}.pbf")
    ResponseEntity<byte[]> glyphs(@PathVariable String fontstack, @PathVariable String range, WebRequest request) {
        Matcher m = RANGE.matcher(range);
        int start = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        if (start < 0 || start % 256 != 0 || start > 65280 || Integer.parseInt(m.group(2)) != start + 255) {
            throw new InvalidInputException(List.of(new FieldProblem("range", range,
                    "is not a glyph range: START-END with START a multiple of 256 up to 65280 and END = START + 255")));
        }
        // a stack of several fonts ("DejaVu Sans,Arial") is answered with the first one we have
        BaseMap map = ownMap();
        String etag = "\"" + map.version() + "\"";
        if (request.checkNotModified(etag)) {
            return null;
        }
        String font = fontstack.split(",")[0].strip();
        if (!map.fontStacks().contains(font) && !map.fontStacks().isEmpty()) {
            font = map.fontStacks().getFirst();
        }
        return ResponseEntity.ok().contentType(PROTOBUF)
                .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePublic()).eTag(etag)
                .body(map.glyphs(font, start));
    }

    private BaseMap ownMap() {
        if (!tiles.own()) {
            throw new org.fieldplan.api.web.NotFoundException("base map of this service", properties.tileUrl().isBlank()
                    ? "none: no extract is configured (fieldplan.map.extract)" : "none: tiles come from " + properties.tileUrl());
        }
        return tiles.map();
    }
}
