package org.fieldplan.api.request;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A service request as a caller submits it (phone intake by a dispatcher, the customer's own form, the
 * demo loader). Every field is nullable on the wire so that intake can report all missing or bad fields
 * at once; {@link RequestIntake} says which are required.
 *
 * @param customerId      the customer; a customer calling for themselves may leave it out
 * @param addressId       one of the customer's saved addresses, or else
 * @param address         an address with its point
 * @param services        the services asked for, at least one
 * @param source          phone, site, email, messenger or partner
 * @param priority        1 (low) .. 5 (urgent); 3 when left out
 * @param deadline        the date by which the work must be done (mandatory, in the future)
 * @param preferredWindow when the customer would like the visit, optional
 * @param declinedExtras  codes of the extra services (offered by the zone or the management company and added
 *                        automatically) that the customer removed before sending
 */
public record NewServiceRequest(
        @Nullable Long customerId,
        @Nullable Long addressId,
        @Nullable AddressInput address,
        @Nullable List<ServiceLine> services,
        @Nullable String source,
        @Nullable Integer priority,
        @Nullable OffsetDateTime deadline,
        @Nullable PreferredWindow preferredWindow,
        @Nullable String description,
        @Nullable List<String> declinedExtras) {

    /** A request without declined extras (every offered extra service is added). */
    public NewServiceRequest(@Nullable Long customerId, @Nullable Long addressId, @Nullable AddressInput address,
                             @Nullable List<ServiceLine> services, @Nullable String source, @Nullable Integer priority,
                             @Nullable OffsetDateTime deadline, @Nullable PreferredWindow preferredWindow,
                             @Nullable String description) {
        this(customerId, addressId, address, services, source, priority, deadline, preferredWindow, description, null);
    }

    /** An address line with its point (WGS 84). */
    public record AddressInput(@Nullable String line, @Nullable Double lat, @Nullable Double lon) {
    }

    /** One service with its quantity: name the service type by id or by code. */
    public record ServiceLine(@Nullable Long serviceTypeId, @Nullable String serviceTypeCode, @Nullable Integer quantity) {
    }
}
