package org.fieldplan.api.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A contract with its regular work and the requests created for it so far (the latest 100). */
public record ContractView(long id, long customerId, String customerName, String number, String title, LocalDate startsOn,
                           @Nullable LocalDate endsOn, boolean active, String currency, List<Line> services,
                           List<Visit> visits, int version) {

    /** One regular work. */
    public record Line(long id, int position, long serviceTypeId, String serviceTypeCode, String serviceTypeName,
                       int quantity, BigDecimal unitPrice, String addressLine, double lat, double lon, String frequency,
                       @Nullable Integer weekday, int everyWeeks, @Nullable Integer dayOfMonth, List<LocalDate> dates,
                       @Nullable String seasonFrom, @Nullable String seasonTo, int priority, @Nullable String note) {}

    /** An occurrence created: its due day and its request (null when the request was deleted since). */
    public record Visit(long serviceId, LocalDate dueOn, @Nullable Long requestId, @Nullable String registrationNumber,
                        @Nullable String status) {}
}
