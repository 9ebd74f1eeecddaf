//! The real schemas of `../shared/corpus/` (see its README), one test each: loaded as the
//! README says (prelude and schema in one psql session), inspected, and the inspected
//! declaration plans empty against the database it came from and drifts not at all; what ogel
//! does not model is named in the plan's notes, what extensions own is not. Where the
//! declaration holds everything the tables need, it is applied to an empty database, which
//! then plans empty too and inspects the same.
//!
//! Every schema loads on PostgreSQL 15 (openstreetmap needs PostGIS, which CI installs there).
//! On other versions a schema that does not load (an extension the server lacks, syntax of
//! newer servers) is skipped, saying why.

use std::path::PathBuf;
use std::sync::Mutex;

use crate::common::{TempDir, root, stderr, stdout};
use crate::pg::TestDb;

/// What a schema of the corpus is checked for.
struct Entry {
    name: &'static str,
    /// Needs PostGIS (not in the pg-bin servers; on Debian's 15 with postgresql-15-postgis-3).
    postgis: bool,
    /// The inspected declaration builds in an empty database (it uses no type, function or
    /// sequence that only the source has), so a rebuild is checked.
    rebuild: bool,
    /// Notes the plan must have (substrings): objects ogel does not model, named. None: inspect
    /// expresses everything (lists nothing on stderr).
    notes: &'static [&'static str],
}

/// Extension-owned objects that must never be listed as the user's.
const EXTENSION_OWNED: &[&str] = &["geometry_dump", "valid_detail", "geometry_columns", "tablefunc_crosstab"];

/// Preludes create cluster-wide roles if they are missing: two at once could both find one
/// missing. One load with a prelude at a time.
static PRELUDES: Mutex<()> = Mutex::new(());

fn corpus() -> Option<PathBuf> {
    let corpus = root().join("../shared/corpus");
    if !corpus.exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must have ../shared/corpus beside the clone");
        eprintln!("skipped: no ../shared/corpus here");
        return None;
    }
    Some(corpus)
}

fn major(db: &TestDb) -> i32 {
    db.value("SELECT current_setting('server_version_num')").unwrap().parse::<i32>().unwrap() / 10000
}

/// Loads the schema into a new database; `None` (and why, on stderr) where it cannot load here.
fn load(entry: &Entry) -> Option<TestDb> {
    let dir = corpus()?.join(entry.name);
    let db = TestDb::new(&format!("corpus_{}", entry.name));
    let major = major(&db);
    if entry.postgis
        && db.value("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'").as_deref() != Some("1")
    {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !(ci && major == 15),
            "{}: CI must have PostGIS on PostgreSQL 15 (postgresql-15-postgis-3)",
            entry.name
        );
        eprintln!("{}: skipped on PostgreSQL {major}: PostGIS is not available on this server", entry.name);
        return None;
    }
    let prelude = dir.join("prelude.sql");
    let schema = dir.join("schema.sql");
    let loaded = if prelude.exists() {
        let _one = PRELUDES.lock().unwrap_or_else(|e| e.into_inner());
        db.psql(&[&prelude, &schema])
    } else {
        db.psql(&[&schema])
    };
    match loaded {
        Ok(()) => Some(db),
        Err(e) if major != 15 => {
            let reason = e.lines().find(|l| l.contains("ERROR")).unwrap_or(&e).to_owned();
            eprintln!("{}: skipped on PostgreSQL {major}: it does not load here: {reason}", entry.name);
            None
        }
        Err(e) => panic!("{}: the corpus schema must load on PostgreSQL 15:\n{e}", entry.name),
    }
}

