CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'The application''s tables.';
CREATE TABLE app.t (id integer PRIMARY KEY);
