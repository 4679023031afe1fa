-- The set-up screens (issue 14): a technician belongs to a city (lists filter by it), and a sign-in account has a
-- version so that two administrators changing the same account do not overwrite each other (If-Match).
ALTER TABLE technician ADD COLUMN city varchar(200);
ALTER TABLE app_user ADD COLUMN version integer NOT NULL DEFAULT 0;
