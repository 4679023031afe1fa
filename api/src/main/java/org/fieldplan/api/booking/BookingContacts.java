package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.fieldplan.api.booking.BookingChecks.CheckedContact;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/** The customer a public booking is stored for. */
@Component
class BookingContacts {

    private final DSLContext db;
    private final Clock clock;

    BookingContacts(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** {@code language} (en/ru) is the booking's language: the language of the customer's notifications. */
    long customerFor(CheckedContact contact, String language) {
        if (contact.email() != null) {
            Long existing = db.select(CUSTOMER.ID).from(CUSTOMER)
                    .where(DSL.lower(CUSTOMER.EMAIL).eq(contact.email().toLowerCase(Locale.ROOT)))
                    .orderBy(CUSTOMER.ID).limit(1).fetchOne(CUSTOMER.ID);
            if (existing != null) {
                return existing;
            }
        }
        return db.insertInto(CUSTOMER).set(CUSTOMER.NAME, contact.name()).set(CUSTOMER.KIND, "resident")
                .set(CUSTOMER.EMAIL, contact.email()).set(CUSTOMER.PHONE, contact.phone())
                .set(CUSTOMER.CREATED_AT, OffsetDateTime.now(clock)).set(CUSTOMER.LANGUAGE, language)
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
    }
}
