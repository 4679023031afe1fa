package org.fieldplan.api.contract;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A contract as the office enters it. Every field is nullable on the wire so that all problems are reported at once.
 *
 * @param customerId the customer (an association, a company, a resident)
 * @param number     the contract's number, unique (e.g. {@code C-2027-014})
 * @param title      what it is about
 * @param startsOn   the first day it is valid
 * @param endsOn     the last day, or open
 * @param services   the regular work, at least one
 */
public record ContractInput(@Nullable Long customerId, @Nullable String number, @Nullable String title,
                            @Nullable LocalDate startsOn, @Nullable LocalDate endsOn, @Nullable List<Line> services) {

    /**
     * One regular work.
     *
     * @param serviceTypeId   the service, by id, or
     * @param serviceTypeCode by code
     * @param quantity        per visit, 1 when left out
     * @param unitPrice       the contract's price per unit; the catalogue's base price of the day when left out
     * @param addressId       one of the customer's saved addresses, or
     * @param address         an address with its point
     * @param frequency       weekly, monthly or dates
     * @param weekday         weekly: 1 (Monday) .. 7 (Sunday)
     * @param everyWeeks      weekly: every how many weeks (1 when left out)
     * @param dayOfMonth      monthly: 1 .. 31 (the month's last day when shorter)
     * @param dates           dates: the days
     * @param season          only within this season, optional
     * @param priority        1 .. 5 for the requests created, 3 when left out
     * @param note            written into the requests' description
     */
    public record Line(@Nullable Long serviceTypeId, @Nullable String serviceTypeCode, @Nullable Integer quantity,
                       @Nullable BigDecimal unitPrice, @Nullable Long addressId, @Nullable Address address,
                       @Nullable String frequency, @Nullable Integer weekday, @Nullable Integer everyWeeks,
                       @Nullable Integer dayOfMonth, @Nullable List<LocalDate> dates, @Nullable SeasonInput season,
                       @Nullable Integer priority, @Nullable String note) {}

    /** An address line with its point (WGS 84). */
    public record Address(@Nullable String line, @Nullable Double lat, @Nullable Double lon) {}

    /** A season by month and day, {@code "04-01"} .. {@code "10-31"}. */
    public record SeasonInput(@Nullable String from, @Nullable String to) {}
}
