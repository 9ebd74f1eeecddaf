CREATE SCHEMA app;
CREATE TABLE app.codes (id integer PRIMARY KEY, code text NOT NULL);
INSERT INTO app.codes VALUES (1, 'a');
