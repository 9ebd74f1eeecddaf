CREATE SCHEMA app;
CREATE SEQUENCE app.invoice_no;
CREATE TABLE app.invoices (id integer PRIMARY KEY, number bigint NOT NULL DEFAULT nextval('app.invoice_no'));
