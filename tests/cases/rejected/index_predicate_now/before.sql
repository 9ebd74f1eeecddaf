CREATE SCHEMA app;
CREATE TABLE app.sessions (id integer PRIMARY KEY, expires_at timestamptz NOT NULL);
