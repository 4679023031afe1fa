package org.fieldplan.api.booking;

import static org.fieldplan.api.persistence.jooq.Tables.BOOKING_IDEMPOTENCY;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.fieldplan.api.booking.BookingMessages.Booked;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

/**
 * Idempotency keys of bookings: the first use of a key claims it (in the booking's transaction, so a rolled-back
 * booking frees it again); the same key with the same body replays the stored answer; with another body it is refused.
 */
@Component
class IdempotencyKeys {

    /** What claiming a key found. */
    sealed interface Claim permits Fresh, Replay, Reused {}

    record Fresh() implements Claim {}

    record Replay(Booked booked) implements Claim {}

    record Reused() implements Claim {}

    private final DSLContext db;

    IdempotencyKeys(DSLContext db) {
        this.db = db;
    }

    /** Deletes the keys (and the answers stored with them) created before {@code before}; returns how many. */
    int deleteOlderThan(OffsetDateTime before) {
        return db.deleteFrom(BOOKING_IDEMPOTENCY).where(BOOKING_IDEMPOTENCY.CREATED_AT.lt(before)).execute();
    }

    /** Claims {@code key} for a body with this hash, or says what an earlier use of it was. Call inside a transaction. */
    Claim claim(String key, String bodyHash, OffsetDateTime now) {
        int fresh = db.insertInto(BOOKING_IDEMPOTENCY)
                .set(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY, key)
                .set(BOOKING_IDEMPOTENCY.BODY_SHA256, bodyHash)
                .set(BOOKING_IDEMPOTENCY.RESPONSE, "")
                .set(BOOKING_IDEMPOTENCY.CREATED_AT, now)
                .onConflictDoNothing().execute();
        if (fresh == 1) {
            return new Fresh();
        }
        var stored = db.selectFrom(BOOKING_IDEMPOTENCY).where(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(key)).fetchSingle();
        return stored.getBodySha256().equals(bodyHash) ? new Replay(decode(stored.getResponse())) : new Reused();
    }

    /** Stores the answer a claimed key replays. */
    void answer(String key, Booked booked) {
        db.update(BOOKING_IDEMPOTENCY).set(BOOKING_IDEMPOTENCY.RESPONSE, encode(booked))
                .set(BOOKING_IDEMPOTENCY.REQUEST_ID, booked.requestId())
                .where(BOOKING_IDEMPOTENCY.IDEMPOTENCY_KEY.eq(key)).execute();
    }

    static String encode(Booked b) {
        return String.join("|", b.registrationNumber(), String.valueOf(b.requestId()), b.date().toString(), b.start(), b.end());
    }

    static Booked decode(String s) {
        String[] p = s.split("\\|");
        return new Booked(p[0], Long.parseLong(p[1]), LocalDate.parse(p[2]), p[3], p[4]);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
