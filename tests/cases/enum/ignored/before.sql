CREATE SCHEMA app;
CREATE TYPE app.legacy_state AS ENUM ('a', 'b');
CREATE TABLE app.things (id bigint PRIMARY KEY, state app.legacy_state);
