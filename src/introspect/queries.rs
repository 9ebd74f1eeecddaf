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

/// Objects that belong to an extension: its members (`pg_depend` deptype `e`) and the parts of
/// them that the catalog records as separate objects without a membership of their own — a
/// composite type is a `pg_type` row (the member) and a `pg_class` row, a table or view has its
/// row type, and rules, triggers and policies belong to their relation. `CREATE EXTENSION`
/// makes and `DROP EXTENSION` removes all of them. A trigger or policy a user adds later to an
/// extension's table is counted as the extension's too: the catalog records no membership for
/// either kind, so nothing tells the two apart (noted in the README's Limits).
macro_rules! extension_members {
    () => {
        "members AS (
            SELECT classid, objid FROM pg_depend WHERE deptype = 'e'
            UNION ALL
            SELECT 'pg_class'::regclass, t.typrelid
              FROM pg_depend d JOIN pg_type t ON t.oid = d.objid
             WHERE d.deptype = 'e' AND d.classid = 'pg_type'::regclass AND t.typrelid <> 0
            UNION ALL
            SELECT 'pg_type'::regclass, c.reltype
              FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
             WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass AND c.reltype <> 0
            UNION ALL
            SELECT 'pg_rewrite'::regclass, r.oid
              FROM pg_depend d JOIN pg_rewrite r ON r.ev_class = d.objid
             WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass
            UNION ALL
            SELECT 'pg_trigger'::regclass, t.oid
              FROM pg_depend d JOIN pg_trigger t ON t.tgrelid = d.objid
             WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass
            UNION ALL
            SELECT 'pg_policy'::regclass, p.oid
              FROM pg_depend d JOIN pg_policy p ON p.polrelid = d.objid
             WHERE d.deptype = 'e' AND d.classid = 'pg_class'::regclass)"
    };
}
pub(crate) use extension_members;

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
SELECT m.nspname, m.relname, obj_description(m.oid, 'pg_class'),
       COALESCE(c.reloptions, '{}') || ARRAY(SELECT 'toast.' || o FROM unnest(toast.reloptions) o),
       c.relpersistence = 'u', c.relreplident,
       (SELECT ic.relname FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
         WHERE i.indrelid = m.oid AND i.indisreplident)
  FROM modeled m
  JOIN pg_class c ON c.oid = m.oid
  LEFT JOIN pg_class toast ON toast.oid = c.reltoastrelid
 ORDER BY 1, 2"
);

/// A `serial` column (its default is `nextval` of the sequence it owns) is reported by the
/// sequence it owns, not by the sequence's name in its default: a renamed table keeps its old
/// sequence name, and that is no difference. The sequence behind a serial or an identity column
/// comes with its options (`pg_sequence`), read the same way from the shadow and the target.
/// The statistics target is NULL for the default (PostgreSQL 17 stores NULL, older servers -1);
/// of the column options only those PostgreSQL documents are read (some builds keep private
/// entries there).
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
       CASE WHEN a.attidentity = '' THEN sq.relname END,
       sq.relname, sq.seqtype, sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, sq.seqcycle,
       NULLIF(a.attstattarget, -1)::int4,
       ARRAY(SELECT o FROM unnest(a.attoptions) o
              WHERE split_part(o, '=', 1) IN ('n_distinct', 'n_distinct_inherited'))::text[]
  FROM modeled m
  JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN LATERAL (
    SELECT s.relname, format_type(q.seqtypid, NULL) AS seqtype, q.seqstart, q.seqincrement, q.seqmin, q.seqmax,
           q.seqcache, q.seqcycle
      FROM pg_depend d JOIN pg_class s ON s.oid = d.objid JOIN pg_sequence q ON q.seqrelid = s.oid
     WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
       AND d.refobjid = m.oid AND d.refobjsubid = a.attnum AND s.relkind = 'S'
       AND CASE WHEN a.attidentity <> '' THEN d.deptype = 'i'
                ELSE d.deptype = 'a' AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                     AND pg_get_expr(ad.adbin, ad.adrelid) = format('nextval(%L::regclass)', s.oid::regclass::text)
           END
     ORDER BY s.relname LIMIT 1) sq ON true
 ORDER BY m.nspname, m.relname, a.attnum"
);

