-- The stage of a planning job solved in parts (engine.partition: "construction", "parts travel search",
-- "boundary round 2", ...) and its number of parts, written by the instance solving it when a stage ends, so that every
-- instance following the job shows it (until 2026-12-07 only the solving instance's memory held it). Null for a job
-- solved whole and before the first stage of a run ends.
ALTER TABLE plan_job ADD COLUMN stage varchar(100);
ALTER TABLE plan_job ADD COLUMN stage_parts integer;
