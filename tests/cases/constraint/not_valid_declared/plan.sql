-- ogel plan: 3 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.teams
CREATE TABLE app.teams (
    id integer NOT NULL,
    size integer,
    CONSTRAINT teams_pkey PRIMARY KEY (id)
);

-- step 2: add check teams_size_check on app.teams
ALTER TABLE app.teams ADD CONSTRAINT teams_size_check CHECK ((size > 0)) NOT VALID;

-- step 3: add foreign key users_team_id_fkey on app.users
ALTER TABLE app.users ADD CONSTRAINT users_team_id_fkey FOREIGN KEY (team_id) REFERENCES app.teams(id) NOT VALID;

COMMIT;
