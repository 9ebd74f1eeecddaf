CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE app.teams (id integer PRIMARY KEY, size integer);
ALTER TABLE app.teams ADD CONSTRAINT teams_size_check CHECK (size > 0) NOT VALID;
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer, team_id integer, age integer, score integer);
ALTER TABLE app.users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES app.orgs NOT VALID;
ALTER TABLE app.users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
ALTER TABLE app.users ADD CONSTRAINT users_score_check CHECK (score >= 0);
ALTER TABLE app.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES app.teams NOT VALID;
