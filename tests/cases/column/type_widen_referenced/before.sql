CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY);
CREATE TABLE app.payments (id integer PRIMARY KEY, account_id integer NOT NULL REFERENCES app.accounts);
INSERT INTO app.accounts VALUES (1);
INSERT INTO app.payments VALUES (1, 1);