fn check(entry: Entry) {
    let Some(source) = load(&entry) else { return };
    let name = entry.name;
    let dir = TempDir::new(&format!("corpus-{name}"));
    let out = source.ogel(dir.path(), &["inspect", "--out", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{name}: inspect: {}", stderr(&out));
    let listed = stderr(&out);
    if entry.notes.is_empty() {
        assert!(listed.is_empty(), "{name}: inspect should express everything:\n{listed}");
    }
    for owned in EXTENSION_OWNED {
        assert!(!listed.contains(owned), "{name}: inspect lists the extension's {owned}:\n{listed}");
    }

    // What PostgreSQL printed is valid SQL: `validate` finds no error in it. Its parser may not
    // read everything (a warning; on PostgreSQL 15 none of the corpus has one).
    let out = source.ogel(dir.path(), &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{name}: validate of the inspected declaration:\n{}", stderr(&out));
    if stderr(&out).contains('⚠') {
        eprintln!("{name}: validate warns of the inspected declaration:\n{}", stderr(&out));
    }

    let out = source.ogel(dir.path(), &["plan", "--detailed-exitcode", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{name}: the inspected declaration must plan empty:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let plan: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("plan --format json");
    let notes: Vec<&str> = plan["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    for wanted in entry.notes {
        let wanted = wanted.replace("{me}", &source.value("SELECT current_user").unwrap());
        assert!(notes.iter().any(|n| n.contains(&wanted)), "{name}: no note names {wanted}:\n{}", notes.join("\n"));
    }
    for owned in EXTENSION_OWNED {
        assert!(!notes.iter().any(|n| n.contains(owned)), "{name}: a note names the extension's {owned}");
    }

    let out = source.ogel(dir.path(), &["drift"]);
    assert_eq!(out.status.code(), Some(0), "{name}: drift right after inspect:\n{}{}", stdout(&out), stderr(&out));

    if entry.rebuild {
        rebuild(name, &source, &dir, listed.is_empty());
    }
}

/// Applies the inspected declaration to an empty database: it converges (plans empty) and
/// inspects the same; where inspect left nothing out (`complete`), the dumps agree.
fn rebuild(name: &str, source: &TestDb, dir: &TempDir, complete: bool) {
    let copy = TestDb::new(&format!("corpus_{name}_copy"));
    let out = copy.ogel(dir.path(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{name}: applying the inspected declaration: {}", stderr(&out));
    let out = copy.ogel(dir.path(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{name}: the rebuild does not converge:\n{}{}", stdout(&out), stderr(&out));
    let declared = std::fs::read_to_string(dir.path().join("schema.yaml")).unwrap();
    let out = copy.ogel(dir.path(), &["inspect"]);
    let again = stdout(&out).replace(&copy.name, &source.name);
    assert_eq!(again, declared, "{name}: the copy inspects the same");
    if complete {
        let (copied, original) = (copy.dump(&["public"]), source.dump(&["public"]));
        let diff =
            similar::TextDiff::from_lines(&original, &copied).unified_diff().header("source", "copy").to_string();
        assert!(diff.is_empty(), "{name}: the rebuild differs from the source:\n{diff}");
    }
}

macro_rules! corpus_tests {
    ($($test:ident: $name:literal { postgis: $postgis:literal, rebuild: $rebuild:literal, notes: [$($note:literal),*] })*) => {
        $(
            #[test]
            fn $test() {
                check(Entry { name: $name, postgis: $postgis, rebuild: $rebuild, notes: &[$($note),*] });
            }
        )*
    };
}

corpus_tests! {
    adventureworks: "adventureworks" { postgis: false, rebuild: false, notes: [
        "view sales.vsalesperson is not managed", "materialized view "
    ] }
    chinook: "chinook" { postgis: false, rebuild: true, notes: [] }
    danbooru: "danbooru" { postgis: false, rebuild: false, notes: [
        "operator public.~<<(text,text)", "function public.lower(text[])"
    ] }
    musicbrainz_full: "musicbrainz-full" { postgis: false, rebuild: false, notes: [
        "collation musicbrainz.musicbrainz", "text search configuration musicbrainz.mb_simple",
        "aggregate musicbrainz.median(integer)", "trigger search_hint on musicbrainz."
    ] }
    openstreetmap: "openstreetmap" { postgis: true, rebuild: false, notes: ["function public.api_rate_limit("] }
    pagila: "pagila" { postgis: false, rebuild: false, notes: [
        "domain public.year is not managed", "partitioned table public.payment", "trigger last_updated on public.actor"
    ] }
    supabase: "supabase" { postgis: false, rebuild: true, notes: ["event trigger ", "function auth.uid()"] }
    supabase_auth: "supabase-auth" { postgis: false, rebuild: true, notes: [
        "row-level security auth.users", "function auth.role()"
    ] }
    supabase_cli_initial_15: "supabase-cli-initial-15" { postgis: false, rebuild: false, notes: [
        "event trigger pgrst_ddl_watch on ddl_command_end", "grants on schema auth are not managed",
        "default privileges for ", "schema auth: ", "owned by roles other than {me}: supabase_admin, supabase_auth_admin"
    ] }
    supabase_storage: "supabase-storage" { postgis: false, rebuild: false, notes: [
        "trigger update_objects_updated_at on storage.objects", "row-level security storage.buckets"
    ] }
    synapse: "synapse" { postgis: false, rebuild: true, notes: ["sequence public.events_stream_seq"] }
}
