//! The query for what a shadow database needs besides the declaration: the objects of the
//! managed schemas that ogel does not manage but a declaration may use, each as the statement
//! that creates it, in an order that creates what others use first (collations, types,
//! sequences, functions, then text search templates, parsers, dictionaries and configurations).
//! Names and definitions are printed by the server (`regtype`, `format('%I')`,
//! `pg_get_functiondef`), one statement per row. A row of a kind ogel models (enums) names its
//! object (`modeled`): it is a prerequisite only where the declaration ignores it.

use super::queries::extension_members;

/// The ICU (and, from 17, builtin) locale of a collation: `collcollate` before 15,
/// `colliculocale` in 15 and 16, `colllocale` from 17.
fn collation_locale(server_version: i32) -> &'static str {
    match server_version {
        ..150000 => "co.collcollate",
        150000..170000 => "co.colliculocale",
        _ => "co.colllocale",
    }
}

/// Rows of (order, object, statement, modeled: `{schema, name}` of an object of a kind ogel
/// models, else NULL); `$1` is the array of managed schema names.
pub fn query(server_version: i32) -> String {
    let locale = collation_locale(server_version);
    // ICU tailoring rules exist from PostgreSQL 16.
    let rules = if server_version >= 160000 {
        "CASE WHEN co.collicurules IS NOT NULL THEN format(', rules = %L', co.collicurules) ELSE '' END"
    } else {
        "''"
    };
    format!(
        "WITH scope AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY($1)),
{members}
SELECT ord, object, sql, modeled FROM (
  SELECT 0 AS ord, NULL::text[] AS modeled, format('collation %I.%I', s.nspname, co.collname) AS object,
         format('CREATE COLLATION %I.%I (%s%s%s)', s.nspname, co.collname,
           CASE co.collprovider WHEN 'i' THEN format('provider = icu, locale = %L', {locale})
                                WHEN 'b' THEN format('provider = builtin, locale = %L', {locale})
                                ELSE format('provider = libc, lc_collate = %L, lc_ctype = %L', co.collcollate, co.collctype) END,
           CASE WHEN co.collisdeterministic THEN '' ELSE ', deterministic = false' END, {rules}) AS sql
    FROM pg_collation co JOIN scope s ON s.oid = co.collnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_collation'::regclass AND m.objid = co.oid)
  UNION ALL
  SELECT 1, ARRAY[s.nspname, t.typname], 'enum ' || t.oid::regtype::text, format('CREATE TYPE %s AS ENUM (%s)', t.oid::regtype,
           (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype = 'e' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 2, NULL, 'range type ' || t.oid::regtype::text, format('CREATE TYPE %s AS RANGE (subtype = %s)', t.oid::regtype, r.rngsubtype::regtype)
    FROM pg_type t JOIN pg_range r ON r.rngtypid = t.oid JOIN scope s ON s.oid = t.typnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 3, NULL, 'domain ' || t.oid::regtype::text, format('CREATE DOMAIN %s AS %s%s%s%s', t.oid::regtype, format_type(t.typbasetype, t.typtypmod),
           coalesce(' DEFAULT ' || t.typdefault, ''), CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END,
           coalesce((SELECT string_agg(' CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), '' ORDER BY c.conname)
                       FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), ''))
    FROM pg_type t JOIN scope s ON s.oid = t.typnamespace
   WHERE t.typtype = 'd' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_type'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 4, NULL, 'composite type ' || c.oid::regclass::text, format('CREATE TYPE %s AS (%s)', c.oid::regclass,
           (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
              FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped))
    FROM pg_class c JOIN scope s ON s.oid = c.relnamespace
   WHERE c.relkind = 'c' AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
  UNION ALL
  SELECT 5, NULL, 'sequence ' || c.oid::regclass::text, format('CREATE SEQUENCE %s AS %s', c.oid::regclass, format_type(q.seqtypid, NULL))
    FROM pg_class c JOIN pg_sequence q ON q.seqrelid = c.oid JOIN scope s ON s.oid = c.relnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_class'::regclass AND m.objid = c.oid)
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                      AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i'))
  UNION ALL
  SELECT 6, NULL, 'function ' || p.oid::regprocedure::text, pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN scope s ON s.oid = p.pronamespace
   WHERE p.prokind IN ('f', 'p')
     AND NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_proc'::regclass AND m.objid = p.oid)
  UNION ALL
  SELECT 7, NULL, format('text search template %I.%I', s.nspname, t.tmplname),
         format('CREATE TEXT SEARCH TEMPLATE %I.%I (%sLEXIZE = %s)', s.nspname, t.tmplname,
           CASE WHEN t.tmplinit <> 0 THEN format('INIT = %s, ', t.tmplinit::regproc) ELSE '' END, t.tmpllexize::regproc)
    FROM pg_ts_template t JOIN scope s ON s.oid = t.tmplnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_ts_template'::regclass AND m.objid = t.oid)
  UNION ALL
  SELECT 8, NULL, format('text search parser %I.%I', s.nspname, p.prsname),
         format('CREATE TEXT SEARCH PARSER %I.%I (START = %s, GETTOKEN = %s, END = %s, LEXTYPES = %s%s)', s.nspname, p.prsname,
           p.prsstart::regproc, p.prstoken::regproc, p.prsend::regproc, p.prslextype::regproc,
           CASE WHEN p.prsheadline <> 0 THEN format(', HEADLINE = %s', p.prsheadline::regproc) ELSE '' END)
    FROM pg_ts_parser p JOIN scope s ON s.oid = p.prsnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_ts_parser'::regclass AND m.objid = p.oid)
  UNION ALL
  SELECT 9, NULL, format('text search dictionary %I.%I', s.nspname, d.dictname),
         format('CREATE TEXT SEARCH DICTIONARY %I.%I (TEMPLATE = %I.%I%s)', s.nspname, d.dictname, tn.nspname, t.tmplname,
           coalesce(', ' || d.dictinitoption, ''))
    FROM pg_ts_dict d JOIN scope s ON s.oid = d.dictnamespace
    JOIN pg_ts_template t ON t.oid = d.dicttemplate JOIN pg_namespace tn ON tn.oid = t.tmplnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_ts_dict'::regclass AND m.objid = d.oid)
  UNION ALL
  SELECT 10, NULL, format('text search configuration %I.%I', s.nspname, c.cfgname),
         format('CREATE TEXT SEARCH CONFIGURATION %I.%I (PARSER = %I.%I)', s.nspname, c.cfgname, pn.nspname, p.prsname)
    FROM pg_ts_config c JOIN scope s ON s.oid = c.cfgnamespace
    JOIN pg_ts_parser p ON p.oid = c.cfgparser JOIN pg_namespace pn ON pn.oid = p.prsnamespace
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_ts_config'::regclass AND m.objid = c.oid)
  UNION ALL
  -- A configuration made with PARSER has no mappings: one ADD MAPPING per list of dictionaries,
  -- for all the token types that share it.
  SELECT 11, NULL, format('text search configuration %I.%I', s.nspname, c.cfgname),
         format('ALTER TEXT SEARCH CONFIGURATION %I.%I ADD MAPPING FOR %s WITH %s', s.nspname, c.cfgname,
           string_agg(quote_ident(tok.alias), ', ' ORDER BY tok.tokid), maps.dictionaries)
    FROM (SELECT mapcfg, maptokentype, string_agg(mapdict::regdictionary::text, ', ' ORDER BY mapseqno) AS dictionaries
            FROM pg_ts_config_map GROUP BY mapcfg, maptokentype) maps
    JOIN pg_ts_config c ON c.oid = maps.mapcfg JOIN scope s ON s.oid = c.cfgnamespace
    JOIN LATERAL ts_token_type(c.cfgparser) tok ON tok.tokid = maps.maptokentype
   WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.classid = 'pg_ts_config'::regclass AND m.objid = c.oid)
   GROUP BY s.nspname, c.cfgname, maps.dictionaries
) AS objects
ORDER BY ord, sql",
        members = extension_members!(),
    )
}
