CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
INSERT INTO app.users VALUES (1, 'a@example.com', 1, now(), NULL, '{"a": 1}');
CREATE INDEX idx_users_org ON app.users (org_id);
CREATE UNIQUE INDEX idx_users_email ON app.users (email);
COMMENT ON INDEX app.idx_users_email IS 'Kept.';
