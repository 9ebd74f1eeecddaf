CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer PRIMARY KEY);
CREATE TABLE app.users (id integer PRIMARY KEY, org_id integer REFERENCES app.orgs, age integer CHECK (age >= 0));
