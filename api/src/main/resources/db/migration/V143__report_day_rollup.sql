-- Issue 17: the per-day rollup of the request milestones, so that a report over a year reads a few thousand rows
-- instead of every request of the year (docs/reports.md, "The per-day rollup").
--
-- report_day holds, per day (in the company's time zone, report_setting), zone, intake source and technician, the
-- counts and sums of the milestones whose event falls on that day: received (by arrival), done (by first done),
-- cancelled, refused, disputed (by that first move), rated (by rating time), due (by deadline). report_day_service
-- does the same per service type for what the reports ask per service (ratings, the done value of the lines that
-- count for commission). Nothing is counted on the side: both are a function of request_milestone, which is itself a
-- function of the stored history. They are kept by the trigger on request_milestone, in the same statement, hence the
-- same transaction, as the milestone row that the request feature (RequestMilestones) writes, subtracting the old
-- row's contributions and adding the new one's; report_rollup_rebuild() derives them again from the milestones
-- (report_day_derived, report_day_service_derived), which the tests compare with the kept tables.
--
-- The milestones gain each request's service types with their line totals (service_ids, service_totals, written by
-- RequestMilestones.REFRESH) and the reaction and completion times as stored generated columns, so that the exact
-- percentiles are read from covering indexes, not from the heap.

-- [jooq ignore start]
ALTER TABLE request_milestone ADD COLUMN service_ids bigint[];
ALTER TABLE request_milestone ADD COLUMN service_totals numeric(14, 2)[];
ALTER TABLE request_milestone ADD COLUMN first_action_minutes float8
    GENERATED ALWAYS AS (date_part('epoch', first_action - created_at) / 60.0) STORED;
ALTER TABLE request_milestone ADD COLUMN scheduled_minutes float8
    GENERATED ALWAYS AS (date_part('epoch', first_scheduled - created_at) / 60.0) STORED;
ALTER TABLE request_milestone ADD COLUMN completion_hours float8
    GENERATED ALWAYS AS (date_part('epoch', first_done - created_at) / 3600.0) STORED;

UPDATE request_milestone m SET service_ids = s.ids, service_totals = s.totals
FROM (SELECT x.request_id, array_agg(x.service_type_id ORDER BY x.service_type_id) AS ids,
             array_agg(x.total ORDER BY x.service_type_id) AS totals
      FROM (SELECT i.request_id, i.service_type_id, coalesce(sum(i.line_total), 0) AS total
            FROM service_request_item i GROUP BY i.request_id, i.service_type_id) x
      GROUP BY x.request_id) s
WHERE s.request_id = m.request_id;

-- the exact percentiles of a period: an index-only scan over the period's arrivals / first done moves
DROP INDEX IF EXISTS request_milestone_created_idx;
CREATE INDEX request_milestone_created_idx ON request_milestone (created_at)
    INCLUDE (zone_id, source, technician_id, first_action_minutes, scheduled_minutes);
DROP INDEX IF EXISTS request_milestone_done_idx;
CREATE INDEX request_milestone_done_idx ON request_milestone (first_done)
    INCLUDE (zone_id, source, technician_id, completion_hours) WHERE first_done IS NOT NULL;
-- the few requests whose deadline lies before their arrival (the rollup cannot tell whether they arrived in a period)
CREATE INDEX request_milestone_deadline_early_idx ON request_milestone (deadline) WHERE deadline < created_at;
-- the untouched requests (the rollup counts them forgotten only once they are a day old)
CREATE INDEX request_milestone_untouched_idx ON request_milestone (created_at) WHERE first_action IS NULL;

-- The company's time zone the rollup's days are in. The service rewrites it and rebuilds the rollup at start when its
-- configured zone (fieldplan.time-zone) differs.
CREATE TABLE report_setting (
    only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    time_zone text    NOT NULL
);
INSERT INTO report_setting (time_zone) VALUES ('Europe/Malta');

