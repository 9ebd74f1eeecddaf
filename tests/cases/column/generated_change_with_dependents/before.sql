CREATE SCHEMA app;
CREATE TABLE app.lines (
    id integer PRIMARY KEY,
    price integer NOT NULL,
    total integer GENERATED ALWAYS AS (price * 2) STORED CHECK (total >= 0) UNIQUE,
    note text
);
CREATE INDEX idx_lines_total ON app.lines (total);
COMMENT ON COLUMN app.lines.total IS 'Computed.';
INSERT INTO app.lines (id, price, note) VALUES (1, 5, 'x');
