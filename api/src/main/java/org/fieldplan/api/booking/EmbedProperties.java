package org.fieldplan.api.booking;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.embed.*}: the booking form on the company's own website.
 *
 * @param origins     the sites (scheme://host[:port]) that may embed the form in an iframe ({@code frame-ancestors}) and
 *                    call the public API from their pages' scripts (CORS); empty: only the service's own pages
 * @param color       the company's colour (six hex digits, no #) for the form's header and buttons; an embedding page
 *                    may choose another with {@code ?color=}
 * @param companyName the name the customers' pages show in their header
 */
@ConfigurationProperties("fieldplan.embed")
public record EmbedProperties(
        @DefaultValue({}) List<String> origins,
        @DefaultValue("1f4e79") String color,
        @DefaultValue("FieldPlan") String companyName) {

    static final Pattern COLOR = Pattern.compile("[0-9a-fA-F]{6}");
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

    public EmbedProperties {
        origins = List.copyOf(origins);
        for (String origin : origins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw new IllegalArgumentException("fieldplan.embed.origins has '" + origin
                        + "'; write each origin as scheme://host[:port], such as https://www.example.com (no path, no *)");
            }
        }
        if (!COLOR.matcher(color).matches()) {
            throw new IllegalArgumentException("fieldplan.embed.color is '" + color + "'; use six hex digits such as 1f4e79");
        }
    }
}
