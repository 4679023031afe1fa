package org.fieldplan.api.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.fieldplan.api.persistence.jooq.Tables.NOTIFICATION_OUTBOX;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.fieldplan.api.ApiIntegrationTest;
import org.fieldplan.api.Fixtures.Login;
import org.fieldplan.api.Fixtures;
import org.fieldplan.api.persistence.jooq.tables.records.NotificationOutboxRecord;
import org.fieldplan.api.request.NewServiceRequest;
import org.fieldplan.api.request.RequestIntake;
import org.fieldplan.api.request.RequestMessages.StatusChange;
import org.fieldplan.api.request.ServiceRequestView;
import org.fieldplan.api.request.ServiceRequests;
import org.fieldplan.api.security.CurrentUser;
import org.fieldplan.api.security.Role;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications on the real database: the deadline watch under a fixed clock, one notification per status
 * change, and the outbox drained by the log sender (and retried, then failed, by a sender that always fails).
 */
@ApiIntegrationTest
@Import(Fixtures.class)
@ExtendWith(OutputCaptureExtension.class)
class NotificationsIT {

    private static final AtomicInteger REGION = new AtomicInteger();

    @Autowired Fixtures fixtures;
    @Autowired DSLContext db;
    @Autowired NotificationOutbox outboxBean;
    @Autowired
    org.fieldplan.api.request.RequestWriter requestWriter;
    @Autowired TransactionTemplate tx;
    @Autowired RequestIntake intake;
    @Autowired ServiceRequests requests;
    @Autowired OutboxDrainer drainer;

    private Login dispatcher;
    private Login customer;
    private long serviceType;
    private double lon0;
    private final CurrentUser system = CurrentUser.system("notifications-test");

    @BeforeEach
    void company() {
        lon0 = 100.0 + REGION.getAndIncrement() * 1.5; // empty ocean east of Sri Lanka, lat 10..11
        dispatcher = fixtures.user(Role.DISPATCHER);
        customer = fixtures.customer();
        fixtures.squareZone("notify", lon0, 10.0, 1.0, dispatcher.userId());
        serviceType = fixtures.serviceType("notify");
    }

    private ServiceRequestView request(OffsetDateTime deadline) {
        return intake.intake(new NewServiceRequest(customer.customerId(), null,
                new NewServiceRequest.AddressInput("5 Deadline Road", 10.5, lon0 + 0.5),
                List.of(new NewServiceRequest.ServiceLine(serviceType, null, 1)), "email", 3, deadline, null, null), system);
    }

    private List<NotificationOutboxRecord> outbox(long requestId, String kind) {
        return db.selectFrom(NOTIFICATION_OUTBOX)
                .where(NOTIFICATION_OUTBOX.REQUEST_ID.eq(requestId).and(NOTIFICATION_OUTBOX.KIND.eq(kind)))
                .orderBy(NOTIFICATION_OUTBOX.ID).fetch();
    }

    private DeadlineWatch watchAt(OffsetDateTime now) {
        Clock fixed = Clock.fixed(now.toInstant(), ZoneId.of("Europe/Malta"));
        return new DeadlineWatch(db, outboxBean.at(fixed), requestWriter, fixed, tx);
    }

    @Test
    void theDeadlineWatchAnnouncesEachOverdueOpenRequestOnceToCustomerAndDispatcher() {
        OffsetDateTime now = OffsetDateTime.now();
        ServiceRequestView overdue = request(now.plusHours(1));
        ServiceRequestView cancelled = request(now.plusHours(1));
        requests.changeStatus(cancelled.id(), null, new StatusChange("cancelled", null, null), system);
        ServiceRequestView later = request(now.plusDays(10));
        ServiceRequestView finished = request(now.plusHours(1));
        for (String step : List.of("quoted", "agreed", "scheduled", "in_progress", "done")) {
            requests.changeStatus(finished.id(), null, new StatusChange(step, null, null), system);
        }

        DeadlineWatch twoHoursLater = watchAt(now.plusHours(2));
        assertThat(twoHoursLater.runOnce()).isGreaterThanOrEqualTo(1);

        List<NotificationOutboxRecord> announced = outbox(overdue.id(), NotificationOutbox.DEADLINE_PASSED);
        assertThat(announced).extracting(NotificationOutboxRecord::getRecipientRole).containsExactly("customer", "dispatcher");
        assertThat(announced.get(0).getRecipientAddress()).isEqualTo(customer.username() + "@customer.test");
        assertThat(announced.get(0).getSubject()).contains(overdue.registrationNumber(), "past its deadline");
        assertThat(announced.get(1).getRecipientUserId()).isEqualTo(dispatcher.userId());
        assertThat(announced.get(1).getRecipientAddress()).isEqualTo(dispatcher.username() + "@example.test");
        assertThat(announced.get(1).getBody()).contains(overdue.registrationNumber(), "still 'new'");
        assertThat(announced).allSatisfy(n -> assertThat(n.getStatus()).isEqualTo("pending"));
        assertThat(outbox(cancelled.id(), NotificationOutbox.DEADLINE_PASSED)).as("closed requests are not chased").isEmpty();
        assertThat(outbox(later.id(), NotificationOutbox.DEADLINE_PASSED)).as("not yet due").isEmpty();
        assertThat(outbox(finished.id(), NotificationOutbox.DEADLINE_PASSED).getFirst().getBody())
                .as("done is not closed: the customer is asked to accept or dispute").contains("reported done", "accept it or dispute it");

        twoHoursLater.runOnce();
        watchAt(now.plusHours(5)).runOnce();
        assertThat(outbox(overdue.id(), NotificationOutbox.DEADLINE_PASSED)).as("once per request").hasSize(2);

        watchAt(now.plusDays(11)).runOnce();
        assertThat(outbox(later.id(), NotificationOutbox.DEADLINE_PASSED)).hasSize(2);
    }

