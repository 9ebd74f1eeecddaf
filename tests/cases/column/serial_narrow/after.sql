CREATE SCHEMA app;
CREATE TABLE app.events (id serial PRIMARY KEY, note text);
