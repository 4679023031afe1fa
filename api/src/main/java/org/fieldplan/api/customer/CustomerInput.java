package org.fieldplan.api.customer;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.fieldplan.api.web.LatLon;
import org.jspecify.annotations.Nullable;

/**
 * A customer as a caller creates or replaces one. On replace, addresses with an {@code id} are updated, those
 * without are added, and stored addresses not listed are removed (unless a service request uses them).
 * {@code language} ({@code en} or {@code ru}) is the language of the customer's notifications; left out, a replace
 * keeps the stored one and a new customer reads English.
 */
record CustomerInput(
        @NotBlank @Size(max = 200) String name,
        @Nullable @Pattern(regexp = "resident|association|company", message = "must be one of resident, association, company") String kind,
        @Nullable @Email @Size(max = 200) String email,
        @Nullable @Size(max = 50) String phone,
        @Nullable @Size(max = 200) String managementCompany,
        @Nullable Long userId,
        @Nullable @Size(max = 20) List<@NotNull @Valid Contact> contacts,
        @Nullable @Size(max = 200) List<@NotNull @Valid Address> addresses,
        @Nullable @Pattern(regexp = "en|ru", message = "must be en or ru") String language) {

    record Contact(
            @NotBlank @Size(max = 200) String name,
            @Nullable @Size(max = 100) String role,
            @Nullable @Size(max = 50) String phone,
            @Nullable @Email @Size(max = 200) String email) {}

    record Address(
            @Nullable Long id,
            @Nullable @Size(max = 100) String label,
            @NotBlank @Size(max = 500) String line,
            @NotBlank @Size(max = 200) String city,
            @NotNull @Valid LatLon location,
            @Nullable @Size(max = 1000) String notes) {}
}
