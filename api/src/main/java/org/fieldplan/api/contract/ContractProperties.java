package org.fieldplan.api.contract;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Contracts ({@code fieldplan.contracts.*}).
 *
 * @param horizonDays   how far ahead the requests of regular work are created (days from today, inclusive)
 * @param generateEvery how often the cluster timer looks for occurrences to create
 */
@ConfigurationProperties("fieldplan.contracts")
public record ContractProperties(@DefaultValue("21") int horizonDays, @DefaultValue("1h") Duration generateEvery) {

    public ContractProperties {
        if (horizonDays < 0 || horizonDays > 366) {
            throw new IllegalArgumentException("fieldplan.contracts.horizon-days must be 0..366, not " + horizonDays);
        }
    }
}
