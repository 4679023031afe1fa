package org.fieldplan.api.notification;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.SecurityConfig;
import org.fieldplan.api.web.ConflictException;
import org.fieldplan.api.web.InvalidInputException;
import org.fieldplan.api.web.NotFoundException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The outbox, for administrators only (SecurityConfig: {@code /api/notifications/**} needs the administrator role):
 * what was sent, logged or failed and why, and re-queueing a failed notification.
 */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
@RequestMapping("/api/notifications")
class NotificationController {

    record NotificationView(long id, @Nullable Long requestId, String kind, String recipientRole, @Nullable Long recipientUserId,
                            @Nullable String recipientAddress, String subject, String body, String status, int attempts,
                            @Nullable String lastError, OffsetDateTime createdAt, @Nullable OffsetDateTime sentAt,
                            @Nullable OffsetDateTime requeuedAt, @Nullable String requeuedBy) {
    }

    private final DSLContext db;
    private final OutboxDrainer drainer;

    NotificationController(DSLContext db, OutboxDrainer drainer) {
        this.db = db;
        this.drainer = drainer;
    }

    @Operation(summary = "List notifications, newest first (administrators)",
            description = "Filter by request and by status (pending, sent, logged, failed). 'logged' means the log sender"
                    + " wrote it to the service log: no e-mail left the service.")
    @CallableBy(Role.ADMINISTRATOR)
    @GetMapping
    List<NotificationView> list(@RequestParam(required = false) @Nullable Long requestId,
                                @RequestParam(required = false) @Nullable String status,
                                @RequestParam(defaultValue = "200") int limit) {
        Condition where = DSL.trueCondition();
        if (requestId != null) {
            where = where.and(NOTIFICATION_OUTBOX.REQUEST_ID.eq(requestId));
        }
        if (status != null) {
            NotificationStatus parsed;
            try {
                parsed = NotificationStatus.fromCode(status);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", status, "must be one of " + NotificationStatus.allCodes());
            }
            where = where.and(NOTIFICATION_OUTBOX.STATUS.eq(parsed.code()));
        }
        return db.selectFrom(NOTIFICATION_OUTBOX).where(where).orderBy(NOTIFICATION_OUTBOX.ID.desc())
                .limit(Math.max(1, Math.min(limit, 1000)))
                .fetch(NotificationController::view);
    }

    @Operation(summary = "Put a failed notification back in the queue (administrators)",
            description = "Only a failed notification can be re-queued: it becomes pending, due now, with its attempts"
                    + " counted afresh; 409 for any other status, 404 for an unknown id.")
    @CallableBy(Role.ADMINISTRATOR)
    @PostMapping("/{id}/requeue")
    NotificationView requeue(@PathVariable long id) {
        NotificationOutboxRecord row = db.selectFrom(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.ID.eq(id)).fetchOne();
        if (row == null) {
            throw new NotFoundException("notification", id);
        }
        if (!drainer.requeue(id, CurrentUser.fromContext().username())) {
            String now = db.select(NOTIFICATION_OUTBOX.STATUS).from(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.ID.eq(id))
                    .fetchOne(NOTIFICATION_OUTBOX.STATUS);
            throw new ConflictException("Notification " + id + " is " + now + "; only a failed notification can be re-queued.");
        }
        return view(db.selectFrom(NOTIFICATION_OUTBOX).where(NOTIFICATION_OUTBOX.ID.eq(id)).fetchSingle());
    }

    private static NotificationView view(NotificationOutboxRecord n) {
        return new NotificationView(n.getId(), n.getRequestId(), n.getKind(), n.getRecipientRole(),
                n.getRecipientUserId(), n.getRecipientAddress(), n.getSubject(), n.getBody(), n.getStatus(),
                n.getAttempts(), n.getLastError(), n.getCreatedAt(), n.getSentAt(), n.getRequeuedAt(), n.getRequeuedBy());
    }
}
