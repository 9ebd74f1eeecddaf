//! What the shadow database copies from the target: the objects of the managed schemas that
//! ogel does not manage, rebuilt from the statements `introspect::prerequisites` gives, must be
//! the same objects, as the catalog describes them.

use crate::pg::{TestDb, block_on};

/// Collations, text search templates, parsers, dictionaries and configurations, one line each,
/// with what makes them behave as they do.
const DESCRIBE: &str = "
SELECT line FROM (
  SELECT 'collation ' || collname || ' ' || collprovider::text || ' ' || collisdeterministic AS line
    FROM pg_collation WHERE collnamespace = 'app'::regnamespace
  UNION ALL
  SELECT 'template ' || tmplname || ' ' || tmplinit::regproc || ' ' || tmpllexize::regproc
    FROM pg_ts_template WHERE tmplnamespace = 'app'::regnamespace
  UNION ALL
  SELECT 'parser ' || prsname || ' ' || prsstart::regproc || ' ' || prstoken::regproc || ' ' || prsend::regproc
         || ' ' || prsheadline::regproc || ' ' || prslextype::regproc
    FROM pg_ts_parser WHERE prsnamespace = 'app'::regnamespace
  UNION ALL
  SELECT 'dictionary ' || d.dictname || ' ' || t.tmplname || ' ' || coalesce(d.dictinitoption, '')
    FROM pg_ts_dict d JOIN pg_ts_template t ON t.oid = d.dicttemplate WHERE d.dictnamespace = 'app'::regnamespace
  UNION ALL
  SELECT 'mapping ' || c.cfgname || ' ' || (SELECT prsname FROM pg_ts_parser WHERE oid = c.cfgparser) || ' ' || t.alias || ' '
         || string_agg(m.mapdict::regdictionary::text, ',' ORDER BY m.mapseqno)
    FROM pg_ts_config c JOIN pg_ts_config_map m ON m.mapcfg = c.oid
    JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype
   WHERE c.cfgnamespace = 'app'::regnamespace
   GROUP BY c.cfgname, c.cfgparser, t.alias
  UNION ALL
  -- the ICU locale, by what it does: numbers sort by value
  SELECT 'natural sorts numbers ' || ('a9' < 'a10' COLLATE app.natural)
) described ORDER BY 1";

#[test]
fn collations_and_text_search_objects_are_copied_as_they_are() {
    let source = TestDb::new("shadow_copy_source");
    source.exec(
        "CREATE SCHEMA app;
         CREATE COLLATION app.natural (provider = icu, locale = 'und-u-kn-true', deterministic = false);
         CREATE COLLATION app.bytes (provider = libc, locale = 'C');
         CREATE TEXT SEARCH TEMPLATE app.plain (INIT = dsimple_init, LEXIZE = dsimple_lexize);
         CREATE TEXT SEARCH PARSER app.words (START = prsd_start, GETTOKEN = prsd_nexttoken, END = prsd_end,
                                             LEXTYPES = prsd_lextype, HEADLINE = prsd_headline);
         CREATE TEXT SEARCH DICTIONARY app.keep (TEMPLATE = app.plain, ACCEPT = false);
         CREATE TEXT SEARCH CONFIGURATION app.titles (COPY = pg_catalog.simple);
         ALTER TEXT SEARCH CONFIGURATION app.titles ALTER MAPPING FOR word, asciiword WITH app.keep, simple;
         ALTER TEXT SEARCH CONFIGURATION app.titles DROP MAPPING FOR int, uint, float;
         CREATE TEXT SEARCH CONFIGURATION app.own (PARSER = app.words);
         ALTER TEXT SEARCH CONFIGURATION app.own ADD MAPPING FOR asciiword WITH app.keep;",
    );
    let url = source.url.clone();
    let statements = block_on(async move {
        let db = ogel::db::Target::resolve(Some(&url)).unwrap().connect().await.unwrap();
        db.pin_settings("''").await.unwrap();
        ogel::introspect::prerequisites(&db, &["app".to_owned()]).await.unwrap()
    });
    let copy = TestDb::new("shadow_copy_target");
    copy.exec("CREATE SCHEMA app");
    for prerequisite in &statements {
        copy.exec(&prerequisite.sql);
    }
    let described = source.rows(DESCRIBE);
    assert!(described.len() > 20, "the fixture describes collations, templates, parsers and mappings");
    assert_eq!(copy.rows(DESCRIBE), described);
}
