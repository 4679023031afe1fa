-- Issue 17: the per-route rollup (V144) is derived once per route at commit instead of at every statement. The route
-- writers write a plan's stops one statement each (RouteWriter), and deriving the route again after each of them cost
-- about 1.3 ms a stop at a load of 14 (seconds for a regional plan). Now the triggers only note the routes a transaction
-- touched (report_route_pending, keyed by the transaction), and a deferred constraint trigger derives them when the
-- transaction commits, under the same per-route lock as before, then forgets them. Readers in other transactions see the
-- rollup change with the stops, as before; the writing transaction itself sees it only after its commit.

-- [jooq ignore start]
CREATE TABLE report_route_pending (
    xact     bigint NOT NULL, -- txid_current() of the transaction that touched the route
    route_id bigint NOT NULL,
    PRIMARY KEY (xact, route_id)
);

-- Notes routes whose rows this transaction must derive again before it commits.
CREATE FUNCTION report_route_mark(ids bigint[]) RETURNS void LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF coalesce(current_setting('fieldplan.rollup_off', true), '') = 'on' OR ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN; -- RequestMilestones.rebuild derives the rollups afterwards
    END IF;
    INSERT INTO report_route_pending (xact, route_id) SELECT txid_current(), u FROM unnest(ids) u WHERE u IS NOT NULL
        ON CONFLICT DO NOTHING;
END
$$;

-- At commit: derives every route this transaction noted (the first firing does them all; the others find none left).
CREATE FUNCTION report_route_pending_commit() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    ids bigint[];
BEGIN
    WITH d AS (DELETE FROM report_route_pending WHERE xact = txid_current() RETURNING route_id)
    SELECT array_agg(d.route_id) INTO ids FROM d;
    PERFORM report_route_refresh(ids);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER report_route_pending_commit AFTER INSERT ON report_route_pending
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION report_route_pending_commit();

CREATE OR REPLACE FUNCTION report_route_stops_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_route_mark(ARRAY(SELECT n.route_id FROM new_rows n UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT n.request_id FROM new_rows n)));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM report_route_mark(ARRAY(SELECT n.route_id FROM new_rows n UNION SELECT o.route_id FROM old_rows o UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT n.request_id FROM new_rows n
                                                                                 UNION SELECT o.request_id FROM old_rows o)));
    ELSE
        PERFORM report_route_mark(ARRAY(SELECT o.route_id FROM old_rows o UNION
            SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id IN (SELECT o.request_id FROM old_rows o)));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION report_route_members_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM report_route_mark(ARRAY(SELECT n.route_id FROM new_rows n));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM report_route_mark(ARRAY(SELECT n.route_id FROM new_rows n UNION SELECT o.route_id FROM old_rows o));
    ELSE
        PERFORM report_route_mark(ARRAY(SELECT o.route_id FROM old_rows o));
    END IF;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION report_route_request_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    id bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.request_id ELSE NEW.request_id END;
BEGIN
    PERFORM report_route_mark(ARRAY(SELECT s.route_id FROM route_stop s WHERE s.request_id = id
                                       UNION SELECT sm.route_id FROM route_stop_member sm WHERE sm.request_id = id));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION report_route_day_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM report_route_mark(ARRAY[NEW.id]);
    RETURN NULL;
END
$$;
-- [jooq ignore stop]
