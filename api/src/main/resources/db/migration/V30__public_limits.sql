-- Limits of the public surface (docs/limits.md).
--
-- 1. Each hold remembers the client address that took it, so one address can hold only a few windows at once.
ALTER TABLE booking_hold ADD COLUMN client_address varchar(100);
CREATE INDEX booking_hold_client_idx ON booking_hold (client_address, expires_at) WHERE request_id IS NULL;

-- 2. The statement trigger on holds bumped the plan-data version (and so made every instance prepare its window
--    search again) for every statement, even one that changed no row - e.g. releasing a hold id that does not exist,
--    which anyone can send. Now it bumps only when the statement changed rows (transition tables; PostgreSQL allows
--    them only on single-event triggers, hence three).
-- [jooq ignore start]
DROP TRIGGER booking_hold_changes ON booking_hold;

CREATE FUNCTION bump_plan_data_version_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM changed_old) THEN
            PERFORM nextval('plan_data_version');
        END IF;
    ELSE
        IF EXISTS (SELECT 1 FROM changed_new) THEN
            PERFORM nextval('plan_data_version');
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER booking_hold_inserts AFTER INSERT ON booking_hold REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version_if_rows();
CREATE TRIGGER booking_hold_updates AFTER UPDATE ON booking_hold REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version_if_rows();
CREATE TRIGGER booking_hold_deletes AFTER DELETE ON booking_hold REFERENCING OLD TABLE AS changed_old
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version_if_rows();
-- [jooq ignore stop]
