-- The set-up screens (issue 14): a technician belongs to a city (lists filter by it), and a sign-in account has a
-- version so that two administrators changing the same account do not overwrite each other (If-Match).
ALTER TABLE technician ADD COLUMN city varchar(200);
ALTER TABLE app_user ADD COLUMN version integer NOT NULL DEFAULT 0;

-- The booking horizon reads service types, their skills and the zones offering them: a service created or offered
-- in a zone on the set-up screens must reach the window search as a zone or a technician does (V4's triggers).
-- [jooq ignore start]
CREATE TRIGGER service_type_changes AFTER INSERT OR UPDATE OR DELETE ON service_type
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER service_type_skill_changes AFTER INSERT OR UPDATE OR DELETE ON service_type_skill
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER zone_service_type_changes AFTER INSERT OR UPDATE OR DELETE ON zone_service_type
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
-- [jooq ignore stop]
