-- ogel plan: 0 to add, 0 to change, 3 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key team_members_team_id_fkey on app.team_members
ALTER TABLE app.team_members DROP CONSTRAINT team_members_team_id_fkey;

-- step 2: drop table app.team_members
DROP TABLE app.team_members;

-- step 3: drop table app.teams
DROP TABLE app.teams;

COMMIT;
