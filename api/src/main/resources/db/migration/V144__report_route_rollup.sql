-- Issue 17: the per-route rollup of the finished visits, so that a report over a year reads a few ten thousand
-- per-route rows instead of every stop of the year's routes (docs/reports.md, "The per-route rollup").
--
-- report_route holds, per route and per the dimensions a report filters the requests by (the request's zone, intake
-- source and technician, from request_milestone), the counts and sums the delivery section reads: the places on the
-- route (a request's own stop, and a team member's place, route_stop_member, which carries the times and labour of
-- the request's own stop), finished visits, the requests visited (own stops only, so a team visit counts its request
-- once), labour, start delay, planned and actual duration. Durations are kept as whole microseconds (bigint), so the
-- sums are exact and the means over them equal the means over the stops. Nothing is counted on the side: every row is
-- a function of route, route_stop, route_stop_member and request_milestone (report_route_derived), and the triggers
-- below derive a route's rows again, in the same statement as each change of those rows (a statement-level trigger on
-- the stops and team places, a row trigger on the milestones when a request's zone, source or technician changes and on
-- a route whose day changes). report_rollup_rebuild() now derives this table too.

-- [jooq ignore start]
CREATE TABLE report_route (
    route_id      bigint      NOT NULL,
    day           date        NOT NULL, -- the route's day
    zone_id       bigint,               -- the request's (request_milestone)
    source        varchar(16) NOT NULL,
    technician_id bigint,               -- the request's technician (the report's technician filter), not the route's
    places        integer     NOT NULL, -- stops and team places of such requests on the route
    visits        integer     NOT NULL, -- of those, finished
    visited       integer     NOT NULL, -- finished own stops: each request once
    labour        integer     NOT NULL, -- labour minutes reported
    labour_n      integer     NOT NULL,
    delay_us      bigint      NOT NULL, -- started minus planned start, over the started places
    delay_n       integer     NOT NULL,
    planned_us    bigint      NOT NULL, -- planned duration of the finished (and started) places
    planned_n     integer     NOT NULL,
    actual_us     bigint      NOT NULL, -- finished minus started
    actual_n      integer     NOT NULL,
    CONSTRAINT report_route_key UNIQUE NULLS NOT DISTINCT (route_id, zone_id, source, technician_id)
);
CREATE INDEX report_route_day_idx ON report_route (day);

-- Every place on a route with the request's dimensions: the request's own stop, and each team member's place with the
-- times and labour the request's own stop reports (as the reports read them since issue 12).
CREATE VIEW report_route_places AS
SELECT s.route_id, ro.day, m.zone_id, m.source, m.technician_id, true AS own, s.start_at, s.end_at, s.started_at,
       s.finished_at, s.labour_minutes
FROM route_stop s JOIN route ro ON ro.id = s.route_id JOIN request_milestone m ON m.request_id = s.request_id
UNION ALL
SELECT sm.route_id, ro.day, m.zone_id, m.source, m.technician_id, false, sm.start_at, sm.end_at, s.started_at,
       s.finished_at, s.labour_minutes
FROM route_stop_member sm JOIN route ro ON ro.id = sm.route_id JOIN route_stop s ON s.request_id = sm.request_id
     JOIN request_milestone m ON m.request_id = sm.request_id;

CREATE FUNCTION report_us(i interval) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT (extract(epoch FROM i) * 1000000)::bigint
$$;

-- The rollup derived from the places as they are now (what the kept table must equal).
CREATE VIEW report_route_derived AS
SELECT p.route_id, p.day, p.zone_id, p.source, p.technician_id, count(*)::int AS places, count(p.finished_at)::int AS visits,
       (count(p.finished_at) FILTER (WHERE p.own))::int AS visited, coalesce(sum(p.labour_minutes), 0)::int AS labour,
       count(p.labour_minutes)::int AS labour_n, coalesce(sum(report_us(p.started_at - p.start_at)), 0)::bigint AS delay_us,
       count(p.started_at)::int AS delay_n,
       coalesce(sum(report_us(p.end_at - p.start_at)) FILTER (WHERE p.finished_at IS NOT NULL AND p.started_at IS NOT NULL), 0)::bigint AS planned_us,
       (count(*) FILTER (WHERE p.finished_at IS NOT NULL AND p.started_at IS NOT NULL))::int AS planned_n,
       coalesce(sum(report_us(p.finished_at - p.started_at)), 0)::bigint AS actual_us,
       count(p.finished_at - p.started_at)::int AS actual_n
FROM report_route_places p
GROUP BY p.route_id, p.day, p.zone_id, p.source, p.technician_id;

