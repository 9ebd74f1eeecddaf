//! The catalog queries, one per object kind. `$1` is the array of managed schema names.

/// The tables ogel models: plain tables, neither partitions nor inheritance children, not
/// owned by an extension. Everything else in a managed schema is listed as unmodeled.
macro_rules! modeled_tables {
    () => {
        "modeled AS (
            SELECT c.oid, n.nspname, c.relname
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ANY($1) AND c.relkind = 'r' AND NOT c.relispartition
               AND NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid)
               AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                AND d.objid = c.oid AND d.deptype = 'e'))"
    };
}

pub const EXTENSIONS: &str = "
SELECT e.extname, n.nspname, e.extversion
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
 ORDER BY 1";

pub const SCHEMAS: &str = "
SELECT n.nspname, obj_description(n.oid, 'pg_namespace')
  FROM pg_namespace n
 WHERE n.nspname = ANY($1)
 ORDER BY 1";

pub const TABLES: &str = concat!(
    "WITH ",
    modeled_tables!(),
    "
SELECT m.nspname, m.relname, obj_description(m.oid, 'pg_class')
  FROM modeled m
 ORDER BY 1, 2"
);

/// A `serial` column (its default is `nextval` of the sequence it owns) is reported by the
/// sequence it owns, not by the sequence's name in its default: a renamed table keeps its old
/// sequence name, and that is no difference.
pub const COLUMNS: &str = concat!(
    "WITH ",
    modeled_tables!(),
    "
SELECT m.nspname, m.relname, a.attname,
       format_type(a.atttypid, a.atttypmod),
       a.attnotnull,
       CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
       a.attidentity,
       CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
       CASE WHEN a.attcollation <> t.typcollation THEN
         (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)
                      ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END
            FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
           WHERE co.oid = a.attcollation)
       END,
       col_description(m.oid, a.attnum),
       (SELECT s.relname
          FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
           AND d.refobjid = m.oid AND d.refobjsubid = a.attnum AND d.deptype = 'a' AND s.relkind = 'S'
           AND a.attidentity = '' AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
           AND pg_get_expr(ad.adbin, ad.adrelid) = format('nextval(%L::regclass)', s.oid::regclass::text))
  FROM modeled m
  JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
 ORDER BY m.nspname, m.relname, a.attnum"
);

