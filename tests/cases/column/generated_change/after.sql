CREATE SCHEMA app;
CREATE TABLE app.items (
    id integer PRIMARY KEY,
    price numeric(10,2) NOT NULL,
    quantity integer NOT NULL,
    total numeric GENERATED ALWAYS AS (price * quantity * 1.2) STORED
);
