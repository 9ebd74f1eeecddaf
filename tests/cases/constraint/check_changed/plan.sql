-- ogel plan: 0 to add, 1 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop, to replace, check members_role_check on app.members
ALTER TABLE app.members DROP CONSTRAINT members_role_check;

-- step 2: replace check members_role_check on app.members
ALTER TABLE app.members ADD CONSTRAINT members_role_check CHECK ((role = ANY (ARRAY['a'::text, 'b'::text, 'c'::text])));

COMMIT;
