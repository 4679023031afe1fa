package org.fieldplan.api.request;

import static org.fieldplan.api.persistence.jooq.Tables.REQUEST_NUMBER_COUNTER;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Draws the next registration number of a year. The upsert takes a row lock on the year's counter that
 * is held until the calling transaction ends, so concurrent intakes queue on it and never share a number;
 * a rolled-back intake releases its number with the lock.
 */
@Component
class RegistrationNumbers {

    private final DSLContext db;

    RegistrationNumbers(DSLContext db) {
        this.db = db;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    RegistrationNumber next(int year) {
        long value = db.insertInto(REQUEST_NUMBER_COUNTER)
                .set(REQUEST_NUMBER_COUNTER.YEAR, year)
                .set(REQUEST_NUMBER_COUNTER.LAST_VALUE, 1L)
                .onConflict(REQUEST_NUMBER_COUNTER.YEAR)
                .doUpdate()
                .set(REQUEST_NUMBER_COUNTER.LAST_VALUE, REQUEST_NUMBER_COUNTER.LAST_VALUE.plus(1))
                .returningResult(REQUEST_NUMBER_COUNTER.LAST_VALUE)
                .fetchSingle().value1();
        return new RegistrationNumber(year, value);
    }
}
