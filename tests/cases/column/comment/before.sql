CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text, name text, age integer);
COMMENT ON COLUMN app.users.name IS 'Old';
COMMENT ON COLUMN app.users.age IS 'Removed';
