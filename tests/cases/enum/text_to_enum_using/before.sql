CREATE SCHEMA app;
CREATE TABLE app.tickets (id bigint PRIMARY KEY, priority text NOT NULL DEFAULT 'low');
INSERT INTO app.tickets VALUES (1, 'low'), (2, 'HIGH');
