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
 */
@ConfigurationProperties("fieldplan.map")
@Validated
public record MapProperties(
        @DefaultValue("osm/malta-2018-08-27.osm.pbf") @NotNull String extract,
        @DefaultValue("") @NotNull String graphCache,
        @DefaultValue("300") @Positive double snapLimitMetres,
        @DefaultValue("30") @Positive double straightLineKmh,
        @DefaultValue("1.3") @Positive double detourFactor) {}
