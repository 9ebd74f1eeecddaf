//! What ogel does not carry over and must at least say: grants, default privileges, owners
//! other than the connecting role, publications and event triggers. Until they are managed,
//! `inspect` lists them and every plan and drift notes them, grouped so that a schema with
//! thousands of grants gives a few lines, not thousands.

use super::queries::extension_members;
use super::{Report, Unmodeled};
use crate::db::Db;
use crate::error::Error;

/// How many names a grouped report shows before "and N more".
const SHOWN: usize = 5;

/// Objects with privileges other than their owner's default (`acldefault`, compared as sets:
/// a revoke and re-grant reorders the items): one row per
/// object, as (schema, kind, name); columns as `table.column`.
const GRANTS: &str = concat!(
    "WITH scope AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1)),
",
    extension_members!(),
    "
SELECT s.nspname, g.kind, g.name FROM (
  SELECT c.relnamespace AS nsp, CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view'
           WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,
         quote_ident(c.relname) AS name, 'pg_class'::regclass AS classid, c.oid
    FROM pg_class c
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') AND c.relacl IS NOT NULL
     AND NOT (c.relacl @> acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::\"char\", c.relowner) AND c.relacl <@ acldefault((CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::\"char\", c.relowner))
  UNION ALL
  SELECT c.relnamespace, 'column', quote_ident(c.relname) || '.' || quote_ident(a.attname), 'pg_class'::regclass, c.oid
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
   WHERE a.attnum > 0 AND NOT a.attisdropped AND cardinality(a.attacl) > 0
  UNION ALL
  SELECT p.pronamespace, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END,
         quote_ident(p.proname) || '(' || pg_get_function_identity_arguments(p.oid) || ')', 'pg_proc'::regclass, p.oid
    FROM pg_proc p
   WHERE p.proacl IS NOT NULL AND NOT (p.proacl @> acldefault('f', p.proowner) AND p.proacl <@ acldefault('f', p.proowner))
  UNION ALL
  SELECT t.typnamespace, 'type', quote_ident(t.typname), 'pg_type'::regclass, t.oid
    FROM pg_type t
   WHERE t.typacl IS NOT NULL AND NOT (t.typacl @> acldefault('T', t.typowner) AND t.typacl <@ acldefault('T', t.typowner))
  UNION ALL
  SELECT n.oid, 'schema', quote_ident(n.nspname), 'pg_namespace'::regclass, n.oid
    FROM pg_namespace n
   WHERE n.nspacl IS NOT NULL AND NOT (n.nspacl @> acldefault('n', n.nspowner) AND n.nspacl <@ acldefault('n', n.nspowner))
     -- schema public as initdb makes it: its owner's default, and USAGE (before 15 also
     -- CREATE) for PUBLIC
     AND NOT (n.nspname = 'public'
              AND n.nspacl <@ (acldefault('n', n.nspowner)
                               || ARRAY[('=U/' || quote_ident(pg_get_userbyid(n.nspowner)))::aclitem,
                                        ('=UC/' || quote_ident(pg_get_userbyid(n.nspowner)))::aclitem]))
) g JOIN scope s ON s.oid = g.nsp
 WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = g.classid AND e.objid = g.oid)
 ORDER BY 1, 2, 3"
);

/// `ALTER DEFAULT PRIVILEGES` for the managed schemas and for all schemas (namespace 0), one
/// row per role and schema.
const DEFAULT_PRIVILEGES: &str = "
SELECT string_agg(CASE d.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'
                                       WHEN 'T' THEN 'types' WHEN 'n' THEN 'schemas' ELSE 'objects' END,
                  ', ' ORDER BY d.defaclobjtype)
       || ' created by ' || quote_ident(pg_get_userbyid(d.defaclrole))
       || coalesce(' in schema ' || quote_ident(n.nspname), ' in any schema')
  FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
 WHERE d.defaclnamespace = 0 OR n.nspname = ANY($1)
 GROUP BY d.defaclrole, n.nspname
 ORDER BY 1";

/// Objects of the managed schemas (and the schemas) owned by a role other than the connecting
/// one, per schema: how many and by whom. `pg_database_owner` (the owner of `public` from
/// PostgreSQL 15) is the connecting role when it owns the database; `public` as PostgreSQL 14
/// makes it belongs to no one in particular.
const OWNERS: &str = concat!(
    "WITH scope AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1)),
",
    extension_members!(),
    "
SELECT s.nspname, count(*), array_agg(DISTINCT quote_ident(pg_get_userbyid(o.owner)) ORDER BY quote_ident(pg_get_userbyid(o.owner))),
       quote_ident(current_user::text)
  FROM (SELECT oid AS nsp, nspowner AS owner, 'pg_namespace'::regclass AS classid, oid FROM pg_namespace
        UNION ALL SELECT relnamespace, relowner, 'pg_class'::regclass, oid FROM pg_class
                   WHERE relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
        UNION ALL SELECT pronamespace, proowner, 'pg_proc'::regclass, oid FROM pg_proc
        UNION ALL SELECT typnamespace, typowner, 'pg_type'::regclass, oid FROM pg_type
                   WHERE typtype IN ('b', 'e', 'd', 'r') AND typelem = 0 AND typrelid = 0
        UNION ALL SELECT collnamespace, collowner, 'pg_collation'::regclass, oid FROM pg_collation
        UNION ALL SELECT oprnamespace, oprowner, 'pg_operator'::regclass, oid FROM pg_operator
        UNION ALL SELECT cfgnamespace, cfgowner, 'pg_ts_config'::regclass, oid FROM pg_ts_config
        UNION ALL SELECT dictnamespace, dictowner, 'pg_ts_dict'::regclass, oid FROM pg_ts_dict
        UNION ALL SELECT stxnamespace, stxowner, 'pg_statistic_ext'::regclass, oid FROM pg_statistic_ext) o
  JOIN scope s ON s.oid = o.nsp
 WHERE o.owner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
   AND NOT (o.owner = 'pg_database_owner'::regrole
            AND (SELECT datdba FROM pg_database WHERE datname = current_database())
                = (SELECT oid FROM pg_roles WHERE rolname = current_user))
   -- schema public as initdb made it before PostgreSQL 15, owned by the bootstrap superuser
   AND NOT (o.classid = 'pg_namespace'::regclass AND s.nspname = 'public' AND o.owner = 10)
   AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = o.classid AND e.objid = o.oid)
 GROUP BY s.nspname
 ORDER BY 1"
);

