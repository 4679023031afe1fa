-- What a planning job saw when it loaded its problem: every route of its days with its version and its stops in
-- order (JSON: [{"technicianId":..,"day":"..","version":..,"requestIds":[..]}]). Publishing compares it with the
-- routes as they are then: stops that bookings, board moves or pins put there since are kept (re-inserted into the
-- job's plan) or the publish is refused naming them; nothing booked is dropped, no move silently reverted.
ALTER TABLE plan_job ADD COLUMN loaded_routes text;
