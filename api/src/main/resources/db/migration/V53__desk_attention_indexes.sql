-- What needs attention, found without reading a year of closed requests (docs/desk.md):
-- overdue = past the deadline and not closed (the same list as RequestStatus.isClosed, in its order);
-- forgotten = still new and untouched since updated_at.
-- [jooq ignore start]
CREATE INDEX service_request_open_deadline_idx ON service_request (deadline) INCLUDE (status, zone_id)
    WHERE status NOT IN ('refused', 'accepted', 'cancelled');
CREATE INDEX service_request_new_updated_idx ON service_request (updated_at) INCLUDE (zone_id) WHERE status = 'new';
-- [jooq ignore stop]
