CREATE SCHEMA app;
CREATE TABLE app.organizations (id integer CONSTRAINT org_pkey PRIMARY KEY);
CREATE TABLE app.members (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES app.organizations ON DELETE CASCADE);
