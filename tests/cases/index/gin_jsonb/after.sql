CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE INDEX idx_users_profile ON app.users USING gin (profile);
CREATE INDEX idx_users_profile_path ON app.users USING gin (profile jsonb_path_ops);
