package org.fieldplan.api.customer;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * How a customer wants to hear from the company: the language of their messages, the channel (e-mail, SMS,
 * Telegram), the Telegram chat, or no notifications at all. The cabinet and the customer sign-in ask for changes here
 * (this package owns the customer table); the caller validated the values.
 */
@Service
public class CustomerPreferences {

    /** The stored choice. */
    public record Preferences(String language, String channel, boolean optedOut, @Nullable String telegramChatId,
                              @Nullable String email, @Nullable String phone) {
    }

    private final DSLContext db;

    CustomerPreferences(DSLContext db) {
        this.db = db;
    }

    @Transactional(readOnly = true)
    public Preferences of(long customerId) {
        return db.select(CUSTOMER.LANGUAGE, CUSTOMER.PREFERRED_CHANNEL, CUSTOMER.NOTIFICATIONS_OPTED_OUT,
                        CUSTOMER.TELEGRAM_CHAT_ID, CUSTOMER.EMAIL, CUSTOMER.PHONE)
                .from(CUSTOMER).where(CUSTOMER.ID.eq(customerId))
                .fetchSingle(r -> new Preferences(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** The language the customer reads ({@code en}, {@code ru}), stored when they book or sign in. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void setLanguage(long customerId, String language) {
        db.update(CUSTOMER).set(CUSTOMER.LANGUAGE, language).where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.LANGUAGE.ne(language)).execute();
    }

    /**
     * Gives the customer {@code email} when their record has none (a request completed from an e-mail: the sender's
     * address is how they reach the office); an address already stored is kept.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public void fillEmailIfMissing(long customerId, @Nullable String email) {
        if (email == null || email.isBlank() || email.length() > 200) {
            return;
        }
        db.update(CUSTOMER).set(CUSTOMER.EMAIL, email.strip()).where(CUSTOMER.ID.eq(customerId))
                .and(CUSTOMER.EMAIL.isNull().or(CUSTOMER.EMAIL.eq(""))).execute();
    }

    /** Sets every preference at once (null leaves that one as it is). */
    @Transactional
    public Preferences set(long customerId, @Nullable String language, @Nullable String channel, @Nullable Boolean optedOut,
                           @Nullable String telegramChatId) {
        var update = db.update(CUSTOMER).set(CUSTOMER.ID, CUSTOMER.ID);
        if (language != null) {
            update = update.set(CUSTOMER.LANGUAGE, language);
        }
        if (channel != null) {
            update = update.set(CUSTOMER.PREFERRED_CHANNEL, channel);
        }
        if (optedOut != null) {
            update = update.set(CUSTOMER.NOTIFICATIONS_OPTED_OUT, optedOut);
        }
        if (telegramChatId != null) {
            update = update.set(CUSTOMER.TELEGRAM_CHAT_ID, telegramChatId.isBlank() ? null : telegramChatId.strip());
        }
        update.where(CUSTOMER.ID.eq(customerId)).execute();
        return of(customerId);
    }
}
