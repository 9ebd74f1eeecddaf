CREATE SCHEMA app;
CREATE TABLE app.ticket (id serial PRIMARY KEY, title text);
ALTER TABLE app.ticket RENAME TO tickets;
