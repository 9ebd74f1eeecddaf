CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
CREATE INDEX idx_users_org ON app.users (org_id, created_at);
CREATE INDEX idx_users_created ON app.users (created_at);
COMMENT ON INDEX app.idx_users_created IS 'New comment.';
COMMENT ON INDEX app.idx_users_org IS 'Org lookups.';
