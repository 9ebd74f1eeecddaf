-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add enum app.status
CREATE TYPE app.status AS ENUM ('active', 'on hold', 'it''s done');

-- step 2: add table app.projects
CREATE TABLE app.projects (
    id bigint NOT NULL,
    status app.status DEFAULT 'active'::app.status NOT NULL,
    history app.status[],
    CONSTRAINT projects_pkey PRIMARY KEY (id)
);

COMMIT;