/// Primary, unique, check, foreign-key and exclusion constraints. Key columns are read by
/// position (`conkey`, `confkey`); the definition text serves checks and exclusions.
pub fn constraints(server_version: i32) -> String {
    // NULLS NOT DISTINCT exists from PostgreSQL 15.
    let nulls_not_distinct = if server_version >= 150000 { "COALESCE(i.indnullsnotdistinct, false)" } else { "false" };
    format!(
        "WITH {}
SELECT m.nspname, m.relname, co.conname, co.contype, co.condeferrable, co.condeferred, co.convalidated,
       pg_get_constraintdef(co.oid),
       ARRAY(SELECT a.attname FROM unnest(co.conkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[],
       fn.nspname, fc.relname,
       ARRAY(SELECT a.attname FROM unnest(co.confkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = co.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[],
       co.confupdtype, co.confdeltype,
       ARRAY(SELECT a.attname FROM generate_series(i.indnkeyatts, i.indnatts - 1) AS g(k)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[g.k] ORDER BY g.k)::text[],
       {nulls_not_distinct},
       co.confmatchtype,
       ki.relname
  FROM modeled m
  JOIN pg_constraint co ON co.conrelid = m.oid AND co.contype IN ('p', 'u', 'c', 'f', 'x')
  LEFT JOIN pg_class fc ON fc.oid = co.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  LEFT JOIN pg_index i ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u', 'x')
  LEFT JOIN pg_class ki ON ki.oid = co.conindid AND co.contype = 'f'
 ORDER BY 1, 2, 3",
        modeled_tables!()
    )
}

/// Indexes that do not back a constraint. What follows `USING` in `pg_get_indexdef` is the
/// index's definition without its own and its table's name (which renames change); the prefix
/// is computed by the server with the same quoting, so it is cut exactly, not by pattern.
pub const INDEXES: &str = concat!(
    "WITH ",
    modeled_tables!(),
    "
SELECT m.nspname, m.relname, ic.relname, i.indisunique,
       pg_get_indexdef(i.indexrelid),
       format('CREATE %sINDEX %s ON %s USING ', CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END,
              quote_ident(ic.relname), m.oid::regclass),
       obj_description(ic.oid, 'pg_class'),
       i.indisvalid
  FROM modeled m
  JOIN pg_index i ON i.indrelid = m.oid
  JOIN pg_class ic ON ic.oid = i.indexrelid
 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint co
                    WHERE co.conindid = i.indexrelid AND co.conrelid = m.oid AND co.contype IN ('p', 'u', 'x'))
 ORDER BY 1, 2, 3"
);

/// Everything else in the managed schemas: listed in plan and drift output, never touched.
pub const UNMODELED: &str = concat!(
    "WITH ",
    modeled_tables!(),
    ",
scope AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1)),
members AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT kind, name FROM (
  SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence'
                        WHEN 'f' THEN 'foreign table' WHEN 'c' THEN 'composite type'
                        WHEN 'p' THEN 'partitioned table' ELSE 'table (partition or inheritance child)' END AS kind,
         c.oid::regclass::text AS name
    FROM pg_class c JOIN scope s ON s.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
     AND c.oid NOT IN (SELECT oid FROM modeled)
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_class'::regclass AND e.objid = c.oid)
     -- sequences owned by a column (serial) or an identity are part of the column
     AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
              AND d.objid = c.oid AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')))
  UNION ALL
  SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
                        ELSE 'function' END,
         p.oid::regprocedure::text
    FROM pg_proc p JOIN scope s ON s.oid = p.pronamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid)
  UNION ALL
  SELECT 'trigger', quote_ident(t.tgname) || ' on ' || t.tgrelid::regclass::text
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN scope s ON s.oid = c.relnamespace
   WHERE NOT t.tgisinternal
  UNION ALL
  SELECT CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'type' END,
         t.oid::regtype::text
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype IN ('b', 'e', 'd', 'r') AND t.typelem = 0 AND t.typrelid = 0
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
  UNION ALL
  SELECT 'policy', quote_ident(p.polname) || ' on ' || p.polrelid::regclass::text
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN scope s ON s.oid = c.relnamespace
  UNION ALL
  SELECT 'row-level security', m.oid::regclass::text
    FROM modeled m JOIN pg_class c ON c.oid = m.oid WHERE c.relrowsecurity
  UNION ALL
  SELECT 'unlogged table', m.oid::regclass::text
    FROM modeled m JOIN pg_class c ON c.oid = m.oid WHERE c.relpersistence = 'u'
  UNION ALL
  SELECT 'table storage options', m.oid::regclass::text || ' (' || array_to_string(c.reloptions, ', ') || ')'
    FROM modeled m JOIN pg_class c ON c.oid = m.oid WHERE c.reloptions IS NOT NULL
  UNION ALL
  SELECT 'rule', quote_ident(r.rulename) || ' on ' || r.ev_class::regclass::text
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN scope s ON s.oid = c.relnamespace
   WHERE r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'collation', quote_ident(s.nspname) || '.' || quote_ident(co.collname)
    FROM pg_collation co JOIN scope s ON s.oid = co.collnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_collation'::regclass AND e.objid = co.oid)
  UNION ALL
  SELECT 'operator', o.oid::regoperator::text
    FROM pg_operator o JOIN scope s ON s.oid = o.oprnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_operator'::regclass AND e.objid = o.oid)
  UNION ALL
  SELECT 'text search configuration', quote_ident(s.nspname) || '.' || quote_ident(t.cfgname)
    FROM pg_ts_config t JOIN scope s ON s.oid = t.cfgnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_ts_config'::regclass AND e.objid = t.oid)
  UNION ALL
  SELECT 'extended statistics', quote_ident(s.nspname) || '.' || quote_ident(x.stxname)
    FROM pg_statistic_ext x JOIN scope s ON s.oid = x.stxnamespace
) AS objects
ORDER BY 1, 2"
);

