CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('draft', 'active', 'review', 'paused', 'archived');
COMMENT ON TYPE app.status IS 'Where a project stands';
CREATE TABLE app.projects (id bigint PRIMARY KEY, status app.status NOT NULL DEFAULT 'draft');
CREATE INDEX projects_open ON app.projects (id) WHERE status <> 'archived';
