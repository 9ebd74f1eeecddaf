CREATE SCHEMA app;
CREATE TABLE app.tickets (code text PRIMARY KEY, seq serial);
