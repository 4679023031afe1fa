-- The desk's counts per status without counting 100,000 rows on every page (docs/desk.md):
-- 1. request_status_count: how many requests each zone (0 = outside every zone) has in each status, kept by
--    statement triggers on service_request (transition tables: one upsert per statement, rows in key order so two
--    transactions never wait for each other crosswise). The list's counts read it when no filter but zone and status
--    is given.
-- 2. request_search carries the request's status and zone, so a text search counts from its own (GIN) rows.

CREATE TABLE request_status_count (
    zone_key  bigint      NOT NULL,
    status    varchar(16) NOT NULL,
    n         bigint      NOT NULL,
    PRIMARY KEY (zone_key, status)
);

ALTER TABLE request_search ADD COLUMN status varchar(16);
ALTER TABLE request_search ADD COLUMN zone_id bigint;

-- [jooq ignore start]
CREATE FUNCTION request_status_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO request_status_count AS c (zone_key, status, n)
        SELECT coalesce(zone_id, 0), status, count(*) FROM changed_new GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (zone_key, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO request_status_count AS c (zone_key, status, n)
        SELECT coalesce(zone_id, 0), status, -count(*) FROM changed_old GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (zone_key, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    ELSE
        INSERT INTO request_status_count AS c (zone_key, status, n)
        SELECT zone_key, status, sum(d) FROM (
            SELECT coalesce(zone_id, 0) AS zone_key, status, 1 AS d FROM changed_new
            UNION ALL
            SELECT coalesce(zone_id, 0), status, -1 FROM changed_old) x
        GROUP BY 1, 2 HAVING sum(d) <> 0 ORDER BY 1, 2
        ON CONFLICT (zone_key, status) DO UPDATE SET n = c.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER service_request_count_inserts AFTER INSERT ON service_request REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION request_status_count_apply();
CREATE TRIGGER service_request_count_updates AFTER UPDATE ON service_request
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION request_status_count_apply();
CREATE TRIGGER service_request_count_deletes AFTER DELETE ON service_request REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION request_status_count_apply();

INSERT INTO request_status_count (zone_key, status, n)
SELECT coalesce(zone_id, 0), status, count(*) FROM service_request GROUP BY 1, 2;

-- the search rows follow status and zone too
CREATE OR REPLACE FUNCTION request_search_of_request() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO request_search (request_id, search_text, status, zone_id)
    SELECT NEW.id, request_search_text(NEW.registration_number, NEW.address_line, c.name, c.email, c.phone),
           NEW.status, NEW.zone_id
      FROM customer c WHERE c.id = NEW.customer_id
    ON CONFLICT (request_id) DO UPDATE
        SET search_text = EXCLUDED.search_text, status = EXCLUDED.status, zone_id = EXCLUDED.zone_id;
    RETURN NULL;
END
$$;
DROP TRIGGER service_request_search_update ON service_request;
CREATE TRIGGER service_request_search_update
    AFTER UPDATE OF registration_number, address_line, customer_id, status, zone_id
    ON service_request FOR EACH ROW EXECUTE FUNCTION request_search_of_request();

UPDATE request_search s SET status = r.status, zone_id = r.zone_id FROM service_request r WHERE r.id = s.request_id;
-- [jooq ignore stop]
