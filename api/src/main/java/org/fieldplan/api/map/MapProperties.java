package org.fieldplan.api.map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The road map ({@code fieldplan.map.*}).
 *
 * @param extract         the OpenStreetMap extract (.osm.pbf), relative to {@code fieldplan.data-dir} unless absolute;
 *                        empty = no road network: straight lines at {@code straightLineKmh} times {@code detourFactor}
 * @param graphCache      where imported graphs are kept; empty = {@code FIELDPLAN_GRAPH_CACHE} or ~/.cache/fieldplan/graphs
 * @param snapLimitMetres an address farther than this from any road is rejected with its distance
 * @param straightLineKmh speed of the straight-line fallback
 * @param detourFactor    road length over straight-line length assumed by the fallback
 * @param tileUrl         where the pages' base map comes from: empty = the service's own tiles, built from the extract
 *                        at start-up (next to the graph cache) and served at /api/public/map/tiles/{z}/{x}/{y}.pbf;
 *                        or another source's vector-tile URL template with {z}, {x}, {y} in the same schema
 * @param tileCache       where the built base map is kept; empty = next to the graphs (the graph cache root)
 * @param tileMaxZoom     the deepest zoom the tiles are built at (10-15); MapLibre draws deeper zooms from it
 * @param fontDir         the TrueType fonts label glyphs are made from (DejaVuSans.ttf, DejaVuSans-Bold.ttf; Debian's
 *                        fonts-dejavu-core, the fonts the route sheet's PDF uses too)
 */
@ConfigurationProperties("fieldplan.map")
@Validated
public record MapProperties(
        @DefaultValue("osm/malta-2018-08-27.osm.pbf") @NotNull String extract,
        @DefaultValue("") @NotNull String graphCache,
        @DefaultValue("300") @Positive double snapLimitMetres,
        @DefaultValue("30") @Positive double straightLineKmh,
        @DefaultValue("1.3") @Positive double detourFactor,
        @DefaultValue("") @NotNull String tileUrl,
        @DefaultValue("") @NotNull String tileCache,
        @DefaultValue("14") @jakarta.validation.constraints.Min(10) @jakarta.validation.constraints.Max(15) int tileMaxZoom,
        @DefaultValue("/usr/share/fonts/truetype/dejavu") @NotNull String fontDir) {}
