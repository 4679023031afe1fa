package org.fieldplan.api.price;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Currency;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Prices ({@code fieldplan.prices.*}). One deployment serves one company, so the company's currency is a setting.
 *
 * @param currency the ISO 4217 code of the company's currency (EUR for the demo; RUB for a Russian deployment)
 */
@ConfigurationProperties("fieldplan.prices")
@Validated
public record PriceProperties(@DefaultValue("EUR") @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR or RUB") String currency) {

    public PriceProperties {
        Currency.getInstance(currency); // an unknown code stops the start with the code in the message
    }
}
