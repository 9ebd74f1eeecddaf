CREATE SCHEMA app;
CREATE TABLE app.accounts (id bigint PRIMARY KEY);
CREATE TABLE app.payments (id integer PRIMARY KEY, account_id bigint NOT NULL REFERENCES app.accounts);