/// Primary, unique, check, foreign-key and exclusion constraints. Key columns are read by
/// position (`conkey`, `confkey`); the definition text serves checks and exclusions. The
/// storage parameters are those of the constraint's own index (`conindid` of a foreign key is
/// the referenced key's index, hence the join on `i`).
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
       obj_description(co.oid, 'pg_constraint'),
       COALESCE(ic.reloptions, '{{}}'),
       ki.relname
  FROM modeled m
  JOIN pg_constraint co ON co.conrelid = m.oid AND co.contype IN ('p', 'u', 'c', 'f', 'x')
  LEFT JOIN pg_class fc ON fc.oid = co.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  LEFT JOIN pg_index i ON i.indexrelid = co.conindid AND co.contype IN ('p', 'u', 'x')
  LEFT JOIN pg_class ic ON ic.oid = i.indexrelid
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
       i.indisvalid,
       COALESCE(ic.reloptions, '{}')
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
",
    extension_members!(),
    "
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
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_trigger'::regclass AND e.objid = t.oid)
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type' ELSE 'type' END,
         t.oid::regtype::text
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype IN ('b', 'd', 'r') AND t.typelem = 0 AND t.typrelid = 0
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid)
  UNION ALL
  SELECT 'policy', quote_ident(p.polname) || ' on ' || p.polrelid::regclass::text
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN scope s ON s.oid = c.relnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_policy'::regclass AND e.objid = p.oid)
  UNION ALL
  SELECT 'row-level security', m.oid::regclass::text
    FROM modeled m JOIN pg_class c ON c.oid = m.oid WHERE c.relrowsecurity
  UNION ALL
  -- physical facets of managed tables that the format does not express
  SELECT 'table access method', m.oid::regclass::text || ' (' || quote_ident(am.amname) || ')'
    FROM modeled m JOIN pg_class c ON c.oid = m.oid JOIN pg_am am ON am.oid = c.relam
   WHERE am.amname <> 'heap'
  UNION ALL
  SELECT 'tablespace', c.oid::regclass::text || ' (' || quote_ident(ts.spcname) || ')'
    FROM pg_class c JOIN pg_tablespace ts ON ts.oid = c.reltablespace
   WHERE c.oid IN (SELECT oid FROM modeled)
      OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN modeled m ON m.oid = i.indrelid)
  UNION ALL
  SELECT 'column storage', m.oid::regclass::text || '.' || quote_ident(a.attname) || ' ('
         || CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'm' THEN 'main' ELSE 'extended' END || ')'
    FROM modeled m JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_type t ON t.oid = a.atttypid
   WHERE a.attstorage <> t.typstorage
  UNION ALL
  SELECT 'column compression', m.oid::regclass::text || '.' || quote_ident(a.attname) || ' ('
         || CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' ELSE a.attcompression::text END || ')'
    FROM modeled m JOIN pg_attribute a ON a.attrelid = m.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE a.attcompression <> ''
  UNION ALL
  SELECT 'rule', quote_ident(r.rulename) || ' on ' || r.ev_class::regclass::text
    FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN scope s ON s.oid = c.relnamespace
   WHERE r.rulename <> '_RETURN'
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_rewrite'::regclass AND e.objid = r.oid)
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
  SELECT 'text search ' || kind, quote_ident(s.nspname) || '.' || quote_ident(name)
    FROM (SELECT 'dictionary' AS kind, 'pg_ts_dict'::regclass AS classid, oid, dictname AS name, dictnamespace AS nsp FROM pg_ts_dict
          UNION ALL SELECT 'template', 'pg_ts_template'::regclass, oid, tmplname, tmplnamespace FROM pg_ts_template
          UNION ALL SELECT 'parser', 'pg_ts_parser'::regclass, oid, prsname, prsnamespace FROM pg_ts_parser) ts
    JOIN scope s ON s.oid = ts.nsp
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = ts.classid AND e.objid = ts.oid)
  UNION ALL
  SELECT 'operator ' || kind, quote_ident(s.nspname) || '.' || quote_ident(name) || ' using ' || amname
    FROM (SELECT 'class' AS kind, 'pg_opclass'::regclass AS classid, oc.oid, opcname AS name, opcnamespace AS nsp, am.amname
            FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
          UNION ALL
          SELECT 'family', 'pg_opfamily'::regclass, f.oid, opfname, opfnamespace, am.amname
            FROM pg_opfamily f JOIN pg_am am ON am.oid = f.opfmethod
           -- the family that CREATE OPERATOR CLASS made for the class is the class's
           WHERE NOT EXISTS (SELECT 1 FROM pg_opclass oc WHERE oc.opcfamily = f.oid)) op
    JOIN scope s ON s.oid = op.nsp
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = op.classid AND e.objid = op.oid)
  UNION ALL
  SELECT 'extended statistics', quote_ident(s.nspname) || '.' || quote_ident(x.stxname)
    FROM pg_statistic_ext x JOIN scope s ON s.oid = x.stxnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_statistic_ext'::regclass AND e.objid = x.oid)
     AND NOT EXISTS (SELECT 1 FROM members e WHERE e.classid = 'pg_class'::regclass AND e.objid = x.stxrelid)
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
