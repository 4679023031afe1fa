-- The plan data's version moves when a change commits, not when it is written (issue 18).
--
-- V4 counted changes with a sequence bumped by statement triggers. A sequence is not transactional: it moved the
-- moment a writer's statement ran, before the writer committed. A window-search horizon prepared in those few
-- milliseconds read the new version but not the uncommitted rows, was labelled current, and nothing prepared it
-- again until the next change; the next hold or booking of that day could then trust a horizon without the change.
--
-- Now the version is a row that a deferred constraint trigger increments at commit time, once per transaction that
-- changed plan data: the increment becomes visible together with the change or not at all. A reader that reads the
-- version first and the data after it therefore never labels missing data with a newer version. The row lock is
-- taken only while the transaction commits (after all its other work and locks), so writers of different days wait
-- for each other only for the length of a commit, and no lock cycle can form through it.
-- [jooq ignore start]
CREATE TABLE plan_data_counter (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint  NOT NULL
);
INSERT INTO plan_data_counter (version)
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM plan_data_version;

-- One row per changing transaction, deleted by the commit-time increment.
CREATE TABLE plan_data_change (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY
);

CREATE FUNCTION plan_data_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE plan_data_counter SET version = version + 1;
    DELETE FROM plan_data_change WHERE id = NEW.id;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER plan_data_change_at_commit AFTER INSERT ON plan_data_change
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan_data_count_change();

-- Marks the current transaction as one that changed plan data (once: a transaction-local setting remembers it;
-- a rolled-back savepoint undoes both the mark and the setting).
CREATE FUNCTION plan_data_mark_change() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('fieldplan.plan_data_changed', true), '') <> 'yes' THEN
        PERFORM set_config('fieldplan.plan_data_changed', 'yes', true);
        INSERT INTO plan_data_change DEFAULT VALUES;
    END IF;
END
$$;

-- The statement triggers of V4, V30, V90 and V110 keep their names and tables; their functions now mark the
-- transaction instead of bumping the sequence.
CREATE OR REPLACE FUNCTION bump_plan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM plan_data_mark_change();
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION bump_plan_data_version_if_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (SELECT 1 FROM changed_old) THEN
            PERFORM plan_data_mark_change();
        END IF;
    ELSE
        IF EXISTS (SELECT 1 FROM changed_new) THEN
            PERFORM plan_data_mark_change();
        END IF;
    END IF;
    RETURN NULL;
END
$$;

-- Nothing reads the sequence any more; an instance of the previous release that still would fails loudly rather
-- than seeing a version that never moves.
DROP SEQUENCE plan_data_version;
-- [jooq ignore stop]
