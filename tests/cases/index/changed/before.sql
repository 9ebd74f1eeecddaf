CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
INSERT INTO app.users VALUES (1, 'a@example.com', 1, now(), NULL, '{"a": 1}');
CREATE INDEX idx_users_org ON app.users (org_id);
CREATE INDEX idx_users_created ON app.users (created_at);
COMMENT ON INDEX app.idx_users_created IS 'Old comment.';
COMMENT ON INDEX app.idx_users_org IS 'Org lookups.';
