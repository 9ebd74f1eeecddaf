CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer, age integer);
INSERT INTO app.orgs VALUES (1);
INSERT INTO app.users VALUES (1, 1, 30);
ALTER TABLE app.users ADD CONSTRAINT users_org_id_fkey FOREIGN KEY (org_id) REFERENCES app.orgs NOT VALID;
ALTER TABLE app.users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;
