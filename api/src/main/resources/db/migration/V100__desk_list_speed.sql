-- The desk list under load (docs/desk.md, "Where the time went"):
-- 1. desk_data_version: a sequence every statement writing service_request, request_search (customers' names,
--    phones and e-mails reach it by their own triggers) or zone (a dispatcher's zones) moves. The list keeps the counts
--    per status it computed for a caller and a filter with the version read before its snapshot, only when that
--    snapshot saw no writing transaction in flight, and counts again when the version moved (DeskRequests). A
--    sequence takes no row lock: writers never wait for each other on it.
-- 2. indexes for the two sort orders that had none (updated; priority then deadline): a page sorted by them read and
--    sorted every visible request.

-- [jooq ignore start]
CREATE SEQUENCE desk_data_version;

CREATE FUNCTION desk_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('desk_data_version');
    RETURN NULL;
END
$$;

CREATE TRIGGER service_request_desk_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_request
    FOR EACH STATEMENT EXECUTE FUNCTION desk_data_changed();
CREATE TRIGGER request_search_desk_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON request_search
    FOR EACH STATEMENT EXECUTE FUNCTION desk_data_changed();
CREATE TRIGGER zone_desk_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON zone
    FOR EACH STATEMENT EXECUTE FUNCTION desk_data_changed();

CREATE INDEX service_request_updated_idx ON service_request (updated_at DESC, id DESC);
CREATE INDEX service_request_priority_deadline_idx ON service_request (priority DESC, deadline, id);
-- [jooq ignore stop]
