-- Issue 17: the reaction and completion times' medians and 90th percentiles from per-month histograms of the
-- milestones (docs/reports.md, "The percentiles"), so that a report over a year no longer sorts the 125,000 arrivals and
-- 91,000 completions of the year.
--
-- report_month_hist holds, per month (in the company's time zone), zone and measure, how many requests' times fall in
-- each bucket (report_bucket: whole minutes below 2 hours, quarter hours below 2 days, hours below 30 days, days beyond,
-- up to about two years): measure 1 the minutes from arrival to the first action and 2 to the first move to scheduled
-- (by arrival month), 3 the minutes from arrival to the first done (by the month of that first done). A report reads the
-- whole months of its period from here and buckets the exact values of its partial months itself (from the milestones'
-- covering indexes), then interpolates within the bucket the percentile falls in; so a percentile is off by less than
-- the width of a bucket near it. A report filtered by source or technician (which this table does not carry) still
-- reads the exact values.
--
-- Nothing is counted on the side: the histograms are a function of request_milestone (report_month_hist_derived), kept
-- by a trigger on it in the same statement as the milestone row, and derived again by report_rollup_rebuild().

-- [jooq ignore start]
CREATE FUNCTION report_bucket(x float8) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN x < 120 THEN greatest(floor(x), 0)::int + 1
                WHEN x < 2880 THEN 121 + floor((x - 120) / 15)::int
                WHEN x < 43200 THEN 305 + floor((x - 2880) / 60)::int
                ELSE 977 + least(floor((x - 43200) / 1440), 729)::int END
$$;

CREATE TABLE report_month_hist (
    month   date      NOT NULL, -- the first day of the month, in the company's time zone
    zone_id bigint,
    measure smallint  NOT NULL CHECK (measure BETWEEN 1 AND 3),
    counts  integer[] NOT NULL, -- counts[b]: the requests whose time falls in bucket b (a missing or null element: none)
    CONSTRAINT report_month_hist_key UNIQUE NULLS NOT DISTINCT (month, zone_id, measure)
);

-- One milestone row's contributions, times s (1 to add, -1 to take away).
CREATE FUNCTION report_hist_rows(m request_milestone, s integer, tz text)
    RETURNS TABLE (month date, zone_id bigint, measure smallint, bucket integer, n integer)
    LANGUAGE sql STABLE AS $$
    SELECT date_trunc('month', m.created_at AT TIME ZONE tz)::date, m.zone_id, 1::smallint, report_bucket(m.first_action_minutes), s
    WHERE m.request_id IS NOT NULL AND m.first_action_minutes IS NOT NULL
    UNION ALL
    SELECT date_trunc('month', m.created_at AT TIME ZONE tz)::date, m.zone_id, 2::smallint, report_bucket(m.scheduled_minutes), s
    WHERE m.request_id IS NOT NULL AND m.scheduled_minutes IS NOT NULL
    UNION ALL
    SELECT date_trunc('month', m.first_done AT TIME ZONE tz)::date, m.zone_id, 3::smallint, report_bucket(m.completion_hours * 60), s
    WHERE m.request_id IS NOT NULL AND m.completion_hours IS NOT NULL
$$;

-- The histograms derived from the milestones as they are now, one row per non-empty bucket.
CREATE VIEW report_month_hist_derived AS
SELECT r.month, r.zone_id, r.measure, r.bucket, sum(r.n)::int AS n
FROM request_milestone m, report_setting z, LATERAL report_hist_rows(m, 1, z.time_zone) r
GROUP BY r.month, r.zone_id, r.measure, r.bucket;

-- The kept histograms in the same form (what the tests compare with the derivation).
CREATE VIEW report_month_hist_cells AS
SELECT h.month, h.zone_id, h.measure, i AS bucket, h.counts[i] AS n
FROM report_month_hist h, generate_subscripts(h.counts, 1) i
WHERE coalesce(h.counts[i], 0) <> 0;

CREATE FUNCTION report_hist_rebuild() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM report_month_hist;
    INSERT INTO report_month_hist (month, zone_id, measure, counts)
    SELECT d.month, d.zone_id, d.measure,
           (SELECT array_agg(coalesce(c.n, 0) ORDER BY g.b)
            FROM generate_series(1, max(d.bucket)) g(b) LEFT JOIN unnest(array_agg(d.bucket), array_agg(d.n)) c(b, n) ON c.b = g.b)
    FROM report_month_hist_derived d
    GROUP BY d.month, d.zone_id, d.measure;
END
$$;

-- Keeps the histograms with each change of a milestone row: the old row's buckets out, the new row's in, in key order.
CREATE FUNCTION request_milestone_hist() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    tz text := (SELECT time_zone FROM report_setting);
    o  request_milestone;
    n  request_milestone;
    d  record;
BEGIN
    IF coalesce(current_setting('fieldplan.rollup_off', true), '') = 'on' THEN
        RETURN NULL; -- RequestMilestones.rebuild derives the rollups afterwards
    END IF;
    IF TG_OP <> 'INSERT' THEN o := OLD; END IF;
    IF TG_OP <> 'DELETE' THEN n := NEW; END IF;
    FOR d IN SELECT r.month, r.zone_id, r.measure, r.bucket, sum(r.n)::int AS n
             FROM (SELECT * FROM report_hist_rows(o, -1, tz) UNION ALL SELECT * FROM report_hist_rows(n, 1, tz)) r
             GROUP BY r.month, r.zone_id, r.measure, r.bucket HAVING sum(r.n) <> 0
             ORDER BY r.month, r.zone_id, r.measure, r.bucket LOOP
        INSERT INTO report_month_hist (month, zone_id, measure, counts) VALUES (d.month, d.zone_id, d.measure, '{0}')
            ON CONFLICT ON CONSTRAINT report_month_hist_key DO NOTHING;
        UPDATE report_month_hist h SET counts[d.bucket] = coalesce(h.counts[d.bucket], 0) + d.n
            WHERE h.month = d.month AND h.zone_id IS NOT DISTINCT FROM d.zone_id AND h.measure = d.measure;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER request_milestone_hist AFTER INSERT OR DELETE ON request_milestone
    FOR EACH ROW EXECUTE FUNCTION request_milestone_hist();
CREATE TRIGGER request_milestone_hist_update AFTER UPDATE ON request_milestone
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.zone_id IS DISTINCT FROM NEW.zone_id
                       OR OLD.first_action IS DISTINCT FROM NEW.first_action OR OLD.first_scheduled IS DISTINCT FROM NEW.first_scheduled
                       OR OLD.first_done IS DISTINCT FROM NEW.first_done OR OLD.request_id IS DISTINCT FROM NEW.request_id)
    EXECUTE FUNCTION request_milestone_hist();

-- Derives every rollup again from the milestones and the routes (RequestMilestones.rebuild, the time zone's change at
-- start, the migrations' backfill).
CREATE OR REPLACE FUNCTION report_rollup_rebuild() RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM report_day;
    DELETE FROM report_day_service;
    DELETE FROM report_route;
    INSERT INTO report_day SELECT * FROM report_day_derived;
    INSERT INTO report_day_service SELECT * FROM report_day_service_derived;
    INSERT INTO report_route SELECT * FROM report_route_derived;
    PERFORM report_hist_rebuild();
END
$$;

SELECT report_hist_rebuild();
-- [jooq ignore stop]
