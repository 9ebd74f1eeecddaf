CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE TABLE app.teams (id integer PRIMARY KEY);
CREATE SCHEMA reporting;
CREATE TABLE reporting.team_stats (team_id integer REFERENCES app.teams, games integer);
