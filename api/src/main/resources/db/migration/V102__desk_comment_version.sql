-- The desk keeps the counts under the "forgotten" filter for a few seconds (DeskRequests.countsPerStatus): a comment
-- makes a request no longer forgotten, so writing comments moves desk_data_version (V100) too and the kept counts
-- are not trusted after it.

-- [jooq ignore start]
CREATE TRIGGER service_request_comment_desk_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON service_request_comment
    FOR EACH STATEMENT EXECUTE FUNCTION desk_data_changed();
-- [jooq ignore stop]
