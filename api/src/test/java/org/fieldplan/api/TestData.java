package org.fieldplan.api;

import static org.fieldplan.api.persistence.jooq.Tables.APP_USER;
import static org.fieldplan.api.persistence.jooq.Tables.APP_USER_ROLE;

import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;

/** Rows the tests need that no endpoint of theirs creates (users belong to the security package). */
public final class TestData {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestData() {}

    /** A unique suffix so tests sharing the database never collide on unique names. */
    public static String unique(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** A user with one role; the password hash is a placeholder nobody can log in with. */
    public static long user(DSLContext db, String role) {
        long id = db.insertInto(APP_USER, APP_USER.USERNAME, APP_USER.PASSWORD_HASH, APP_USER.DISPLAY_NAME)
                .values(unique(role), "{noop}-", "Test " + role).returning(APP_USER.ID).fetchOne(APP_USER.ID);
        db.insertInto(APP_USER_ROLE, APP_USER_ROLE.USER_ID, APP_USER_ROLE.ROLE_CODE).values(id, role).execute();
        return id;
    }
}
