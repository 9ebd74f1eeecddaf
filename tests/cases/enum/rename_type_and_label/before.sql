CREATE SCHEMA app;
CREATE TYPE app.state AS ENUM ('on', 'off');
CREATE TABLE app.switches (id bigint PRIMARY KEY, state app.state);
INSERT INTO app.switches VALUES (1, 'off');