-- Derives these routes' rows again. Serialised per route (a transaction-scoped advisory lock per route, taken in
-- ascending order; above 64 routes at once a lock on the whole table) so that two writers of one route's rows cannot
-- both derive it from what the other has not committed; the route writers hold the day's lock (DayLock) already, so
-- they do not wait on each other here.
CREATE FUNCTION report_route_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    r bigint;
BEGIN
    IF coalesce(current_setting('fieldplan.rollup_off', true), '') = 'on' OR ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN; -- RequestMilestones.rebuild derives the rollups afterwards
    END IF;
    IF cardinality(ids) > 64 THEN
        -- a set-based write of many routes (a load, a large plan): one lock on the table instead of one per route, which
        -- would fill the lock table; readers are not held up
        LOCK TABLE report_route IN EXCLUSIVE MODE;
    ELSE
        FOR r IN SELECT DISTINCT u FROM unnest(ids) u WHERE u IS NOT NULL ORDER BY u LOOP
            PERFORM pg_advisory_xact_lock(723217, (r % 2147483647)::int);
        END LOOP;
    END IF;
    DELETE FROM report_route WHERE route_id = ANY (ids);
    INSERT INTO report_route SELECT * FROM report_route_derived d WHERE d.route_id = ANY (ids);
END
$$;

-- route_stop: the routes of the changed stops, and of the team places of their requests (which carry the stop's times)
CREATE FUNCTION report_route_stops_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_route_refresh(ARRAY(SELECT n.route_id FROM new_rows n UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT n.request_id FROM new_rows n)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM report_route_refresh(ARRAY(SELECT n.route_id FROM new_rows n UNION SELECT o.route_id FROM old_rows o UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT n.request_id FROM new_rows n
                                                                                 UNION SELECT o.request_id FROM old_rows o)));
    ELSE
        PERFORM report_route_refresh(ARRAY(SELECT o.route_id FROM old_rows o UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT o.request_id FROM old_rows o)));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_route_stops_inserted AFTER INSERT ON route_stop REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_stops_changed();
CREATE TRIGGER report_route_stops_updated AFTER UPDATE ON route_stop REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_stops_changed();
CREATE TRIGGER report_route_stops_deleted AFTER DELETE ON route_stop REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_stops_changed();

-- route_stop_member: the routes of the changed team places
CREATE FUNCTION report_route_members_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_route_refresh(ARRAY(SELECT n.route_id FROM new_rows n));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM report_route_refresh(ARRAY(SELECT n.route_id FROM new_rows n UNION SELECT o.route_id FROM old_rows o));
    ELSE
        PERFORM report_route_refresh(ARRAY(SELECT o.route_id FROM old_rows o));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER report_route_members_inserted AFTER INSERT ON route_stop_member REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_members_changed();
CREATE TRIGGER report_route_members_updated AFTER UPDATE ON route_stop_member REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_members_changed();
CREATE TRIGGER report_route_members_deleted AFTER DELETE ON route_stop_member REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION report_route_members_changed();

-- request_milestone: a request's zone, source or technician moves its places to other rows (and a new or deleted
-- milestone row adds or takes away its places)
CREATE FUNCTION report_route_request_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.request_id ELSE NEW.request_id END;
BEGIN
    PERFORM report_route_refresh(ARRAY(SELECT s.route_id FROM route_stop s WHERE s.request_id = id
                                       UNION SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id = id));
    RETURN NULL;
END
$$;

CREATE TRIGGER report_route_request_inserted AFTER INSERT OR DELETE ON request_milestone
    FOR EACH ROW EXECUTE FUNCTION report_route_request_changed();
CREATE TRIGGER report_route_request_updated AFTER UPDATE ON request_milestone
    FOR EACH ROW WHEN (OLD.zone_id IS DISTINCT FROM NEW.zone_id OR OLD.source IS DISTINCT FROM NEW.source
                       OR OLD.technician_id IS DISTINCT FROM NEW.technician_id OR OLD.request_id IS DISTINCT FROM NEW.request_id)
    EXECUTE FUNCTION report_route_request_changed();

-- route: a route's day is copied into its rows
CREATE FUNCTION report_route_day_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM report_route_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END
$$;

CREATE TRIGGER report_route_day_changed AFTER UPDATE ON route
    FOR EACH ROW WHEN (OLD.day IS DISTINCT FROM NEW.day) EXECUTE FUNCTION report_route_day_changed();

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
END
$$;

INSERT INTO report_route SELECT * FROM report_route_derived;
-- [jooq ignore stop]
