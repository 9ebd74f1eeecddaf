-- ogel plan: 3 to add, 4 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.teams
CREATE TABLE app.teams (
    id integer NOT NULL,
    CONSTRAINT teams_pkey PRIMARY KEY (id)
);
COMMENT ON CONSTRAINT teams_pkey ON app.teams IS 'the team''s key';

-- step 2: add column app.users.team_id
ALTER TABLE app.users ADD COLUMN team_id integer;

-- step 3: add foreign key users_team_id_fkey on app.users
ALTER TABLE app.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES app.teams(id);
COMMENT ON CONSTRAINT users_team_id_fkey ON app.users IS 'and team';

-- step 4: set comment constraint orgs_pkey on app.orgs
COMMENT ON CONSTRAINT orgs_pkey ON app.orgs IS 'the org''s key';

-- step 5: set comment constraint orgs_slug_key on app.orgs
COMMENT ON CONSTRAINT orgs_slug_key ON app.orgs IS NULL;

-- step 6: set comment constraint users_age_check on app.users
COMMENT ON CONSTRAINT users_age_check ON app.users IS 'no negative ages';

-- step 7: set comment constraint users_org_id_fkey on app.users
COMMENT ON CONSTRAINT users_org_id_fkey ON app.users IS 'each user''s org';

COMMIT;
