CREATE SCHEMA app;
CREATE TABLE app.bookings (id integer PRIMARY KEY, room integer NOT NULL, during tstzrange NOT NULL);
INSERT INTO app.bookings VALUES (1, 1, '[2024-01-01, 2024-01-02)');
