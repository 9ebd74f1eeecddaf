CREATE SCHEMA app;
CREATE SEQUENCE app.ticket_id_seq AS integer;
CREATE TABLE app.tickets (
    id integer NOT NULL DEFAULT nextval('app.ticket_id_seq'::regclass) CONSTRAINT ticket_pkey PRIMARY KEY,
    title text
);
ALTER SEQUENCE app.ticket_id_seq OWNED BY app.tickets.id;
