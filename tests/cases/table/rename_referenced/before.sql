CREATE SCHEMA app;
CREATE TABLE app.org (id integer PRIMARY KEY);
CREATE TABLE app.members (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES app.org ON DELETE CASCADE);
INSERT INTO app.org VALUES (1);
INSERT INTO app.members VALUES (1, 1);
