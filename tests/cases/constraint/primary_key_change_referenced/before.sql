CREATE SCHEMA app;
CREATE TABLE app.versions (doc integer PRIMARY KEY, rev integer);
CREATE TABLE app.comments (id integer PRIMARY KEY, doc integer REFERENCES app.versions);
INSERT INTO app.versions VALUES (1, 1);
INSERT INTO app.comments VALUES (1, 1);
