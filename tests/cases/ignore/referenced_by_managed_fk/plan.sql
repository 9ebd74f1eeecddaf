-- ogel plan: 3 to add, 0 to change, 0 to drop
-- note: `ignore: schema_migrations` of schema app matches 1 object, which ogel leaves as it is: table app.schema_migrations
BEGIN;
SET LOCAL lock_timeout = '5000ms';
SET LOCAL search_path = public;

-- step 1: add table app.upgrades
CREATE TABLE app.upgrades (
    id integer NOT NULL,
    version text NOT NULL,
    tenant_code text,
    CONSTRAINT upgrades_pkey PRIMARY KEY (id)
);

-- step 2: add foreign key upgrades_tenant_code_fkey on app.upgrades
ALTER TABLE app.upgrades ADD CONSTRAINT upgrades_tenant_code_fkey FOREIGN KEY (tenant_code) REFERENCES app.tenants(code);

-- step 3: add foreign key upgrades_version_fkey on app.upgrades
ALTER TABLE app.upgrades ADD CONSTRAINT upgrades_version_fkey FOREIGN KEY (version) REFERENCES app.schema_migrations(version);

COMMIT;
