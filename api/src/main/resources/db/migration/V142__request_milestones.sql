-- Issue 17: each request's milestones, derived from its stored history, for the reports.
--
-- One row per request: when it arrived, its first action after registration, its first move to scheduled, done,
-- cancelled, refused and disputed (each the first history entry that moved INTO that status), and the request's
-- dimensions that the report filters and sums read (zone, source, technician, deadline, rating, price). Nothing
-- here is counted on the side: every column is a function of service_request and service_request_history, and
-- the row is recomputed from them by the request feature (org.fieldplan.api.request.RequestMilestones, the one
-- writer of this table) in the same transaction as every history row and every change of those columns.
-- RequestMilestones.rebuild() recomputes the whole table with the statement below.
CREATE TABLE request_milestone (
    request_id      bigint         PRIMARY KEY REFERENCES service_request (id) ON DELETE CASCADE,
    created_at      timestamptz    NOT NULL,
    zone_id         bigint,
    source          varchar(16)    NOT NULL,
    technician_id   bigint,
    deadline        timestamptz    NOT NULL,
    rated_at        timestamptz,
    rating          smallint,
    price_total     numeric(14, 2),
    first_action    timestamptz,
    first_scheduled timestamptz,
    first_done      timestamptz,
    first_cancelled timestamptz,
    first_refused   timestamptz,
    first_disputed  timestamptz
);
-- [jooq ignore start]
-- the backfill: the same statement as RequestMilestones.REFRESH over every request
INSERT INTO request_milestone (request_id, created_at, zone_id, source, technician_id, deadline, rated_at, rating, price_total,
                               first_action, first_scheduled, first_done, first_cancelled, first_refused, first_disputed)
SELECT r.id, r.created_at, r.zone_id, r.source, r.technician_id, r.deadline, r.rated_at, r.rating, r.price_total,
       e.first_action, e.first_scheduled, e.first_done, e.first_cancelled, e.first_refused, e.first_disputed
FROM service_request r LEFT JOIN LATERAL (
    SELECT min(h.changed_at) FILTER (WHERE h.from_status IS NOT NULL) AS first_action,
           min(h.changed_at) FILTER (WHERE h.to_status = 'scheduled' AND h.from_status IS DISTINCT FROM 'scheduled') AS first_scheduled,
           min(h.changed_at) FILTER (WHERE h.to_status = 'done' AND h.from_status IS DISTINCT FROM 'done') AS first_done,
           min(h.changed_at) FILTER (WHERE h.to_status = 'cancelled' AND h.from_status IS DISTINCT FROM 'cancelled') AS first_cancelled,
           min(h.changed_at) FILTER (WHERE h.to_status = 'refused' AND h.from_status IS DISTINCT FROM 'refused') AS first_refused,
           min(h.changed_at) FILTER (WHERE h.to_status = 'disputed' AND h.from_status IS DISTINCT FROM 'disputed') AS first_disputed
    FROM service_request_history h WHERE h.request_id = r.id) e ON true;

-- a report finds its period's requests by these (a bitmap OR over the ones its period touches)
CREATE INDEX request_milestone_created_idx ON request_milestone (created_at);
CREATE INDEX request_milestone_deadline_idx ON request_milestone (deadline);
CREATE INDEX request_milestone_done_idx ON request_milestone (first_done) WHERE first_done IS NOT NULL;
CREATE INDEX request_milestone_cancelled_idx ON request_milestone (first_cancelled) WHERE first_cancelled IS NOT NULL;
CREATE INDEX request_milestone_refused_idx ON request_milestone (first_refused) WHERE first_refused IS NOT NULL;
CREATE INDEX request_milestone_disputed_idx ON request_milestone (first_disputed) WHERE first_disputed IS NOT NULL;
CREATE INDEX request_milestone_rated_idx ON request_milestone (rated_at) WHERE rated_at IS NOT NULL;
-- [jooq ignore stop]
