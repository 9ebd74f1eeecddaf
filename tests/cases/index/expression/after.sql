CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE INDEX idx_users_email_lower ON app.users (lower(email));
CREATE UNIQUE INDEX idx_users_org_email_lower ON app.users (org_id, lower(email));
