CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY, slug text UNIQUE);
CREATE TABLE app.teams (id integer PRIMARY KEY);
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer REFERENCES app.orgs, age integer CHECK (age >= 0), team_id integer REFERENCES app.teams);
COMMENT ON CONSTRAINT orgs_pkey ON app.orgs IS 'the org''s key';
COMMENT ON CONSTRAINT teams_pkey ON app.teams IS 'the team''s key';
COMMENT ON CONSTRAINT users_org_id_fkey ON app.users IS 'each user''s org';
COMMENT ON CONSTRAINT users_age_check ON app.users IS 'no negative ages';
COMMENT ON CONSTRAINT users_team_id_fkey ON app.users IS 'and team';
