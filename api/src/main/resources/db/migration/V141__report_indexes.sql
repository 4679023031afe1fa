-- Issue 17: the reports read the stored history (no counters on the side); these indexes keep a year of it fast.
-- A report picks the requests that matter to its period (received in it, a history entry in it, a deadline or a
-- rating in it), then reads each one's history by request.
-- (received and due are answered by V50's service_request_created_idx and service_request_deadline_idx)
CREATE INDEX service_request_history_changed_idx ON service_request_history (changed_at, request_id);
-- [jooq ignore start]
CREATE INDEX service_request_history_request_time_idx ON service_request_history (request_id, changed_at)
    INCLUDE (from_status, to_status);
CREATE INDEX service_request_rated_idx ON service_request (rated_at) WHERE rated_at IS NOT NULL;
-- [jooq ignore stop]
