CREATE SCHEMA app;
CREATE TABLE app.users (id integer PRIMARY KEY);
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'Invoices and payments.';
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY,
    amount numeric(10,2) NOT NULL
);
