-- Issue 17: report_bucket (V145) without STRICT, so that PostgreSQL inlines it into the reports' queries (a STRICT SQL
-- function whose body is a CASE is called through the SQL function executor for each row instead: about 6 us a call,
-- 35,000 calls for a year's partial months). It still gives NULL for NULL, now said in the CASE itself.
-- [jooq ignore start]
CREATE OR REPLACE FUNCTION report_bucket(x float8) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN x IS NULL THEN NULL
                WHEN x < 120 THEN greatest(floor(x), 0)::int + 1
                WHEN x < 2880 THEN 121 + floor((x - 120) / 15)::int
                WHEN x < 43200 THEN 305 + floor((x - 2880) / 60)::int
                ELSE 977 + least(floor((x - 43200) / 1440), 729)::int END
$$;
-- [jooq ignore stop]
