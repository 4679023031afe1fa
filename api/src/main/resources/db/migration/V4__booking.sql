-- Booking on the public site: windows held while the customer types their contact details, idempotent booking
-- answers, and a version number of everything the booking-window search reads (so every service instance knows
-- when its prepared search is out of date).
--
-- Same jOOQ rules as V1: PostgreSQL-only statements (sequence, functions, triggers) sit in ignore blocks.

-- ---- held windows ---------------------------------------------------------------------------------------------
-- A hold takes room in a technician's route (at position, for the window) for everyone else's search until it
-- expires or is confirmed by a booking (request_id set).
CREATE TABLE booking_hold (
    id               uuid          NOT NULL PRIMARY KEY,
    day              date          NOT NULL,
    window_start     timestamptz   NOT NULL,
    window_end       timestamptz   NOT NULL,
    technician_id    bigint        NOT NULL REFERENCES technician (id) ON DELETE CASCADE,
    position         integer       NOT NULL CHECK (position >= 0),
    location         geo_point     NOT NULL,
    address_line     varchar(500)  NOT NULL,
    service_type_id  bigint        NOT NULL REFERENCES service_type (id),
    quantity         integer       NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    duration_seconds integer       NOT NULL CHECK (duration_seconds > 0),
    expires_at       timestamptz   NOT NULL,
    created_at       timestamptz   NOT NULL,
    request_id       bigint        REFERENCES service_request (id) ON DELETE SET NULL,
    CONSTRAINT booking_hold_window_order CHECK (window_start < window_end)
);
CREATE INDEX booking_hold_day_idx ON booking_hold (day, expires_at);

-- ---- idempotent bookings --------------------------------------------------------------------------------------
-- The first answer to a booking with an Idempotency-Key, returned again for the same key and body.
CREATE TABLE booking_idempotency (
    idempotency_key varchar(200)  NOT NULL PRIMARY KEY,
    body_sha256     varchar(64)   NOT NULL,
    response        varchar(4000) NOT NULL,
    request_id      bigint        REFERENCES service_request (id) ON DELETE CASCADE,
    created_at      timestamptz   NOT NULL
);

-- ---- what the window search reads changed -----------------------------------------------------------------------
-- [jooq ignore start]
CREATE SEQUENCE plan_data_version;

CREATE FUNCTION bump_plan_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('plan_data_version');
    RETURN NULL;
END
$$;

CREATE TRIGGER route_changes AFTER INSERT OR UPDATE OR DELETE ON route
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER route_stop_changes AFTER INSERT OR UPDATE OR DELETE ON route_stop
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER service_request_changes AFTER INSERT OR UPDATE OR DELETE ON service_request
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER schedule_interval_changes AFTER INSERT OR UPDATE OR DELETE ON schedule_interval
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER technician_absence_changes AFTER INSERT OR UPDATE OR DELETE ON technician_absence
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER technician_changes AFTER INSERT OR UPDATE OR DELETE ON technician
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER technician_skill_changes AFTER INSERT OR UPDATE OR DELETE ON technician_skill
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER zone_changes AFTER INSERT OR UPDATE OR DELETE ON zone
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
CREATE TRIGGER booking_hold_changes AFTER INSERT OR UPDATE OR DELETE ON booking_hold
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
-- [jooq ignore stop]
