package org.fieldplan.api.address;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The address index ({@code fieldplan.addresses.*}).
 *
 * @param importOnStart build the index from the map extract when the service starts and the extract changed (in the
 *                      background; searches answer from the old index, or the street names of the road graph, meanwhile)
 * @param localityName  the OSM tag that names a locality in suggestions when a place has it ({@code name:en}:
 *                      "Mosta" rather than "Il-Mosta"); {@code name} otherwise. Every name stays searchable.
 */
@ConfigurationProperties("fieldplan.addresses")
@Validated
public record AddressProperties(
        @DefaultValue("true") boolean importOnStart,
        @DefaultValue("name:en") @NotBlank String localityName) {}