/// Unmodeled objects that depend on a modeled table or column in a way that blocks dropping
/// it or changing its type: a view, a rule, a policy, a trigger's column list, a function body,
/// and a foreign key from a table ogel does not manage (another schema, a partition).
pub const DEPENDENTS: &str = concat!(
    "WITH ",
    modeled_tables!(),
    "
SELECT m.nspname, m.relname, a.attname::text,
       CASE WHEN d.classid = 'pg_rewrite'::regclass
            THEN (SELECT pg_describe_object('pg_class'::regclass, r.ev_class, 0) FROM pg_rewrite r WHERE r.oid = d.objid)
            ELSE pg_describe_object(d.classid, d.objid, 0) END
  FROM pg_depend d
  JOIN modeled m ON d.refclassid = 'pg_class'::regclass AND d.refobjid = m.oid
  LEFT JOIN pg_attribute a ON d.refobjsubid > 0 AND a.attrelid = m.oid AND a.attnum = d.refobjsubid
 WHERE d.deptype = 'n'
   AND d.classid IN ('pg_rewrite'::regclass, 'pg_trigger'::regclass, 'pg_policy'::regclass, 'pg_proc'::regclass)
   AND NOT (d.classid = 'pg_rewrite'::regclass
            AND (SELECT r.ev_class FROM pg_rewrite r WHERE r.oid = d.objid) = m.oid)
UNION
SELECT m.nspname, m.relname, a.attname::text,
       'foreign key ' || quote_ident(co.conname) || ' on ' || co.conrelid::regclass::text
  FROM pg_constraint co
  JOIN modeled m ON m.oid = co.confrelid
  JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum = ANY (co.confkey)
 WHERE co.contype = 'f' AND co.conrelid NOT IN (SELECT oid FROM modeled)
 ORDER BY 1, 2, 3, 4"
);

/// What a shadow database needs besides the declaration: the types, sequences and functions of
/// the managed schemas that ogel does not manage, as statements that create them (types first,
/// then sequences, then functions).
pub const PREREQUISITES: &str = "
WITH scope AS (SELECT oid FROM pg_namespace WHERE nspname = ANY($1)),
members AS (SELECT classid, objid FROM pg_depend WHERE deptype = 'e')
SELECT sql FROM (
  SELECT 1 AS ord, format('CREATE TYPE %s AS ENUM (%s)', t.oid::regtype,
           (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)) AS sql
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype = 'e' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 2, format('CREATE TYPE %s AS RANGE (subtype = %s)', t.oid::regtype, r.rngsubtype::regtype)
    FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid JOIN scope s ON s.oid = t.typnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 3, format('CREATE DOMAIN %s AS %s%s%s%s', t.oid::regtype, format_type(t.typbasetype, t.typtypmod),
           coalesce(' DEFAULT ' || t.typdefault, ''), CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END,
           coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname)
                       FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), ''))
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype = 'd' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 4, format('CREATE TYPE %s AS (%s)', c.oid::regclass,
           (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
    FROM pg_class c JOIN scope s ON s.oid = c.relnamespace
   WHERE c.relkind = 'c' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  SELECT 5, format('CREATE SEQUENCE %s AS %s', c.oid::regclass, format_type(q.seqtypid, NULL))
    FROM pg_class c JOIN pg_sequence q ON q.seqrelid = c.oid JOIN scope s ON s.oid = c.relnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))
  UNION ALL
  SELECT 6, pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN scope s ON s.oid = p.pronamespace
   WHERE p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
) AS objects
ORDER BY ord, sql";

/// Columns of tables outside the managed schemas (those that declared foreign keys reference),
/// by `schema.table` pairs in `$1` and `$2`.
pub const EXTERNAL_COLUMNS: &str = "
SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p' AND a.attnum = ANY (k.conkey))
  FROM unnest($1::text[], $2::text[]) AS wanted(schema_name, table_name)
  JOIN pg_namespace n ON n.nspname = wanted.schema_name
  JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = wanted.table_name AND c.relkind IN ('r', 'p')
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY 1, 2, a.attnum";
