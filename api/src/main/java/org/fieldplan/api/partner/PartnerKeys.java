package org.fieldplan.api.partner;

import static org.fieldplan.api.persistence.jooq.Tables.PARTNER;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_API_KEY;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.fieldplan.api.web.ApiException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Partners' API keys: made (shown once), checked on every partner call, revoked. A key reads
 * {@code fpk_<prefix>_<secret>}: the prefix finds the row, the SHA-256 of the whole key must match the stored one
 * (compared in constant time). Revoked keys, keys of a deactivated partner and unknown keys are 401.
 */
@Component
public class PartnerKeys {

    public static final String HEADER = "X-Api-Key";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final DSLContext db;
    private final Clock clock;

    PartnerKeys(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** The partner a checked key belongs to. */
    public record Caller(long partnerId, String partnerName, long customerId, long keyId) {}

    /** A new key: the whole key (shown once) and what is stored. */
    record NewKey(String key, String prefix, String sha256) {}

    static NewKey newKey() {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            prefix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = "fpk_" + prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return new NewKey(key, prefix.toString(), sha256(key));
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Checks the key sent; notes when it was last used. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Caller check(@Nullable String key) {
        if (key == null || key.isBlank()) {
            throw unauthorized("This is the partner API: send your company's API key in the " + HEADER + " header.");
        }
        String k = key.strip();
        String[] parts = k.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("fpk") || parts[1].length() != 10) {
            throw unauthorized("The " + HEADER + " header does not hold a FieldPlan partner key (fpk_..._...).");
        }
        var row = db.select(PARTNER_API_KEY.ID, PARTNER_API_KEY.SECRET_SHA256, PARTNER_API_KEY.REVOKED_AT, PARTNER.ID,
                        PARTNER.NAME, PARTNER.CUSTOMER_ID, PARTNER.ACTIVE)
                .from(PARTNER_API_KEY).join(PARTNER).on(PARTNER.ID.eq(PARTNER_API_KEY.PARTNER_ID))
                .where(PARTNER_API_KEY.PREFIX.eq(parts[1])).fetchOne();
        if (row == null || !MessageDigest.isEqual(sha256(k).getBytes(StandardCharsets.US_ASCII),
                row.get(PARTNER_API_KEY.SECRET_SHA256).getBytes(StandardCharsets.US_ASCII))) {
            throw unauthorized("The API key is not valid. Ask the service company for a new one.");
        }
        if (row.get(PARTNER_API_KEY.REVOKED_AT) != null) {
            throw unauthorized("The API key fpk_" + parts[1] + "_... was revoked on " + row.get(PARTNER_API_KEY.REVOKED_AT) + ".");
        }
        if (!row.get(PARTNER.ACTIVE)) {
            throw unauthorized("The partner '" + row.get(PARTNER.NAME) + "' is no longer active.");
        }
        db.update(PARTNER_API_KEY).set(PARTNER_API_KEY.LAST_USED_AT, OffsetDateTime.now(clock))
                .where(PARTNER_API_KEY.ID.eq(row.get(PARTNER_API_KEY.ID))).execute();
        return new Caller(row.get(PARTNER.ID), row.get(PARTNER.NAME), row.get(PARTNER.CUSTOMER_ID), row.get(PARTNER_API_KEY.ID));
    }

    static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "partner-key", "Partner API key needed", detail,
                Map.of("header", HEADER));
    }
}
