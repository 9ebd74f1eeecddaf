CREATE SCHEMA app;
CREATE TABLE app.events (id integer PRIMARY KEY, counter integer NOT NULL, code varchar(20));
INSERT INTO app.events VALUES (1, 42, 'abc');
