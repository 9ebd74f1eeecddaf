CREATE SCHEMA app;
CREATE EXTENSION tablefunc WITH SCHEMA app;
CREATE EXTENSION cube WITH SCHEMA app;
CREATE TABLE app.readings (id integer PRIMARY KEY, point app.cube);
