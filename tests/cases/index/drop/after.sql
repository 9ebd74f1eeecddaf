CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE UNIQUE INDEX idx_users_email ON app.users (email);
COMMENT ON INDEX app.idx_users_email IS 'Kept.';
