CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE app.teams (id integer PRIMARY KEY);
CREATE TABLE app.tmp_team_stats (team_id integer REFERENCES app.teams, games integer);
