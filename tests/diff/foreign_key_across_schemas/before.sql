CREATE SCHEMA billing;
CREATE SCHEMA crm;
CREATE TABLE crm.customers (id integer PRIMARY KEY);
CREATE TABLE billing.invoices (id integer PRIMARY KEY, customer_id integer);
