CREATE SCHEMA app;
CREATE TYPE app.switch_state AS ENUM ('on', 'disabled', 'broken');
CREATE TABLE app.switches (id bigint PRIMARY KEY, state app.switch_state);
