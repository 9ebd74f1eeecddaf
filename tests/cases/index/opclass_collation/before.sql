CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY, email text NOT NULL, org_id integer, created_at timestamptz, deleted_at timestamptz, profile jsonb);
INSERT INTO app.users VALUES (1, 'a@example.com', 1, now(), NULL, '{"a": 1}');
