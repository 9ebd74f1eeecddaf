CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE FUNCTION app.one() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;
-- Revoked and granted again: the default privileges, in another order. Not a grant to report.
REVOKE ALL ON FUNCTION app.one() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION app.one() TO PUBLIC;
