CREATE SCHEMA app;
CREATE TABLE app.events (id integer PRIMARY KEY, counter bigint NOT NULL, code text);
