package org.fieldplan.api.cabinet;

import java.time.Duration;

import org.fieldplan.api.limits.Rate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code fieldplan.cabinet.*}: the customers' sign-in.
 *
 * @param codeValidFor     how long a sign-in code or link works (once)
 * @param maxWrongCodes    wrong codes for one issued code before it stops working
 * @param codesPerContact  codes sent to one e-mail address or phone number (token bucket, e.g. 3/15m)
 * @param codesPerClient   codes asked for from one client address
 * @param checksPerClient  codes and links checked from one client address
 * @param changeUntil      how long before its window a customer may still move or cancel a scheduled visit in the
 *                         cabinet (later, they write to the office)
 */
@ConfigurationProperties("fieldplan.cabinet")
public record CabinetProperties(
        @DefaultValue("15m") Duration codeValidFor,
        @DefaultValue("5") int maxWrongCodes,
        @DefaultValue("3/15m") Rate codesPerContact,
        @DefaultValue("10/10m") Rate codesPerClient,
        @DefaultValue("30/10m") Rate checksPerClient,
        @DefaultValue("24h") Duration changeUntil) {

    public CabinetProperties {
        if (codeValidFor.isNegative() || codeValidFor.isZero() || codeValidFor.toHours() > 24) {
            throw new IllegalArgumentException("fieldplan.cabinet.code-valid-for is " + codeValidFor
                    + "; use a positive duration of at most a day, such as 15m.");
        }
        if (maxWrongCodes < 1) {
            throw new IllegalArgumentException("fieldplan.cabinet.max-wrong-codes is " + maxWrongCodes + "; use 1 or more.");
        }
    }
}
