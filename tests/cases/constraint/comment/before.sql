CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY, slug text UNIQUE);
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer REFERENCES app.orgs, age integer CHECK (age >= 0));
COMMENT ON CONSTRAINT orgs_pkey ON app.orgs IS 'old text';
COMMENT ON CONSTRAINT orgs_slug_key ON app.orgs IS 'to be removed';
