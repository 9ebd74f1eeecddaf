CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer, team_id integer, age integer, score integer);
INSERT INTO app.orgs VALUES (1);
-- Rows that break the constraints added NOT VALID: they stay, and nothing checks them.
INSERT INTO app.users VALUES (1, 2, 7, -1, 5);
ALTER TABLE app.users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES app.orgs NOT VALID;
ALTER TABLE app.users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
-- Valid, though the declaration says not_valid: that is no difference.
ALTER TABLE app.users ADD CONSTRAINT users_score_check CHECK (score >= 0);
