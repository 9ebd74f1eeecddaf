CREATE SCHEMA app;
CREATE TABLE app.logs (id bigint PRIMARY KEY, message text);