/// Publications that publish a table of the managed schemas, a managed schema (from
/// PostgreSQL 15), or all tables.
fn publications(server_version: i32) -> String {
    let by_schema = if server_version >= 150000 {
        "OR EXISTS (SELECT 1 FROM pg_publication_namespace pn JOIN pg_namespace n ON n.oid = pn.pnnspid
                     WHERE pn.pnpubid = p.oid AND n.nspname = ANY($1))"
    } else {
        ""
    };
    format!(
        "SELECT quote_ident(p.pubname) || CASE WHEN p.puballtables THEN ' (all tables)' ELSE '' END
           FROM pg_publication p
          WHERE p.puballtables
             OR EXISTS (SELECT 1 FROM pg_publication_rel r JOIN pg_class c ON c.oid = r.prrelid
                          JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE r.prpubid = p.oid AND n.nspname = ANY($1))
             {by_schema}
          ORDER BY 1"
    )
}

/// Event triggers fire on DDL in the whole database, a plan's included: listed once, whatever
/// the managed schemas (those an extension made are the extension's).
const EVENT_TRIGGERS: &str = "
SELECT quote_ident(e.evtname) || ' on ' || e.evtevent
  FROM pg_event_trigger e
 WHERE NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_event_trigger'::regclass
                    AND d.objid = e.oid AND d.deptype = 'e')
 ORDER BY 1";

/// Reads what is reported and not carried over: the grouped reports, and the publications and
/// event triggers as unmodeled objects.
pub async fn read(db: &Db, schemas: &[String], server_version: i32) -> Result<(Vec<Report>, Vec<Unmodeled>), Error> {
    let read = |what: &'static str| move |e: tokio_postgres::Error| db.fail(&format!("reading {what}"), &e);
    let mut reports = Vec::new();
    let grants = db.query(GRANTS, &[&schemas]).await.map_err(read("privileges"))?;
    let grants: Vec<(String, String, String)> = grants.iter().map(|r| (r.get(0), r.get(1), r.get(2))).collect();
    reports.extend(grouped_grants(&grants));
    for row in db.query(DEFAULT_PRIVILEGES, &[&schemas]).await.map_err(read("default privileges"))? {
        let what: String = row.get(0);
        reports.push(Report::plural(format!("default privileges for {what}")));
    }
    for row in db.query(OWNERS, &[&schemas]).await.map_err(read("owners"))? {
        let (schema, count, owners, me): (String, i64, Vec<String>, String) =
            (row.get(0), row.get(1), row.get(2), row.get(3));
        let objects = if count == 1 { "1 object is" } else { &format!("{count} objects are") };
        let line = format!("schema {schema}: {objects} owned by roles other than {me}: {}", owners.join(", "));
        reports.push(Report { listing: line.clone(), note: line });
    }
    let mut unmodeled = Vec::new();
    for row in db.query(&publications(server_version), &[&schemas]).await.map_err(read("publications"))? {
        unmodeled.push(Unmodeled { kind: "publication".to_owned(), name: row.get(0) });
    }
    for row in db.query(EVENT_TRIGGERS, &[]).await.map_err(read("event triggers"))? {
        unmodeled.push(Unmodeled { kind: "event trigger".to_owned(), name: row.get(0) });
    }
    Ok((reports, unmodeled))
}

/// One report per schema and object kind: "grants on table app.users", or "grants on 12
/// tables in schema app: a, b, c, d, e and 7 more".
fn grouped_grants(grants: &[(String, String, String)]) -> Vec<Report> {
    let mut reports = Vec::new();
    for group in grants.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let (schema, kind, _) = &group[0];
        let listing = match group {
            [(_, _, name)] if kind == "schema" => format!("grants on schema {name}"),
            [(_, _, name)] => format!("grants on {kind} {schema}.{name}"),
            _ => {
                let names: Vec<&str> = group.iter().take(SHOWN).map(|g| g.2.as_str()).collect();
                let more = group.len().saturating_sub(SHOWN);
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                format!("grants on {} {kind}s in schema {schema}: {}{more}", group.len(), names.join(", "))
            }
        };
        reports.push(Report::plural(listing));
    }
    reports
}
