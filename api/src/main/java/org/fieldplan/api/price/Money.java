package org.fieldplan.api.price;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Amounts as a person reads them, per locale: "€1,234.50" in English, "1 234,50 €" in Russian. */
public final class Money {

    private Money() {}

    public static Locale locale(@Nullable String lang) {
        return lang != null && lang.toLowerCase(Locale.ROOT).startsWith("ru") ? Locale.forLanguageTag("ru-RU") : Locale.forLanguageTag("en-IE");
    }

    public static String format(BigDecimal amount, String currency, @Nullable String lang) {
        NumberFormat f = NumberFormat.getCurrencyInstance(locale(lang));
        f.setCurrency(Currency.getInstance(currency));
        f.setMinimumFractionDigits(2);
        f.setMaximumFractionDigits(2);
        return f.format(amount).replace('\u00a0', ' ').replace('\u202f', ' ');
    }

    /** "from €120.00" / "от 120,00 €" when {@code from}. */
    public static String total(BigDecimal amount, boolean from, String currency, @Nullable String lang) {
        String text = format(amount, currency, lang);
        if (!from) {
            return text;
        }
        return (locale(lang).getLanguage().equals("ru") ? "от " : "from ") + text;
    }
}
