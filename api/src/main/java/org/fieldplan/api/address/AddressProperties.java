package org.fieldplan.api.address;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.fieldplan.geo.address.AddressExtract;
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
 * @param localityAdminLevel the {@code admin_level} of the OSM administrative boundaries ({@code boundary=administrative}
 *                      relations) that decide the locality of a house or street: 8 (the default) is the municipality
 *                      level in most of Europe, Malta's local councils among them; empty: no boundaries, the nearest
 *                      place node decides as before. Outside every boundary of that level the nearest place decides.
 */
@ConfigurationProperties("fieldplan.addresses")
@Validated
public record AddressProperties(
        @DefaultValue("true") boolean importOnStart,
        @DefaultValue("name:en") @NotBlank String localityName,
        @DefaultValue(AddressExtract.DEFAULT_ADMIN_LEVEL) @Pattern(regexp = "[0-9]{0,2}",
                message = "an OSM admin_level (1-11), or empty for none") String localityAdminLevel) {}
