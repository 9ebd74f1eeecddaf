CREATE SCHEMA app;
CREATE TABLE app.customers (id integer CONSTRAINT customer_pkey PRIMARY KEY, name text NOT NULL);
