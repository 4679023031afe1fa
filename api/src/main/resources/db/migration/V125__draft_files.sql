-- Attachments of a new e-mail to the intake address (issue 15): stored through the file feature while the e-mail is
-- still a draft (inbound_mail, outcome 'draft'), so a file belongs to a request or, until the draft is completed, to
-- the draft only. Completing the draft sets request_id (draft_id stays as where the file came from); rejecting it
-- leaves the files with the draft. A draft deleted takes its request-less files with it (the trigger of V81 queues
-- their objects for the sweeper).
ALTER TABLE request_file ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE request_file ADD COLUMN draft_id bigint REFERENCES inbound_mail (id) ON DELETE CASCADE;
CREATE INDEX request_file_draft_idx ON request_file (draft_id, id) WHERE draft_id IS NOT NULL;
-- the draft's note: files of the e-mail that were not accepted, named with the reason
ALTER TABLE inbound_mail ADD COLUMN draft_note varchar(4000);
-- [jooq ignore start]
ALTER TABLE request_file ADD CONSTRAINT request_file_owner_check CHECK (request_id IS NOT NULL OR draft_id IS NOT NULL);
-- [jooq ignore stop]
