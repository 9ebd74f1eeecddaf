CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE UNIQUE INDEX idx_users_org_deleted ON app.users (org_id, deleted_at) NULLS NOT DISTINCT;
