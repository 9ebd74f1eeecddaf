CREATE SCHEMA app;
CREATE TABLE app.nodes (
    id integer PRIMARY KEY,
    parent_id integer REFERENCES app.nodes DEFERRABLE INITIALLY DEFERRED,
    next_id integer REFERENCES app.nodes DEFERRABLE
);
