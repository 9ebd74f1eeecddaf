CREATE SCHEMA app;
CREATE TABLE app.logs (id bigint, message text);
INSERT INTO app.logs VALUES (1, 'a'), (2, 'b');
