CREATE SCHEMA app;
CREATE TABLE app.parents (id integer PRIMARY KEY, code text NOT NULL, region text NOT NULL, UNIQUE (code, region));
CREATE TABLE app.children (
    id integer PRIMARY KEY,
    a integer REFERENCES app.parents ON DELETE CASCADE ON UPDATE CASCADE,
    b integer DEFAULT 1 REFERENCES app.parents ON DELETE SET DEFAULT ON UPDATE RESTRICT,
    c integer REFERENCES app.parents ON DELETE SET NULL ON UPDATE SET NULL,
    d integer REFERENCES app.parents ON DELETE RESTRICT ON UPDATE SET DEFAULT,
    e integer REFERENCES app.parents,
    code text,
    region text,
    FOREIGN KEY (code, region) REFERENCES app.parents (code, region) MATCH FULL ON DELETE CASCADE
);
