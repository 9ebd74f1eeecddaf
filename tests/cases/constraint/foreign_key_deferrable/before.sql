CREATE SCHEMA app;
CREATE TABLE app.nodes (id integer PRIMARY KEY, parent_id integer, next_id integer REFERENCES app.nodes);
