CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'Old description.';
CREATE TABLE app.t (id integer PRIMARY KEY);
