CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE INDEX idx_users_email_pattern ON app.users (email text_pattern_ops);
CREATE INDEX idx_users_email_c ON app.users (email COLLATE "C");
