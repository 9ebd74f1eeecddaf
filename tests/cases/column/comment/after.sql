CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, name text, age integer);
COMMENT ON COLUMN app.users.email IS 'Login address.';
COMMENT ON COLUMN app.users.name IS 'Display name, as the user''s typed it.';
