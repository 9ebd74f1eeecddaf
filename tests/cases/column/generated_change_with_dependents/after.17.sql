-- PostgreSQL 17 changes a generation expression in place: the column keeps its place.
CREATE SCHEMA app;
CREATE TABLE app.lines (
    id integer PRIMARY KEY,
    price integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * 3) STORED CHECK (total >= 0) UNIQUE,
    note text
);
CREATE INDEX idx_lines_total ON app.lines (total);
COMMENT ON COLUMN app.lines.total IS 'Computed.';
