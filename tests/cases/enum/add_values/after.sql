CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('draft', 'active', 'review', 'paused', 'archived');
CREATE TABLE app.projects (id bigint PRIMARY KEY, status app.status NOT NULL DEFAULT 'draft');
