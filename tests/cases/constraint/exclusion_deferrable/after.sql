CREATE EXTENSION btree_gist;
CREATE SCHEMA app;
CREATE TABLE app.bookings (
    id integer PRIMARY KEY,
    room integer NOT NULL,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (room WITH =, during WITH &&) WHERE (NOT isempty(during)) DEFERRABLE INITIALLY DEFERRED
);
