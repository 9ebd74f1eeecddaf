CREATE SCHEMA app;
CREATE TABLE app.orgs (id integer CONSTRAINT orgs_pk PRIMARY KEY, slug text CONSTRAINT orgs_slug_unique UNIQUE);
CREATE TABLE app.users (
    id integer CONSTRAINT "PK_users" PRIMARY KEY,
    org_id integer CONSTRAINT fk_users_org REFERENCES app.orgs ON DELETE CASCADE,
    age integer CONSTRAINT "users_age_check1" CHECK (age >= 0),
    CONSTRAINT "UQ_users_org_id_age" UNIQUE (org_id, age)
);
