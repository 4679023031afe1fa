package org.fieldplan.api.partner;

import static org.fieldplan.api.persistence.jooq.Tables.PARTNER_REQUEST;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.PreferredWindow;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests filed by partners: through the request feature ({@link RequestIntake}, source {@code partner}, as the
 * customer record the partner stands for), attributed to the partner and the key in {@code partner_request}, in one
 * transaction. The partner reads them as a customer reads theirs (public comments only, no staff notes).
 */
@Service
class PartnerRequests {

    static final int MAX_REFERENCE = 100;

    private final DSLContext db;
    private final RequestIntake intake;
    private final ServiceRequests requests;
    private final Clock clock;

    PartnerRequests(DSLContext db, RequestIntake intake, ServiceRequests requests, Clock clock) {
        this.db = db;
        this.intake = intake;
        this.requests = requests;
        this.clock = clock;
    }

    /** A request as a partner files it: a customer's request without the customer (the partner is) and the source. */
    record PartnerRequestInput(@Nullable String externalRef, @Nullable Long addressId, NewServiceRequest.@Nullable AddressInput address,
                               @Nullable List<NewServiceRequest.ServiceLine> services, @Nullable Integer priority,
                               @Nullable OffsetDateTime deadline, @Nullable PreferredWindow preferredWindow,
                               @Nullable String description, @Nullable List<String> declinedExtras) {}

    /** The request filed, and whether it was filed just now (false: the reference was filed before). */
    record Filed(ServiceRequestView request, boolean created) {}

    static CurrentUser actor(PartnerKeys.Caller partner) {
        return new CurrentUser(0, "partner " + partner.partnerName(), Role.CUSTOMER, partner.customerId(), null);
    }

    @Transactional
    Filed file(PartnerKeys.Caller partner, PartnerRequestInput in) {
        String ref = in.externalRef() == null || in.externalRef().isBlank() ? null : in.externalRef().strip();
        if (ref != null && ref.length() > MAX_REFERENCE) {
            throw new InvalidInputException("externalRef", ref.substring(0, 20) + "...", "is longer than " + MAX_REFERENCE + " characters");
        }
        if (ref != null) {
            // one filing per reference at a time: a re-send waits for the first, then answers its request
            db.execute("SELECT pg_advisory_xact_lock(?, ?)", 160_131, (partner.partnerId() + ":" + ref).hashCode());
            Long existing = db.select(PARTNER_REQUEST.REQUEST_ID).from(PARTNER_REQUEST)
                    .where(PARTNER_REQUEST.PARTNER_ID.eq(partner.partnerId()), PARTNER_REQUEST.EXTERNAL_REF.eq(ref))
                    .fetchOne(PARTNER_REQUEST.REQUEST_ID);
            if (existing != null) {
                return new Filed(requests.get(existing, actor(partner)), false);
            }
        }
        ServiceRequestView view = intake.intake(new NewServiceRequest(null, in.addressId(), in.address(), in.services(), "partner",
                in.priority(), in.deadline(), in.preferredWindow(), in.description(), in.declinedExtras()), actor(partner));
        db.insertInto(PARTNER_REQUEST).set(PARTNER_REQUEST.REQUEST_ID, view.id()).set(PARTNER_REQUEST.PARTNER_ID, partner.partnerId())
                .set(PARTNER_REQUEST.API_KEY_ID, partner.keyId()).set(PARTNER_REQUEST.EXTERNAL_REF, ref)
                .set(PARTNER_REQUEST.FILED_AT, OffsetDateTime.now(clock)).execute();
        return new Filed(view, true);
    }

    /** The partner's requests, newest first. */
    @Transactional(readOnly = true)
    List<ServiceRequestView> list(PartnerKeys.Caller partner, int limit) {
        CurrentUser actor = actor(partner);
        return db.select(PARTNER_REQUEST.REQUEST_ID).from(PARTNER_REQUEST).where(PARTNER_REQUEST.PARTNER_ID.eq(partner.partnerId()))
                .orderBy(PARTNER_REQUEST.REQUEST_ID.desc()).limit(Math.max(1, Math.min(limit, 500)))
                .fetch(PARTNER_REQUEST.REQUEST_ID).stream().map(id -> requests.get(id, actor)).toList();
    }

    @Transactional(readOnly = true)
    ServiceRequestView get(PartnerKeys.Caller partner, long id) {
        if (!db.fetchExists(PARTNER_REQUEST, PARTNER_REQUEST.REQUEST_ID.eq(id), PARTNER_REQUEST.PARTNER_ID.eq(partner.partnerId()))) {
            throw new NotFoundException("service request", id);
        }
        return requests.get(id, actor(partner));
    }

    /** The partner's request by its own reference. */
    @Transactional(readOnly = true)
    ServiceRequestView byReference(PartnerKeys.Caller partner, String ref) {
        Long id = db.select(PARTNER_REQUEST.REQUEST_ID).from(PARTNER_REQUEST)
                .where(PARTNER_REQUEST.PARTNER_ID.eq(partner.partnerId()), DSL.lower(PARTNER_REQUEST.EXTERNAL_REF).eq(ref.strip().toLowerCase()))
                .fetchOne(PARTNER_REQUEST.REQUEST_ID);
        if (id == null) {
            throw new NotFoundException("service request with reference", ref);
        }
        return requests.get(id, actor(partner));
    }
}
