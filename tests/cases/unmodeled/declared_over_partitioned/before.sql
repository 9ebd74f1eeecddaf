CREATE SCHEMA app;
CREATE TABLE app.events (id integer, at date) PARTITION BY RANGE (at);
