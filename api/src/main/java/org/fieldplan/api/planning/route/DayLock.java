package org.fieldplan.api.planning.route;

import java.time.LocalDate;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The per-day lock that every writer of a day's routes takes: bookings and holds, publishing a plan, board moves
 * and pins, field work, cancellations, absences. It is a transaction-scoped PostgreSQL advisory lock per day (every
 * zone of that day: a technician may work in several zones in one day), so it serialises writers across every
 * service instance and is released at commit or rollback. Taking it again in the same transaction is harmless.
 * Days are always locked in ascending order, so two writers of several days cannot deadlock.
 */
@Component
public class DayLock {

    /** The advisory lock namespace (the first key); the second is the day's epoch day. */
    static final int LOCK_SPACE = 0x0B00C1;

    private final DSLContext db;

    DayLock(DSLContext db) {
        this.db = db;
    }

    /** Waits for and takes the lock of {@code day} until the end of the current transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(LocalDate day) {
        db.fetch("SELECT pg_advisory_xact_lock(?, ?)", LOCK_SPACE, (int) day.toEpochDay());
    }

    /** Takes the locks of {@code from .. to}, in ascending order. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void lock(LocalDate from, LocalDate to) {
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            lock(d);
        }
    }
}
