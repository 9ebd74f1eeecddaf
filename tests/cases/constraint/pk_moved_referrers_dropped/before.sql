CREATE SCHEMA app;
CREATE TABLE app.accounts (id integer PRIMARY KEY, code text NOT NULL);
CREATE TABLE app.invoices (id integer PRIMARY KEY, account_id integer REFERENCES app.accounts);
CREATE TABLE app.notes (account_id integer REFERENCES app.accounts (id));
