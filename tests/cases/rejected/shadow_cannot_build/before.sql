CREATE SCHEMA settings;
CREATE TABLE settings.limits (max_quantity integer NOT NULL);
CREATE SCHEMA app;
-- A function of the managed schema over a table of a schema ogel does not manage: the shadow
-- gets the function, but not the table it reads, so it cannot build the function.
CREATE FUNCTION app.max_quantity() RETURNS integer LANGUAGE sql IMMUTABLE
    BEGIN ATOMIC SELECT max(max_quantity) FROM settings.limits; END;
CREATE TABLE app.orders (id integer PRIMARY KEY, quantity integer NOT NULL);
