package org.fieldplan.api.partner;

import static org.fieldplan.api.persistence.jooq.Tables.CUSTOMER;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_API_KEY;
import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_REQUEST;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.FieldProblem;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The administrator's side: partners, their keys (made and shown once, revoked). */
@Service
class Partners {

    private final DSLContext db;
    private final Clock clock;

    Partners(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    record PartnerInput(@Nullable String name, @Nullable Long customerId) {}

    record KeyInput(@Nullable String label) {}

    record KeyView(long id, String prefix, @Nullable String label, OffsetDateTime createdAt, String createdBy,
                   @Nullable OffsetDateTime revokedAt, @Nullable OffsetDateTime lastUsedAt) {}

    record PartnerView(long id, String name, long customerId, String customerName, boolean active, int requests,
                       List<KeyView> keys) {}

    /** A key just made: {@code key} is shown this once and never again (only its hash is kept). */
    record NewKeyView(long id, long partnerId, String prefix, @Nullable String label, String key) {}

    @Transactional(readOnly = true)
    List<PartnerView> list() {
        return db.select(PARTNER.ID).from(PARTNER).orderBy(PARTNER.NAME).fetch(PARTNER.ID).stream().map(this::view).toList();
    }

    @Transactional
    PartnerView create(PartnerInput in) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            problems.add(new FieldProblem("name", in.name(), "is required, at most 200 characters"));
        } else if (db.fetchExists(PARTNER, DSL.lower(PARTNER.NAME).eq(name.toLowerCase()))) {
            problems.add(new FieldProblem("name", name, "is the name of another partner already"));
        }
        if (in.customerId() == null) {
            problems.add(new FieldProblem("customerId", null,
                    "is required: the customer record the partner files as (the management company; create it with POST /api/customers)"));
        } else if (!db.fetchExists(CUSTOMER, CUSTOMER.ID.eq(in.customerId()))) {
            problems.add(new FieldProblem("customerId", in.customerId(), "names no customer"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        long id = db.insertInto(PARTNER).set(PARTNER.NAME, name).set(PARTNER.CUSTOMER_ID, in.customerId())
                .set(PARTNER.CREATED_AT, OffsetDateTime.now(clock)).returningResult(PARTNER.ID).fetchSingle().value1();
        return view(id);
    }

    @Transactional
    NewKeyView newKey(long partnerId, @Nullable KeyInput in, CurrentUser actor) {
        if (!db.fetchExists(PARTNER, PARTNER.ID.eq(partnerId))) {
            throw new NotFoundException("partner", partnerId);
        }
        String label = in == null || in.label() == null || in.label().isBlank() ? null : in.label().strip();
        if (label != null && label.length() > 200) {
            throw new InvalidInputException("label", label.length() + " characters", "at most 200 characters");
        }
        PartnerKeys.NewKey key = PartnerKeys.newKey();
        long id = db.insertInto(PARTNER_API_KEY).set(PARTNER_API_KEY.PARTNER_ID, partnerId).set(PARTNER_API_KEY.PREFIX, key.prefix())
                .set(PARTNER_API_KEY.SECRET_SHA256, key.sha256()).set(PARTNER_API_KEY.LABEL, label)
                .set(PARTNER_API_KEY.CREATED_AT, OffsetDateTime.now(clock)).set(PARTNER_API_KEY.CREATED_BY, actor.username())
                .returningResult(PARTNER_API_KEY.ID).fetchSingle().value1();
        return new NewKeyView(id, partnerId, key.prefix(), label, key.key());
    }

    @Transactional
    void revoke(long partnerId, long keyId) {
        var revokedAt = db.select(PARTNER_API_KEY.REVOKED_AT).from(PARTNER_API_KEY)
                .where(PARTNER_API_KEY.ID.eq(keyId), PARTNER_API_KEY.PARTNER_ID.eq(partnerId)).forUpdate().fetchOptional();
        if (revokedAt.isEmpty()) {
            throw new NotFoundException("API key", keyId);
        }
        if (revokedAt.get().value1() != null) {
            throw new ConflictException("The key " + keyId + " was revoked already, on " + revokedAt.get().value1() + ".");
        }
        db.update(PARTNER_API_KEY).set(PARTNER_API_KEY.REVOKED_AT, OffsetDateTime.now(clock)).where(PARTNER_API_KEY.ID.eq(keyId)).execute();
    }

    private PartnerView view(long id) {
        var p = db.select(PARTNER.fields()).select(CUSTOMER.NAME).from(PARTNER).join(CUSTOMER).on(CUSTOMER.ID.eq(PARTNER.CUSTOMER_ID))
                .where(PARTNER.ID.eq(id)).fetchSingle();
        List<KeyView> keys = db.selectFrom(PARTNER_API_KEY).where(PARTNER_API_KEY.PARTNER_ID.eq(id)).orderBy(PARTNER_API_KEY.ID)
                .fetch(k -> new KeyView(k.getId(), "fpk_" + k.getPrefix() + "_...", k.getLabel(), k.getCreatedAt(), k.getCreatedBy(),
                        k.getRevokedAt(), k.getLastUsedAt()));
        int requests = db.fetchCount(PARTNER_REQUEST, PARTNER_REQUEST.PARTNER_ID.eq(id));
        return new PartnerView(id, p.get(PARTNER.NAME), p.get(PARTNER.CUSTOMER_ID), p.get(CUSTOMER.NAME), p.get(PARTNER.ACTIVE),
                requests, keys);
    }
}