    @Test
    void everyStatusChangeRecordsOneNotificationForTheCustomerInTheSameTransaction() {
        ServiceRequestView r = request(OffsetDateTime.now().plusDays(3));
        requests.changeStatus(r.id(), 0, new StatusChange("quoted", null, null), system);
        requests.changeStatus(r.id(), 1, new StatusChange("agreed", null, null), system);

        List<NotificationOutboxRecord> sent = outbox(r.id(), NotificationOutbox.STATUS_CHANGED);
        assertThat(sent).extracting(NotificationOutboxRecord::getSubject).containsExactly(
                "Service request " + r.registrationNumber() + " registered",
                "Service request " + r.registrationNumber() + ": quoted",
                "Service request " + r.registrationNumber() + ": agreed");
        assertThat(sent).allSatisfy(n -> {
            assertThat(n.getRecipientRole()).isEqualTo("customer");
            assertThat(n.getRecipientUserId()).isEqualTo(customer.userId());
        });

        // a refused change (stale version) leaves no notification behind
        try {
            requests.changeStatus(r.id(), 0, new StatusChange("scheduled", null, null), system);
        } catch (RuntimeException expected) {
            assertThat(expected.getMessage()).contains("version 0");
        }
        assertThat(outbox(r.id(), NotificationOutbox.STATUS_CHANGED)).hasSize(3);
    }

    @Test
    void theLogSenderDrainsTheOutboxAndMarksEachLoggedNotSent(CapturedOutput output) {
        ServiceRequestView r = request(OffsetDateTime.now().plusDays(3));
        OutboxDrainer.Drained drained;
        do {
            drained = drainer.drainOnce();
        } while (drained.sent() > 0);

        NotificationOutboxRecord registered = outbox(r.id(), NotificationOutbox.STATUS_CHANGED).getFirst();
        assertThat(registered.getStatus()).as("no e-mail left the service").isEqualTo("logged");
        assertThat(registered.getAttempts()).isEqualTo(1);
        assertThat(registered.getSentAt()).isNotNull();
        assertThat(output.getOut() + output.getErr()).contains("notification #" + registered.getId(), registered.getSubject(),
                "<" + registered.getId() + "." + r.registrationNumber() + "@");
    }

    @Test
    void aFailingSenderIsRetriedWithBackoffThenMarkedFailedWithTheReason() {
        do { } while (drainer.drainOnce().sent() > 0); // nothing else pending
        ServiceRequestView r = request(OffsetDateTime.now().plusDays(3));
        NotificationSender broken = new NotificationSender() {
            @Override
            public NotificationStatus send(OutboxMessage message) {
                throw new IllegalStateException("mail server said 554 for " + message.recipientAddress());
            }

            @Override
            public String name() {
                return "broken";
            }
        };
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        NotificationProperties twoAttempts = new NotificationProperties("log", "x@y", null, 2, Duration.ofMinutes(10), 50,
                false, Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(30), null);
        OutboxDrainer first = new OutboxDrainer(db, broken, twoAttempts, Clock.fixed(now.toInstant(), ZoneId.of("UTC")), tx);
        // the registration queued the customer's message and the zone dispatcher's notices (new request, maybe after hours)
        int pending = db.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("pending")
                .and(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT.le(now)));
        assertThat(first.drainOnce().retried()).isEqualTo(pending);
        NotificationOutboxRecord row = outbox(r.id(), NotificationOutbox.STATUS_CHANGED).getFirst();
        assertThat(row.getStatus()).isEqualTo("pending");
        assertThat(row.getAttempts()).isEqualTo(1);
        assertThat(row.getLastError()).contains("554", customer.username() + "@customer.test");
        assertThat(row.getNextAttemptAt().toInstant()).isEqualTo(now.plusMinutes(10).toInstant());

        assertThat(first.drainOnce().retried()).as("not due before the retry delay").isZero();

        OutboxDrainer later = new OutboxDrainer(db, broken, twoAttempts, Clock.fixed(now.plusMinutes(11).toInstant(), ZoneId.of("UTC")), tx);
        // rows other tests of this run left waiting for a retry may fall due by then too: count what is due now
        int dueLater = db.fetchCount(NOTIFICATION_OUTBOX, NOTIFICATION_OUTBOX.STATUS.eq("pending")
                .and(NOTIFICATION_OUTBOX.NEXT_ATTEMPT_AT.le(now.plusMinutes(11))).and(NOTIFICATION_OUTBOX.ATTEMPTS.ge(1)));
        assertThat(dueLater).isGreaterThanOrEqualTo(pending);
        assertThat(later.drainOnce().failed()).isEqualTo(dueLater);
        row = outbox(r.id(), NotificationOutbox.STATUS_CHANGED).getFirst();
        assertThat(row.getStatus()).isEqualTo("failed");
        assertThat(row.getAttempts()).isEqualTo(2);
    }
}
