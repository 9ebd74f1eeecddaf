CREATE SCHEMA app;
CREATE TABLE app.parents (id integer PRIMARY KEY);
CREATE TABLE app.items (
    id integer PRIMARY KEY,
    quantity integer CONSTRAINT items_qty_check CHECK (quantity > 0)
        CONSTRAINT items_qty_fkey REFERENCES app.parents
        CONSTRAINT items_qty_key UNIQUE
);
CREATE INDEX idx_items_qty ON app.items (quantity) WHERE quantity IS NOT NULL;
