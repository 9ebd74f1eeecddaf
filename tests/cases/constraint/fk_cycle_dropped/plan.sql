-- ogel plan: 0 to add, 0 to change, 4 to drop
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: drop foreign key a_b_id_fkey on public.a
ALTER TABLE public.a DROP CONSTRAINT a_b_id_fkey;

-- step 2: drop foreign key b_a_id_fkey on public.b
ALTER TABLE public.b DROP CONSTRAINT b_a_id_fkey;

-- step 3: drop table public.a
DROP TABLE public.a;

-- step 4: drop table public.b
DROP TABLE public.b;

COMMIT;
