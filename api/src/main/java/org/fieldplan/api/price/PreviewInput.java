package org.fieldplan.api.price;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a form asks to be priced: where (a zone id, or a point whose zone is looked up), which services, which of the
 * offered extra services the customer removed, and the language of the formatted amounts. Staff may name the customer
 * (their management company's extras are offered); a signed-in customer is always themselves; the public form is
 * anonymous (extras by zone only).
 */
public record PreviewInput(@Nullable Long zoneId, @Nullable Double lat, @Nullable Double lon, @Nullable Long customerId,
                           @Nullable List<Service> services, @Nullable List<String> declinedExtras, @Nullable String lang) {

    /** A service by id or code, with its quantity (1 when left out). */
    public record Service(@Nullable Long serviceTypeId, @Nullable String serviceTypeCode, @Nullable Integer quantity) {}
}
