CREATE SCHEMA app;
CREATE SEQUENCE app.ticket_seq AS integer START 500 INCREMENT 10;
CREATE TABLE app.tickets (code text PRIMARY KEY, seq integer NOT NULL DEFAULT nextval('app.ticket_seq'));
ALTER SEQUENCE app.ticket_seq OWNED BY app.tickets.seq;
