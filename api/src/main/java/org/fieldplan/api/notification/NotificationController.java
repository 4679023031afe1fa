package org.fieldplan.api.notification;

import io.swagger.v3.oas.annotations.Operation;
import org.fieldplan.api.security.CallableBy;
import org.fieldplan.api.security.Role;

import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.time.OffsetDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.fieldplan.api.security.SecurityConfig;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/notifications}: the outbox, for administrators (what was sent, what failed and why). */
@RestController
@SecurityRequirement(name = SecurityConfig.OPENAPI_SCHEME)
@RequestMapping("/api/notifications")
class NotificationController {

    record NotificationView(long id, @Nullable Long requestId, String kind, String recipientRole, @Nullable Long recipientUserId,
                            @Nullable String recipientAddress, String subject, String body, String status, int attempts,
                            @Nullable String lastError, OffsetDateTime createdAt, @Nullable OffsetDateTime sentAt) {
    }

    private final DSLContext db;

    NotificationController(DSLContext db) {
        this.db = db;
    }

    @Operation(summary = "List the notification outbox")
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
            where = where.and(NOTIFICATION_OUTBOX.STATUS.eq(status));
        }
        return db.selectFrom(NOTIFICATION_OUTBOX).where(where).orderBy(NOTIFICATION_OUTBOX.ID.desc())
                .limit(Math.max(1, Math.min(limit, 1000)))
                .fetch(n -> new NotificationView(n.getId(), n.getRequestId(), n.getKind(), n.getRecipientRole(),
                        n.getRecipientUserId(), n.getRecipientAddress(), n.getSubject(), n.getBody(), n.getStatus(),
                        n.getAttempts(), n.getLastError(), n.getCreatedAt(), n.getSentAt()));
    }
}
