-- ogel plan: 1 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add column app.tickets.seq
CREATE SEQUENCE app.ticket_seq AS integer INCREMENT BY 10 START WITH 500;
ALTER TABLE app.tickets ADD COLUMN seq integer DEFAULT nextval('app.ticket_seq'::regclass) NOT NULL;
ALTER SEQUENCE app.ticket_seq OWNED BY app.tickets.seq;

COMMIT;
