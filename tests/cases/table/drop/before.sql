CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE app.teams (id integer PRIMARY KEY, name text);
CREATE TABLE app.team_members (
    team_id integer NOT NULL REFERENCES app.teams (id),
    user_id integer NOT NULL REFERENCES app.users (id),
    PRIMARY KEY (team_id, user_id)
);
INSERT INTO app.users VALUES (1);
INSERT INTO app.teams VALUES (1, 'core');
INSERT INTO app.team_members VALUES (1, 1);
