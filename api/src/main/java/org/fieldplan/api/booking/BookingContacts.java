package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.fieldplan.api.booking.BookingChecks.CheckedContact;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/** The customer record a public booking is stored for: always its own. */
@Component
class BookingContacts {

    private final DSLContext db;
    private final Clock clock;

    BookingContacts(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * A new contact for every anonymous booking. It never attaches itself to an existing customer found by e-mail or
     * phone: anyone can type anyone's address, and the request would land in that customer's cabinet (and their
     * history in the caller's confirmation). The office merges duplicates later.
     * {@code language} (en/ru) is the booking's language: the language of the customer's notifications.
     */
    long customerFor(CheckedContact contact, String language) {
        return db.insertInto(CUSTOMER).set(CUSTOMER.NAME, contact.name()).set(CUSTOMER.KIND, "resident")
                .set(CUSTOMER.EMAIL, contact.email()).set(CUSTOMER.PHONE, contact.phone())
                .set(CUSTOMER.CREATED_AT, OffsetDateTime.now(clock)).set(CUSTOMER.LANGUAGE, language)
                .returningResult(CUSTOMER.ID).fetchSingle().value1();
    }
}
