-- Notifications: honest statuses and the customer's language.
-- 'logged' = written to the service log by the log sender (no e-mail left the service); 'sent' = accepted by the
-- SMTP server. Each row is sent and marked in its own transaction (OutboxDrainer), so after a crash at most the
-- message in flight is sent again, with the same Message-ID header.
-- [jooq ignore start]
ALTER TABLE notification_outbox DROP CONSTRAINT notification_outbox_status_check;
ALTER TABLE notification_outbox ADD CONSTRAINT notification_outbox_status_check
    CHECK (status IN ('pending', 'sent', 'logged', 'failed'));
-- [jooq ignore stop]
-- when an administrator put a failed notification back in the queue, and who
ALTER TABLE notification_outbox ADD COLUMN requeued_at timestamptz;
ALTER TABLE notification_outbox ADD COLUMN requeued_by varchar(100);

-- the language a customer reads (notifications): 'en' or 'ru'; a public booking stores the language it was made in
ALTER TABLE customer ADD COLUMN language varchar(2) NOT NULL DEFAULT 'en';
-- [jooq ignore start]
ALTER TABLE customer ADD CONSTRAINT customer_language_check CHECK (language IN ('en', 'ru'));
-- [jooq ignore stop]
