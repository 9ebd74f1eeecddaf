CREATE SCHEMA app;
CREATE TABLE app.parents (id integer PRIMARY KEY);
CREATE TABLE app.items (
    id integer PRIMARY KEY,
    qty integer CHECK (qty > 0) REFERENCES app.parents UNIQUE
);
CREATE INDEX idx_items_qty ON app.items (qty) WHERE qty IS NOT NULL;
INSERT INTO app.parents VALUES (1);
INSERT INTO app.items VALUES (1, 1);
