CREATE SCHEMA app;
CREATE TABLE app.tickets (code text PRIMARY KEY);
INSERT INTO app.tickets VALUES ('a'), ('b');
