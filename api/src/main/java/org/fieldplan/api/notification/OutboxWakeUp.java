package org.fieldplan.api.notification;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The drain workers of this instance, woken as soon as a transaction that queued notifications commits (and by the
 * cluster's drain timer, for retries that fall due and rows committed by other instances). Before, a new row waited
 * for the next run of the once-per-cluster timer: up to the scheduler's polling interval plus the timer's delay, and the
 * timer's run shared the scheduler's two threads with the other timers. At most {@code drain-threads} workers drain at
 * once on an instance (each still one message per transaction, so a crash resends at most one message per worker).
 * Off when {@code fieldplan.notifications.scheduling=false}: the tests drain themselves.
 */
@Component
@ConditionalOnProperty(name = "fieldplan.notifications.scheduling", havingValue = "true", matchIfMissing = true)
class OutboxWakeUp {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWakeUp.class);
    private static final Object KEY = new Object();

    private final OutboxDrainer drainer;
    private final NotificationProperties properties;
    private final NotificationMetrics metrics;
    private final int workers;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean more = new AtomicBoolean();
    private volatile boolean stopped;

    OutboxWakeUp(OutboxDrainer drainer, NotificationProperties properties, NotificationMetrics metrics,
            @Value("${fieldplan.notifications.drain-threads:4}") int drainThreads) {
        this.drainer = drainer;
        this.properties = properties;
        this.metrics = metrics;
        this.workers = Math.max(1, Math.min(16, drainThreads));
    }

    /** Inside the transaction that queued a notification: wake a worker once it has committed (never before). */
    void queued() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            nudge();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(KEY)) {
            return; // this transaction already asked
        }
        TransactionSynchronizationManager.bindResource(KEY, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                nudge();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
        });
    }

    /** Something may be due: a worker drains until the queue is empty (a new one starts if fewer than the limit run). */
    void nudge() {
        if (stopped) {
            return;
        }
        more.set(true);
        int now = running.get();
        if (now < workers && running.compareAndSet(now, now + 1)) {
            Thread.ofVirtual().name("outbox-drain-", now).start(this::work);
        }
    }

    private void work() {
        try {
            while (!stopped && more.getAndSet(false)) {
                if (NotificationScheduling.drain(drainer, properties, metrics)) {
                    more.set(true); // stopped at the bound with full batches: go on
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("draining the outbox failed: {}", e.toString());
        } finally {
            running.decrementAndGet();
            if (more.get() && !stopped) {
                nudge(); // a commit arrived while this worker was leaving
            }
        }
    }

    @PreDestroy
    void stop() {
        stopped = true;
    }
}
