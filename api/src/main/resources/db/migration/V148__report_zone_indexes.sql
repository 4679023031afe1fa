-- Issue 17: what an administrator's or a head's report over their zones reads, by zone first: the per-route rollup's rows
-- of their zones and days (instead of every zone's rows of the period, filtered), and the latest rated requests of their
-- zones for the ratings' comments (instead of walking every zone's ratings backwards until 200 of theirs are found).
-- [jooq ignore start]
CREATE INDEX report_route_zone_day_idx ON report_route (zone_id, day);
CREATE INDEX request_milestone_zone_rated_idx ON request_milestone (zone_id, rated_at) WHERE rating IS NOT NULL;
-- [jooq ignore stop]
