-- Visits that need several technicians at once (issue 12; docs/engine.md "Visits that need several technicians").
-- A service type may need a team: team_size people who arrive and start together. team_skills says what the others
-- need: 'all' = every person needs the service type's skills, 'lead' = only the first (the others help).
ALTER TABLE service_type ADD COLUMN team_size integer NOT NULL DEFAULT 1 CHECK (team_size BETWEEN 1 AND 6);
ALTER TABLE service_type ADD COLUMN team_skills varchar(8) NOT NULL DEFAULT 'all' CHECK (team_skills IN ('all', 'lead'));

-- The stops of members #2..n of a planned group. Member #1 is the request's own route_stop (customer-facing: one
-- visit, one notice, what the technician reports); the others are here, on their own technicians' routes, with the
-- same start. position shares the numbering of the route's route_stop rows (a route's stops and member stops
-- together are its visits in order). Written only by RouteWriter.
CREATE TABLE route_stop_member (
    route_id        bigint       NOT NULL REFERENCES route (id) ON DELETE CASCADE,
    request_id      bigint       NOT NULL REFERENCES service_request (id) ON DELETE CASCADE,
    member          integer      NOT NULL CHECK (member >= 2),
    position        integer      NOT NULL CHECK (position >= 0),
    arrival_at      timestamptz  NOT NULL,
    start_at        timestamptz  NOT NULL,
    end_at          timestamptz  NOT NULL,
    travel_seconds  integer      NOT NULL CHECK (travel_seconds >= 0),
    distance_metres integer      NOT NULL CHECK (distance_metres >= 0),
    PRIMARY KEY (request_id, member),
    CONSTRAINT route_stop_member_one_per_route UNIQUE (route_id, request_id),
    CONSTRAINT route_stop_member_times_ordered CHECK (arrival_at <= start_at AND start_at <= end_at)
);
CREATE INDEX route_stop_member_route ON route_stop_member (route_id, position);

-- [jooq ignore start]
CREATE TRIGGER route_stop_member_changes AFTER INSERT OR UPDATE OR DELETE ON route_stop_member
    FOR EACH STATEMENT EXECUTE FUNCTION bump_plan_data_version();
-- [jooq ignore stop]

-- A held window for a team: one row per person (each takes room in its technician's route at the team's common
-- start). team_of is the first row's id (the hold id the customer got) on the others' rows; team_start is the common
-- start on every row of the team.
ALTER TABLE booking_hold ADD COLUMN team_of uuid REFERENCES booking_hold (id) ON DELETE CASCADE;
ALTER TABLE booking_hold ADD COLUMN team_start timestamptz;
CREATE INDEX booking_hold_team_idx ON booking_hold (team_of) WHERE team_of IS NOT NULL;