CREATE TABLE report_day (
    day           date          NOT NULL,
    zone_id       bigint,
    source        varchar(16)   NOT NULL,
    technician_id bigint,
    received      integer       NOT NULL DEFAULT 0,
    untouched     integer       NOT NULL DEFAULT 0, -- received, no action yet
    late_action   integer       NOT NULL DEFAULT 0, -- received, first action more than 24 hours after arrival
    booked        integer       NOT NULL DEFAULT 0, -- received, never cancelled or refused
    booked_value  numeric(16, 2) NOT NULL DEFAULT 0,
    done          integer       NOT NULL DEFAULT 0,
    done_value    numeric(16, 2) NOT NULL DEFAULT 0,
    cancelled     integer       NOT NULL DEFAULT 0,
    refused       integer       NOT NULL DEFAULT 0,
    disputed      integer       NOT NULL DEFAULT 0,
    rated         integer       NOT NULL DEFAULT 0,
    rating_sum    integer       NOT NULL DEFAULT 0,
    due_hit       integer       NOT NULL DEFAULT 0, -- by deadline day: not cancelled or refused before it, done by it
    due_missed    integer       NOT NULL DEFAULT 0, -- by deadline day: not cancelled or refused before it, not done by it
    CONSTRAINT report_day_key UNIQUE NULLS NOT DISTINCT (day, zone_id, source, technician_id)
);

CREATE TABLE report_day_service (
    day             date           NOT NULL,
    zone_id         bigint,
    source          varchar(16)    NOT NULL,
    technician_id   bigint,
    service_type_id bigint         NOT NULL,
    done_total      numeric(16, 2) NOT NULL DEFAULT 0, -- the line totals of this service on requests first done that day
    rated           integer        NOT NULL DEFAULT 0, -- requests with this service rated that day
    rating_sum      integer        NOT NULL DEFAULT 0,
    CONSTRAINT report_day_service_key UNIQUE NULLS NOT DISTINCT (day, zone_id, source, technician_id, service_type_id)
);

