CREATE SCHEMA app;
CREATE TABLE app.orders (id serial PRIMARY KEY);
ALTER SEQUENCE app.orders_id_seq START 10000000 RESTART;
CREATE SEQUENCE app.ticket_numbers START 100 INCREMENT 5 MINVALUE 100 MAXVALUE 100000 CACHE 10 CYCLE;
CREATE TABLE app.tickets (id bigint NOT NULL DEFAULT nextval('app.ticket_numbers'));
ALTER SEQUENCE app.ticket_numbers OWNED BY app.tickets.id;
