package org.fieldplan.api.customer;

import java.util.List;
import org.fieldplan.api.web.LatLon;
import org.jspecify.annotations.Nullable;

/** A stored customer with contacts and addresses. */
public record CustomerView(
        long id,
        String name,
        String kind,
        @Nullable String email,
        @Nullable String phone,
        @Nullable String managementCompany,
        @Nullable Long userId,
        List<Contact> contacts,
        List<Address> addresses,
        int version,
        String language) {

    public record Contact(long id, String name, @Nullable String role, @Nullable String phone, @Nullable String email) {}

    public record Address(long id, @Nullable String label, String line, String city, LatLon location, @Nullable String notes) {}
}
