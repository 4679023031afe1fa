package org.fieldplan.api.notification;

import static org.fieldplan.api.persistence.jooq.Tables.INBOUND_MAIL;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.persistence.jooq.tables.records.InboundMailRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.fieldplan.api.security.ZoneScope;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests that came by e-mail to the intake address: drafts a dispatcher completes (address, services, deadline) into
 * a service request with source e-mail, or rejects with a reason. Nothing is forgotten: open drafts stay listed.
 */
@RestController
@CallableBy(value = {Role.ADMINISTRATOR, Role.DISPATCHER},
        scope = "Dispatchers responsible for a zone (an e-mail has no address, hence no zone, yet); a dispatcher with no zone sees none.")
class InboxController {

    /**
     * {@code files}: the e-mail's accepted attachments (onto the request when it is completed); {@code note}: the ones not
     * accepted, each named with the reason.
     */
    record Draft(long id, @Nullable String from, @Nullable String subject, @Nullable String body, OffsetDateTime receivedAt,
                 String status, @Nullable Long requestId, List<org.fieldplan.api.file.FileView> files, @Nullable String note) {}

    record Rejection(@Nullable String reason) {}

    private final DSLContext db;
    private final RequestIntake intake;
    private final ZoneScope scope;
    private final Clock clock;
    private final org.fieldplan.api.customer.CustomerPreferences customers;
    private final org.fieldplan.api.file.Attachments attachments;
    private final org.fieldplan.api.request.ServiceRequests requests;

    InboxController(DSLContext db, RequestIntake intake, ZoneScope scope, Clock clock,
                    org.fieldplan.api.customer.CustomerPreferences customers, org.fieldplan.api.file.Attachments attachments,
                    org.fieldplan.api.request.ServiceRequests requests) {
        this.customers = customers;
        this.attachments = attachments;
        this.requests = requests;
        this.db = db;
        this.intake = intake;
        this.scope = scope;
        this.clock = clock;
    }

    @Operation(summary = "Requests that came by e-mail and wait to be completed (open drafts, oldest first)")
    @GetMapping("/api/inbox/drafts")
    @Transactional(readOnly = true)
    List<Draft> drafts() {
        if (scope.zones(CurrentUser.fromContext()).none()) {
            return List.of();
        }
        List<InboundMailRecord> open = db.selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.DRAFT_STATUS.eq("open"))
                .orderBy(INBOUND_MAIL.RECEIVED_AT).limit(500).fetch();
        // the files of all listed drafts in one query
        var files = attachments.draftFiles(open.stream().map(InboundMailRecord::getId).toList());
        return open.stream().map(r -> view(r, files.getOrDefault(r.getId(), List.of()))).toList();
    }

    @Operation(summary = "One e-mail draft (open or handled) with its files, for the desk's completion form")
    @GetMapping("/api/inbox/drafts/{id}")
    @Transactional(readOnly = true)
    Draft draft(@PathVariable long id) {
        InboundMailRecord draft = db.selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.ID.eq(id).and(INBOUND_MAIL.OUTCOME.eq("draft"))).fetchOne();
        if (draft == null || scope.zones(CurrentUser.fromContext()).none()) {
            throw new NotFoundException("e-mail draft", id);
        }
        return view(draft);
    }

    @Operation(summary = "Complete an e-mail draft into a service request (source e-mail)")
    @PostMapping("/api/inbox/drafts/{id}/register")
    @Transactional
    ResponseEntity<ServiceRequestView> register(@PathVariable long id, @RequestBody NewServiceRequest input) {
        CurrentUser user = CurrentUser.fromContext();
        InboundMailRecord draft = open(id, user);
        if (input.customerId() != null) {
            // the sender's address is how this customer reaches the office (and what the e-mail source requires)
            customers.fillEmailIfMissing(input.customerId(), draft.getFromAddress());
        }
        ServiceRequestView created = intake.intake(new NewServiceRequest(input.customerId(), input.addressId(), input.address(),
                input.services(), "email", input.priority(), input.deadline(), input.preferredWindow(),
                input.description() != null ? input.description() : draft.getBody() == null ? null
                        : draft.getBody().length() > 3900 ? draft.getBody().substring(0, 3900) : draft.getBody(),
                input.declinedExtras()), user);
        // the e-mail's files come along onto the request, and the office's note of the refused ones
        attachments.moveDraftFiles(draft.getId(), created.id());
        if (draft.getDraftNote() != null) {
            requests.addComment(created.id(), new org.fieldplan.api.request.RequestMessages.NewComment("private",
                    draft.getDraftNote().length() > org.fieldplan.api.request.ServiceRequests.MAX_COMMENT
                            ? draft.getDraftNote().substring(0, org.fieldplan.api.request.ServiceRequests.MAX_COMMENT) : draft.getDraftNote()),
                    CurrentUser.system("e-mail inbox"));
        }
        draft.setDraftStatus("registered");
        draft.setRequestId(created.id());
        draft.setHandledBy(user.recordedUserId());
        draft.setHandledAt(OffsetDateTime.now(clock));
        draft.store();
        return ResponseEntity.created(java.net.URI.create("/api/requests/" + created.id())).body(created);
    }

    @Operation(summary = "Reject an e-mail draft with a reason")
    @PostMapping("/api/inbox/drafts/{id}/reject")
    @Transactional
    Draft reject(@PathVariable long id, @RequestBody Rejection rejection) {
        CurrentUser user = CurrentUser.fromContext();
        if (rejection.reason() == null || rejection.reason().isBlank() || rejection.reason().length() > 2000) {
            throw new InvalidInputException("reason", rejection.reason(), "say why, in at most 2000 characters");
        }
        InboundMailRecord draft = open(id, user);
        // a refused e-mail's files leave the store (the sweeper removes the queued objects); its note stays as the record
        attachments.deleteDraftFiles(draft.getId());
        draft.setDraftStatus("rejected");
        draft.setHandledBy(user.recordedUserId());
        draft.setHandledAt(OffsetDateTime.now(clock));
        draft.store();
        return view(draft);
    }

    private InboundMailRecord open(long id, CurrentUser user) {
        InboundMailRecord draft = db.selectFrom(INBOUND_MAIL).where(INBOUND_MAIL.ID.eq(id).and(INBOUND_MAIL.OUTCOME.eq("draft")))
                .forUpdate().fetchOne();
        if (draft == null || scope.zones(user).none()) {
            throw new NotFoundException("e-mail draft", id);
        }
        if (!"open".equals(draft.getDraftStatus())) {
            throw new ConflictException("The e-mail draft " + id + " is already " + draft.getDraftStatus() + ".");
        }
        return draft;
    }

    private Draft view(InboundMailRecord r) {
        return view(r, attachments.draftFiles(r.getId()));
    }

    private static Draft view(InboundMailRecord r, List<org.fieldplan.api.file.FileView> files) {
        return new Draft(r.getId(), r.getFromAddress(), r.getSubject(), r.getBody(), r.getReceivedAt(), r.getDraftStatus(), r.getRequestId(),
                files, r.getDraftNote());
    }
}