-- One milestone row's contributions to report_day, times s (1 to add, -1 to take away).
CREATE FUNCTION report_day_rows(m request_milestone, s integer, tz text)
    RETURNS TABLE (day date, zone_id bigint, source varchar, technician_id bigint, received integer, untouched integer,
                   late_action integer, booked integer, booked_value numeric, done integer, done_value numeric,
                   cancelled integer, refused integer, disputed integer, rated integer, rating_sum integer,
                   due_hit integer, due_missed integer)
    LANGUAGE sql STABLE AS $$
    SELECT c.day, m.zone_id, m.source, m.technician_id, s * c.received, s * c.untouched, s * c.late_action, s * c.booked,
           s * c.booked_value, s * c.done, s * c.done_value, s * c.cancelled, s * c.refused, s * c.disputed, s * c.rated,
           s * c.rating_sum, s * c.due_hit, s * c.due_missed
    FROM (
        SELECT (m.created_at AT TIME ZONE tz)::date AS day, 1 AS received, (m.first_action IS NULL)::int AS untouched,
               coalesce(m.first_action > m.created_at + interval '24 hours', false)::int AS late_action,
               (m.first_cancelled IS NULL AND m.first_refused IS NULL)::int AS booked,
               CASE WHEN m.first_cancelled IS NULL AND m.first_refused IS NULL THEN coalesce(m.price_total, 0) ELSE 0 END AS booked_value,
               0 AS done, 0::numeric AS done_value, 0 AS cancelled, 0 AS refused, 0 AS disputed, 0 AS rated, 0 AS rating_sum,
               0 AS due_hit, 0 AS due_missed
        UNION ALL
        SELECT (m.first_done AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 1, coalesce(m.price_total, 0), 0, 0, 0, 0, 0, 0, 0
        WHERE m.first_done IS NOT NULL
        UNION ALL
        SELECT (m.first_cancelled AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0
        WHERE m.first_cancelled IS NOT NULL
        UNION ALL
        SELECT (m.first_refused AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0
        WHERE m.first_refused IS NOT NULL
        UNION ALL
        SELECT (m.first_disputed AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0
        WHERE m.first_disputed IS NOT NULL
        UNION ALL
        SELECT (m.rated_at AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, m.rating, 0, 0
        WHERE m.rating IS NOT NULL AND m.rated_at IS NOT NULL
        UNION ALL
        SELECT (m.deadline AT TIME ZONE tz)::date, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
               coalesce(m.first_done <= m.deadline, false)::int, (NOT coalesce(m.first_done <= m.deadline, false))::int
        WHERE (m.first_cancelled IS NULL OR m.first_cancelled > m.deadline) AND (m.first_refused IS NULL OR m.first_refused > m.deadline)
    ) c
    WHERE m.request_id IS NOT NULL
$$;

-- One milestone row's contributions to report_day_service, times s.
CREATE FUNCTION report_day_service_rows(m request_milestone, s integer, tz text)
    RETURNS TABLE (day date, zone_id bigint, source varchar, technician_id bigint, service_type_id bigint,
                   done_total numeric, rated integer, rating_sum integer)
    LANGUAGE sql STABLE AS $$
    SELECT (m.first_done AT TIME ZONE tz)::date, m.zone_id, m.source, m.technician_id, u.id, s * coalesce(u.total, 0), 0, 0
    FROM unnest(m.service_ids, m.service_totals) AS u(id, total)
    WHERE m.first_done IS NOT NULL
    UNION ALL
    SELECT (m.rated_at AT TIME ZONE tz)::date, m.zone_id, m.source, m.technician_id, u.id, 0, s, s * m.rating
    FROM unnest(m.service_ids) AS u(id)
    WHERE m.rating IS NOT NULL AND m.rated_at IS NOT NULL
$$;

-- The rollups derived from the milestones as they are now (what the kept tables must equal, zero rows aside).
CREATE VIEW report_day_derived AS
SELECT r.day, r.zone_id, r.source, r.technician_id, sum(r.received)::int AS received, sum(r.untouched)::int AS untouched,
       sum(r.late_action)::int AS late_action, sum(r.booked)::int AS booked, sum(r.booked_value) AS booked_value,
       sum(r.done)::int AS done, sum(r.done_value) AS done_value, sum(r.cancelled)::int AS cancelled,
       sum(r.refused)::int AS refused, sum(r.disputed)::int AS disputed, sum(r.rated)::int AS rated,
       sum(r.rating_sum)::int AS rating_sum, sum(r.due_hit)::int AS due_hit, sum(r.due_missed)::int AS due_missed
FROM request_milestone m, report_setting z, LATERAL report_day_rows(m, 1, z.time_zone) r
GROUP BY r.day, r.zone_id, r.source, r.technician_id;

CREATE VIEW report_day_service_derived AS
SELECT r.day, r.zone_id, r.source, r.technician_id, r.service_type_id, sum(r.done_total) AS done_total,
       sum(r.rated)::int AS rated, sum(r.rating_sum)::int AS rating_sum
FROM request_milestone m, report_setting z, LATERAL report_day_service_rows(m, 1, z.time_zone) r
GROUP BY r.day, r.zone_id, r.source, r.technician_id, r.service_type_id;

-- Derives both rollups again from the milestones (RequestMilestones.rebuild, the time zone's change at start).
CREATE FUNCTION report_rollup_rebuild() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM report_day;
    DELETE FROM report_day_service;
    INSERT INTO report_day SELECT * FROM report_day_derived;
    INSERT INTO report_day_service SELECT * FROM report_day_service_derived;
END
$$;

-- Keeps both rollups with each change of a milestone row: the old row's contributions out, the new row's in, summed
-- per key and applied in key order (so two writers lock the rows they share in the same order).
CREATE FUNCTION request_milestone_rollup() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    tz text := (SELECT time_zone FROM report_setting);
    o  request_milestone;
    n  request_milestone;
BEGIN
    IF coalesce(current_setting('fieldplan.rollup_off', true), '') = 'on' THEN
        RETURN NULL; -- RequestMilestones.rebuild derives the rollups afterwards
    END IF;
    IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
    IF TG_OP <> 'DELETE' THEN n := NEW; END IF;
    INSERT INTO report_day AS d
    SELECT r.day, r.zone_id, r.source, r.technician_id, sum(r.received), sum(r.untouched), sum(r.late_action), sum(r.booked),
           sum(r.booked_value), sum(r.done), sum(r.done_value), sum(r.cancelled), sum(r.refused), sum(r.disputed),
           sum(r.rated), sum(r.rating_sum), sum(r.due_hit), sum(r.due_missed)
    FROM (SELECT * FROM report_day_rows(o, -1, tz) UNION ALL SELECT * FROM report_day_rows(n, 1, tz)) r
    WHERE r.day IS NOT NULL
    GROUP BY r.day, r.zone_id, r.source, r.technician_id
    HAVING sum(r.received) <> 0 OR sum(r.untouched) <> 0 OR sum(r.late_action) <> 0 OR sum(r.booked) <> 0
        OR sum(r.booked_value) <> 0 OR sum(r.done) <> 0 OR sum(r.done_value) <> 0 OR sum(r.cancelled) <> 0
        OR sum(r.refused) <> 0 OR sum(r.disputed) <> 0 OR sum(r.rated) <> 0 OR sum(r.rating_sum) <> 0
        OR sum(r.due_hit) <> 0 OR sum(r.due_missed) <> 0
    ORDER BY r.day, r.zone_id, r.source, r.technician_id
    ON CONFLICT ON CONSTRAINT report_day_key DO UPDATE SET
        received = d.received + excluded.received, untouched = d.untouched + excluded.untouched,
        late_action = d.late_action + excluded.late_action, booked = d.booked + excluded.booked,
        booked_value = d.booked_value + excluded.booked_value, done = d.done + excluded.done,
        done_value = d.done_value + excluded.done_value, cancelled = d.cancelled + excluded.cancelled,
        refused = d.refused + excluded.refused, disputed = d.disputed + excluded.disputed, rated = d.rated + excluded.rated,
        rating_sum = d.rating_sum + excluded.rating_sum, due_hit = d.due_hit + excluded.due_hit,
        due_missed = d.due_missed + excluded.due_missed;
    INSERT INTO report_day_service AS d
    SELECT r.day, r.zone_id, r.source, r.technician_id, r.service_type_id, sum(r.done_total), sum(r.rated), sum(r.rating_sum)
    FROM (SELECT * FROM report_day_service_rows(o, -1, tz) UNION ALL SELECT * FROM report_day_service_rows(n, 1, tz)) r
    WHERE r.day IS NOT NULL
    GROUP BY r.day, r.zone_id, r.source, r.technician_id, r.service_type_id
    HAVING sum(r.done_total) <> 0 OR sum(r.rated) <> 0 OR sum(r.rating_sum) <> 0
    ORDER BY r.day, r.zone_id, r.source, r.technician_id, r.service_type_id
    ON CONFLICT ON CONSTRAINT report_day_service_key DO UPDATE SET
        done_total = d.done_total + excluded.done_total, rated = d.rated + excluded.rated,
        rating_sum = d.rating_sum + excluded.rating_sum;
    RETURN NULL;
END
$$;

CREATE TRIGGER request_milestone_rollup AFTER INSERT OR DELETE ON request_milestone
    FOR EACH ROW EXECUTE FUNCTION request_milestone_rollup();
CREATE TRIGGER request_milestone_rollup_update AFTER UPDATE ON request_milestone
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION request_milestone_rollup();

SELECT report_rollup_rebuild();
-- [jooq ignore stop]
