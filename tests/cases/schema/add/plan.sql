-- ogel plan: 2 to add, 0 to change, 0 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add schema billing
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'Invoices and payments.';

-- step 2: add table billing.invoices
CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    amount numeric(10,2) NOT NULL,
    CONSTRAINT invoices_pkey PRIMARY KEY (id)
);

COMMIT;
