CREATE SCHEMA app;
CREATE TABLE app.events (id serial PRIMARY KEY, note text);
INSERT INTO app.events (note) VALUES ('a'), ('b');
