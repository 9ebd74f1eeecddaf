//! The declaration loader and `validate` under a property-based fuzzer (proptest, stable Rust).
//!
//! The declaration is untrusted input: pull requests write it. Every case is written to a
//! directory of its own as `schema.yaml` and `seeds/*.yaml` (the loader reads files only) and
//! checked with `ogel::spec::check` — loading, validation and lowering, no database — in a
//! thread of its own. A case must
//! - not panic,
//! - return within [`CASE_TIMEOUT`] (a hang fails the case: that is how "0 hangs" is shown),
//! - when refused, name a file for every problem, and render (one line per problem, and the
//!   graphical report) without panicking,
//!
//! and a whole run must stay under [`MAX_PEAK_RSS`] of peak memory.
//!
//! Inputs come from four strategies: arbitrary bytes, random YAML trees over the format's own
//! keys, generated declarations of the right shape with a little noise, and mutations of this
//! repository's `schema.yaml` and `seeds/*.yaml`.
//!
//! Knobs (environment):
//! - `OGEL_FUZZ_CASES`: cases per strategy and round (default 256: CI's short run);
//! - `OGEL_FUZZ_SECONDS`: keep running rounds, each with the next seed, until the time is up
//!   (`bench/fuzz` runs 600 s in release);
//! - `OGEL_FUZZ_SEED`: the seed of the first round, a number or `random` (`PROPTEST_RNG_SEED`
//!   is read too); fixed by default, so a run is deterministic;
//! - `OGEL_FUZZ_ONLY`: the strategies to run, by name, comma-separated (default all).
//!
//! The strategies run at once, each on its own thread, in the one test `strategies`; a
//! strategy stops at its first failure, the others go on.
//!
//! A failure prints the minimized input, saves it as a declaration directory, and prints the
//! commands that replay it.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ogel::spec::diagnostic::{Problem, Problems, Sources};
use ogel::spec::load::Paths;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestError, TestRunner};

/// Longest a single `check` may take. Cases take milliseconds; five seconds leaves room for a
/// debug build on a loaded machine and still shows a hang within a short run.
const CASE_TIMEOUT: Duration = Duration::from_secs(5);

/// Peak resident memory (`VmHWM`, the whole process's high-water mark) a run may reach. Runs
/// measure 20-140 MiB (docs/benchmarks.md): the test binary, four strategies at once, the
/// repository's files, the allocator's high-water mark. Every input here is at most
/// [`MAX_INPUT`] bytes per file, and the loader bounds what it makes of one (5 million nodes,
/// 1,000 aliases, 48 levels, 32 MiB of scalars), so 1 GiB is only reached when one of those
/// budgets stopped holding: the nine-level alias bomb of tests/it/hostile.rs is 387 million
/// nodes once expanded, gigabytes. Being the high-water mark, a single runaway case anywhere
/// in a run shows.
const MAX_PEAK_RSS: u64 = 1 << 30;

/// The largest file a case writes: small, so that cases stay fast, but large enough for long
/// repetitions (deep nesting, many aliases, long scalars) to reach the parser's budgets.
const MAX_INPUT: usize = 256 * 1024;

/// The seed of the first round when none is asked for.
const DEFAULT_SEED: u64 = 0x06e1_f022;

// ---------------------------------------------------------------------------------------------
// A case and how it is run.

/// One input: the schema file and the seed files, as bytes.
#[derive(Clone)]
struct Case {
    schema: Vec<u8>,
    /// File name in `seeds/` → contents.
    seeds: Vec<(String, Vec<u8>)>,
}

impl Case {
    fn schema(schema: impl Into<Vec<u8>>) -> Case {
        Case { schema: schema.into(), seeds: Vec::new() }
    }

    /// Writes the case as a declaration directory: `dir/schema.yaml`, `dir/seeds/*`.
    fn write(&self, dir: &Path) -> std::io::Result<Paths> {
        std::fs::create_dir_all(dir)?;
        let schema = dir.join("schema.yaml");
        std::fs::write(&schema, &self.schema)?;
        if !self.seeds.is_empty() {
            std::fs::create_dir_all(dir.join("seeds"))?;
            for (name, bytes) in &self.seeds {
                std::fs::write(dir.join("seeds").join(name), bytes)?;
            }
        }
        Ok(Paths { schema, seeds: None })
    }
}

/// Bytes as a Rust byte string literal, cut after `limit` bytes.
fn byte_literal(bytes: &[u8], limit: usize) -> String {
    let shown = &bytes[..bytes.len().min(limit)];
    let mut out = format!("b\"{}\"", shown.escape_ascii());
    if bytes.len() > limit {
        out.push_str(&format!(" ... ({} more bytes)", bytes.len() - limit));
    }
    out
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 4096;
        writeln!(f, "schema.yaml ({} bytes): {}", self.schema.len(), byte_literal(&self.schema, LIMIT))?;
        for (name, bytes) in &self.seeds {
            writeln!(f, "seeds/{name} ({} bytes): {}", bytes.len(), byte_literal(bytes, LIMIT))?;
        }
        Ok(())
    }
}

/// What `check` made of a case that passed every property.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Loaded, validated and lowered.
    Valid,
    /// Refused with this many problems.
    Refused(usize),
}

/// Where the `n`th case of this process is written (cargo's scratch directory for tests).
fn scratch(n: u64) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-{}-{n}", std::process::id()))
}

/// Runs `examine` on the case written to a fresh directory, in a thread of its own, within
/// `timeout`. `Err` says which property failed.
fn run_case(
    case: &Case,
    timeout: Duration,
    examine: fn(&Paths, &Path) -> Result<Outcome, String>,
) -> Result<Outcome, String> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = scratch(NEXT.fetch_add(1, Ordering::Relaxed));
    let _ = std::fs::remove_dir_all(&dir);
    let paths = case.write(&dir).map_err(|e| format!("cannot write the case to {}: {e}", dir.display()))?;
    let (send, receive) = std::sync::mpsc::channel();
    let thread_dir = dir.clone();
    std::thread::Builder::new()
        .name("fuzz-case".into())
        // The size of the main thread's stack, where the `ogel` binary runs `check`.
        .stack_size(8 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(|| examine(&paths, &thread_dir));
            let _ = send.send(result);
            // Removed here, once `check` is done with it (also when it came back too late),
            // and outside the time bound.
            let _ = std::fs::remove_dir_all(&thread_dir);
        })
        .map_err(|e| format!("cannot start a thread: {e}"))?;
    match receive.recv_timeout(timeout) {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "(a panic without a message)".into());
            Err(format!("PANIC: {message}"))
        }
        // The thread goes on running.
        Err(_) => Err(format!("HANG: check did not return within {} s", timeout.as_secs_f64())),
    }
}

/// The properties of one `check`.
fn examine(paths: &Paths, dir: &Path) -> Result<Outcome, String> {
    match ogel::spec::check(paths) {
        Ok(_) => Ok(Outcome::Valid),
        Err(problems) => examine_problems(&problems, dir),
    }
}

/// A refusal has problems, each names a file of the declaration (its own, or the one it
/// points into) and each renders, as a line and as a report, naming that file.
fn examine_problems(problems: &Problems, dir: &Path) -> Result<Outcome, String> {
    if problems.problems.is_empty() {
        return Err("check refused the declaration without a problem".into());
    }
    for problem in &problems.problems {
        let file = match (problem.at, &problem.file) {
            (Some(at), _) => problems.sources.get(at.file).path.clone(),
            (None, Some(file)) => file.clone(),
            (None, None) => return Err(format!("a problem names no file: {problem:?}")),
        };
        if !file.starts_with(dir) {
            return Err(format!("a problem names {}, not a file of the declaration: {problem:?}", file.display()));
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let one = Problems { sources: problems.sources.clone(), problems: vec![problem.clone()] };
        let line = one.to_string();
        if !line.contains(&name) {
            return Err(format!("the one-line message does not name `{name}`: {line:?}"));
        }
        let report = one.render(false);
        if !report.contains(&name) {
            return Err(format!("the report does not name `{name}`: {report:?}"));
        }
    }
    let all = problems.render(false);
    if all.trim().is_empty() {
        return Err("the problems render as nothing".into());
    }
    Ok(Outcome::Refused(problems.problems.len()))
}

// ---------------------------------------------------------------------------------------------
// Runs: rounds of cases, seeds, counts, the report of a failure.

struct Settings {
    cases: u32,
    seconds: Option<u64>,
    seed: u64,
}

impl Settings {
    fn from_env() -> Settings {
        fn var(name: &str) -> Option<String> {
            std::env::var(name).ok().filter(|v| !v.trim().is_empty())
        }
        fn number<T: std::str::FromStr>(name: &str, value: &str) -> T {
            value.trim().parse().unwrap_or_else(|_| panic!("{name}={value:?} is not a number"))
        }
        let cases = var("OGEL_FUZZ_CASES").map_or(256, |v| number("OGEL_FUZZ_CASES", &v));
        let seconds = var("OGEL_FUZZ_SECONDS").map(|v| number("OGEL_FUZZ_SECONDS", &v));
        let seed = match var("OGEL_FUZZ_SEED").or_else(|| var("PROPTEST_RNG_SEED")) {
            Some(v) if v.trim() == "random" => {
                let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
                nanos.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)
            }
            Some(v) => number("OGEL_FUZZ_SEED", &v),
            None => DEFAULT_SEED,
        };
        Settings { cases, seconds, seed }
    }
}

/// The seed of one strategy's round: each strategy draws its own numbers from the same
/// `OGEL_FUZZ_SEED`, and round `r` of seed `s` is round 0 of seed `s + r`.
fn round_seed(seed: u64, strategy: &str) -> u64 {
    // FNV-1a over the name, mixed into the seed.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in strategy.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (seed ^ h).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Peak resident memory of this process so far (`VmHWM`), in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status is readable");
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/self/status");
    let kib: u64 = line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("VmHWM in kB");
    kib * 1024
}

/// Runs `strategy` under the properties: one round, or rounds until `OGEL_FUZZ_SECONDS` are up.
fn fuzz<S: Strategy<Value = Case>>(name: &str, strategy: S) -> Run {
    let settings = Settings::from_env();
    let started = Instant::now();
    let cases = AtomicU64::new(0);
    let refused = AtomicU64::new(0);
    let slowest_ms = AtomicU64::new(0);
    let mut round = 0u64;
    let mut failure = None;
    loop {
        let seed = settings.seed.wrapping_add(round);
        let config = Config {
            cases: settings.cases,
            rng_seed: RngSeed::Fixed(round_seed(seed, name)),
            failure_persistence: None,
            // A hang costs CASE_TIMEOUT per shrinking step: shrink for a minute at most.
            max_shrink_time: 60_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, |case| {
            let start = Instant::now();
            let outcome = run_case(&case, CASE_TIMEOUT, examine).map_err(TestCaseError::fail)?;
            slowest_ms.fetch_max(start.elapsed().as_millis() as u64, Ordering::Relaxed);
            cases.fetch_add(1, Ordering::Relaxed);
            if let Outcome::Refused(_) = outcome {
                refused.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        });
        round += 1;
        match result {
            Ok(()) => {}
            Err(TestError::Fail(reason, case)) => {
                failure = Some(fail(name, &reason.to_string(), &case, seed, settings.cases));
                break;
            }
            Err(TestError::Abort(reason)) => {
                failure = Some(format!("proptest aborted: {reason}"));
                break;
            }
        }
        match settings.seconds {
            Some(seconds) if started.elapsed() < Duration::from_secs(seconds) => {}
            _ => break,
        }
    }
    let run = Run { cases: cases.load(Ordering::Relaxed), failure };
    let refused = refused.load(Ordering::Relaxed);
    println!(
        "fuzz {name}: {} cases ({} valid, {refused} refused), {}, slowest case {} ms, {round} round(s) from seed {}, {:.1} s",
        run.cases,
        run.cases - refused,
        run.failure.as_deref().map_or("no failure", |f| f.split(':').next().unwrap_or(f)),
        slowest_ms.load(Ordering::Relaxed),
        settings.seed,
        started.elapsed().as_secs_f64(),
    );
    run
}

/// What one strategy's run came to.
struct Run {
    /// Cases that passed.
    cases: u64,
    /// Why the run stopped early: the first failed case's reason (`PANIC: ...`, `HANG: ...`).
    failure: Option<String>,
}

/// Reports a failed case: why, the minimized input, where it is saved, how to replay it.
/// Returns the reason.
fn fail(name: &str, reason: &str, case: &Case, seed: u64, cases: u32) -> String {
    let saved = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures").join(format!("{name}-{seed}"));
    let _ = std::fs::remove_dir_all(&saved);
    let written = match case.write(&saved) {
        Ok(_) => format!("saved as {}", saved.display()),
        Err(e) => format!("could not be saved to {}: {e}", saved.display()),
    };
    // Printed, not only panicked with: ogel's renderer swaps the panic hook while it runs, and
    // with several tests rendering at once a panic's message can go unprinted.
    eprintln!(
        "\nFAILED fuzz {name}: {reason}\n\nminimized input ({written}):\n{case:?}\n\
         replay the case (a panic's location shows there):\n\
         \x20 OGEL_FUZZ_REPLAY={dir} cargo test --test fuzz replay -- --ignored --nocapture\n\
         \x20 cargo run -- validate --schema {schema}\n\
         replay the run:\n\
         \x20 OGEL_FUZZ_SEED={seed} OGEL_FUZZ_CASES={cases} OGEL_FUZZ_ONLY={name} cargo test --test fuzz strategies -- --nocapture\n",
        schema = saved.join("schema.yaml").display(),
        dir = saved.display(),
    );
    reason.to_owned()
}

// ---------------------------------------------------------------------------------------------
// YAML, generated: trees rendered in block or flow style, with anchors, aliases and tags.

#[derive(Clone, Copy, Debug)]
enum Quote {
    /// As it is, even when that is not valid YAML.
    Raw,
    /// Plain when the text reads back as itself, else double-quoted.
    Plain,
    Single,
    Double,
    /// `|` block scalar.
    Literal,
    /// `>` block scalar.
    Folded,
}

#[derive(Clone, Debug)]
enum Yaml {
    Scalar(String, Quote),
    /// Items; `true` for flow style (`[a, b]`).
    Seq(Vec<Yaml>, bool),
    /// Entries; `true` for flow style (`{a: b}`).
    Map(Vec<(String, Yaml)>, bool),
    /// `*aN`.
    Alias(u8),
    /// `&aN value`.
    Anchor(u8, Box<Yaml>),
    /// `!sql value`, `!!str value`, ...
    Tag(&'static str, Box<Yaml>),
}

impl Yaml {
    fn plain(text: impl Into<String>) -> Yaml {
        Yaml::Scalar(text.into(), Quote::Plain)
    }

    fn map(entries: Vec<(&str, Yaml)>) -> Yaml {
        Yaml::Map(entries.into_iter().map(|(k, v)| (k.to_owned(), v)).collect(), false)
    }

    /// The document: a top-level value rendered in its own style.
    fn document(&self) -> Vec<u8> {
        let mut out = String::new();
        self.value(0, &mut out);
        out.push('\n');
        out.into_bytes()
    }

    /// Writes the value that follows `key:` or `-` (or starts the document) at `indent`.
    fn value(&self, indent: usize, out: &mut String) {
        match self {
            Yaml::Map(entries, false) if !entries.is_empty() => {
                for (key, value) in entries {
                    newline(indent, out);
                    out.push_str(&key_text(key));
                    out.push(':');
                    value.value(indent + 2, out);
                }
            }
            Yaml::Seq(items, false) if !items.is_empty() => {
                for item in items {
                    newline(indent, out);
                    out.push('-');
                    item.value(indent + 2, out);
                }
            }
            Yaml::Anchor(n, inner) => {
                out.push_str(&format!(" &a{n}"));
                inner.value(indent, out);
            }
            Yaml::Tag(tag, inner) => {
                out.push(' ');
                out.push_str(tag);
                inner.value(indent, out);
            }
            Yaml::Scalar(text, quote @ (Quote::Literal | Quote::Folded)) if block_scalar_safe(text) => {
                out.push_str(if matches!(quote, Quote::Literal) { " |" } else { " >" });
                for line in text.split('\n') {
                    newline(indent.max(1), out);
                    out.push_str(line);
                }
            }
            _ => {
                out.push(' ');
                self.flow(out);
            }
        }
    }

    fn flow(&self, out: &mut String) {
        match self {
            Yaml::Scalar(text, Quote::Raw) => out.push_str(text),
            Yaml::Scalar(text, Quote::Plain) if plain_safe(text) => out.push_str(text),
            Yaml::Scalar(text, Quote::Single) if !text.chars().any(char::is_control) => {
                out.push('\'');
                out.push_str(&text.replace('\'', "''"));
                out.push('\'');
            }
            Yaml::Scalar(text, _) => out.push_str(&double_quoted(text)),
            Yaml::Seq(items, _) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.flow(out);
                }
                out.push(']');
            }
            Yaml::Map(entries, _) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&key_text(key));
                    out.push_str(": ");
                    value.flow(out);
                }
                out.push('}');
            }
            Yaml::Alias(n) => out.push_str(&format!("*a{n}")),
            Yaml::Anchor(n, inner) => {
                out.push_str(&format!("&a{n} "));
                inner.flow(out);
            }
            Yaml::Tag(tag, inner) => {
                out.push_str(tag);
                out.push(' ');
                inner.flow(out);
            }
        }
    }
}

/// Whether `text` written plain reads back as the same string, in block and flow context.
fn plain_safe(text: &str) -> bool {
    !text.is_empty()
        && text.trim() == text
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control() || "[]{},".contains(c) || c == '\u{feff}')
}

/// Whether `text` fits a `|` or `>` block scalar as it is.
fn block_scalar_safe(text: &str) -> bool {
    !text.starts_with([' ', '\n'])
        && !text.chars().any(|c| c.is_control() && c != '\n' || c == '\u{feff}')
        && !text.ends_with([' ', '\n'])
}

fn newline(indent: usize, out: &mut String) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A key as written: plain when it is a simple name, else double-quoted (`<<` stays plain,
/// the merge key).
fn key_text(key: &str) -> String {
    let simple = !key.is_empty()
        && key.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !key.starts_with(['-', '.']);
    if simple || key == "<<" { key.to_owned() } else { double_quoted(key) }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every key of the format (schema.yaml and seed files), and a few that are not.
const KEYS: &[&str] = &[
    "extensions",
    "schemas",
    "transitions",
    "schema",
    "version",
    "tables",
    "columns",
    "type",
    "not_null",
    "default",
    "identity",
    "generated",
    "collation",
    "primary_key",
    "unique",
    "check",
    "checks",
    "references",
    "comment",
    "renamed_from",
    "using",
    "name",
    "include",
    "deferrable",
    "initially_deferred",
    "nulls_not_distinct",
    "expression",
    "no_inherit",
    "table",
    "column",
    "on_delete",
    "on_update",
    "match",
    "foreign_keys",
    "exclusions",
    "elements",
    "opclass",
    "with",
    "where",
    "indexes",
    "method",
    "order",
    "nulls",
    "when",
    "reads",
    "writes",
    "sql",
    "key",
    "mode",
    "rows",
    "s",
    "t",
    "s.t",
    "platform",
    "id",
    "<<",
    "x-unknown",
    "",
];

/// Names as the format uses them: mostly `common` (so that references, keys and seed rows
/// meet the things they name), sometimes what validate refuses or PostgreSQL would truncate.
fn names(common: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        12 => select(common).prop_map(str::to_owned),
        1 => select(&["", "ogel", "é", "Mixed Case", "a.b", "\"q\"", "x\0y", "public", "pg_catalog", "null", "true"][..])
            .prop_map(str::to_owned),
        1 => (select(&["x", "é", "日", "🦀"][..]), 60usize..70).prop_map(|(c, n)| c.repeat(n / c.len().max(1) + 1)),
    ]
    .boxed()
}

const SCHEMAS: &[&str] = &["s", "s", "platform"];
const TABLES: &[&str] = &["t", "u"];
const COLUMNS: &[&str] = &["id", "name", "status", "parent_id", "amount", "doc", "created_at"];
const OBJECTS: &[&str] = &["t_pkey", "t_name_key", "idx_t", "chk", "fk", "u", "t"];

/// Pieces of SQL and of YAML that break things: quotes, dollar quotes, comments, `;`,
/// parentheses, unicode, control characters.
const FRAGMENTS: &[&str] = &[
    "now()",
    "'active'",
    "'it''s'",
    "E'a\\'b'",
    "U&'d\\0061t'",
    "$$x;y$$",
    "$a$ ) $a$",
    "$a$",
    "$1",
    "$",
    "--",
    "-- c",
    "/*",
    "*/",
    "/* c */",
    ";",
    "(",
    ")",
    "((",
    "))",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "'",
    "\"",
    "\"\"",
    "x > 0",
    "status IN ('a', 'b')",
    "ARRAY[1, 2]",
    "lower(name)",
    "id",
    "a.b",
    "public.citext",
    "numeric(10,2)",
    "integer[]",
    "text",
    "serial",
    "bigserial",
    "uuid",
    "timestamptz",
    "double precision",
    "interval day to second",
    "varchar(20)[3]",
    "OPERATOR(public.===)",
    "&&",
    "=",
    "<>",
    "~",
    "@>",
    "::",
    "::text",
    "${env:HOME}",
    "${env:OGEL_FUZZ_UNSET}",
    "${env:",
    "always",
    "by_default",
    "cascade",
    "set_null",
    "desc",
    "last",
    "full",
    "upsert",
    "sync",
    "insert",
    "true",
    "false",
    "null",
    "~",
    "1",
    "-1",
    "0.5e-3",
    "1e400",
    "0x1F",
    ".nan",
    ".inf",
    "é",
    "日本",
    "🦀",
    "\u{202e}",
    "\u{feff}",
    "\u{0}",
    "\t",
    "\r",
    "\n",
    " ",
    "\\",
    "#",
    "&a0",
    "*a0",
    "!sql",
    "%",
    "@",
    "`",
    "|",
    ">",
    "? ",
    "- ",
    "---",
    "...",
    "<<",
];

/// A scalar: one to four fragments, sometimes a long repetition.
fn scalar_text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        6 => vec(select(FRAGMENTS), 1..4).prop_map(|parts| parts.concat()),
        2 => names(COLUMNS),
        1 => (select(FRAGMENTS), 1usize..5_000).prop_map(|(f, n)| f.repeat(n)),
        1 => "\\PC{0,24}",
    ]
}

fn quote() -> impl Strategy<Value = Quote> + Clone {
    prop_oneof![
        1 => Just(Quote::Raw),
        4 => Just(Quote::Plain),
        2 => Just(Quote::Double),
        2 => Just(Quote::Single),
        1 => Just(Quote::Literal),
        1 => Just(Quote::Folded),
    ]
}

fn tag() -> impl Strategy<Value = &'static str> + Clone {
    select(&["!sql", "!!str", "!!int", "!!map", "!!seq", "!!binary", "!unknown", "!", "!<tag:yaml.org,2002:str>"][..])
}

/// Any scalar, or an alias.
fn leaf() -> BoxedStrategy<Yaml> {
    prop_oneof![
        8 => (scalar_text(), quote()).prop_map(|(t, q)| Yaml::Scalar(t, q)),
        1 => (0u8..3).prop_map(Yaml::Alias),
    ]
    .boxed()
}

/// Random nesting of maps, sequences and scalars, keys from the format's, in both styles,
/// with anchors and tags.
fn tree() -> BoxedStrategy<Yaml> {
    leaf()
        .prop_recursive(8, 96, 6, |inner| {
            prop_oneof![
                3 => (vec(inner.clone(), 0..6), any::<bool>()).prop_map(|(items, flow)| Yaml::Seq(items, flow)),
                4 => (vec((select(KEYS).prop_map(str::to_owned), inner.clone()), 0..6), any::<bool>())
                    .prop_map(|(entries, flow)| Yaml::Map(entries, flow)),
                1 => ((0u8..3), inner.clone()).prop_map(|(n, v)| Yaml::Anchor(n, Box::new(v))),
                1 => (tag(), inner).prop_map(|(t, v)| Yaml::Tag(t, Box::new(v))),
            ]
        })
        .boxed()
}

fn boxed(strategy: impl Strategy<Value = Yaml> + 'static) -> BoxedStrategy<Yaml> {
    strategy.boxed()
}

/// A word of the format (an enum's value, a type, a method), or now and then any scalar.
fn word(choices: &'static [&'static str]) -> BoxedStrategy<Yaml> {
    boxed(prop_oneof![
        24 => select(choices).prop_map(Yaml::plain),
        1 => (scalar_text(), quote()).prop_map(|(t, q)| Yaml::Scalar(t, q)),
    ])
}

fn name_scalar(common: &'static [&'static str]) -> BoxedStrategy<Yaml> {
    boxed((names(common), quote()).prop_map(|(t, q)| Yaml::Scalar(t, q)))
}

fn name_list(common: &'static [&'static str]) -> BoxedStrategy<Yaml> {
    boxed((vec(name_scalar(common), 0..4), any::<bool>()).prop_map(|(items, flow)| Yaml::Seq(items, flow)))
}

/// An SQL fragment: a plausible expression over the columns, or SQL-ish fragments that try to
/// leave their place.
fn sql() -> BoxedStrategy<Yaml> {
    const PLAUSIBLE: &[&str] = &[
        "now()",
        "id > 0",
        "'active'",
        "lower(name)",
        "id > 0 AND amount >= 0",
        "true",
        "status <> 'x'",
        "status IN ('a', 'b')",
        "parent_id IS NULL OR parent_id <> id",
        "doc ->> 'k'",
        "missing + 1",
        "(amount)::numeric(10,2)",
    ];
    boxed(prop_oneof![
        3 => select(PLAUSIBLE).prop_map(Yaml::plain),
        2 => (scalar_text(), quote()).prop_map(|(t, q)| Yaml::Scalar(t, q)),
        1 => (vec(select(PLAUSIBLE), 1..3), select(&[" AND ", " || ", "; ", ") OR (", " -- "][..]))
            .prop_map(|(parts, join)| Yaml::Scalar(parts.join(join), Quote::Double)),
    ])
}

fn boolean() -> BoxedStrategy<Yaml> {
    word(&["true", "false"])
}

/// A mapping of some `optional` fields (each present or not) and the `required` ones (almost
/// always present), in a random order and style.
fn fields(
    required: Vec<(&'static str, BoxedStrategy<Yaml>)>,
    optional: Vec<(&'static str, BoxedStrategy<Yaml>)>,
) -> BoxedStrategy<Yaml> {
    let entry = |p: f64| {
        move |(key, value): (&'static str, BoxedStrategy<Yaml>)| {
            proptest::option::weighted(p, value.prop_map(move |v| (key.to_owned(), v)))
        }
    };
    let entries: Vec<_> = required.into_iter().map(entry(0.97)).chain(optional.into_iter().map(entry(0.4))).collect();
    boxed((entries, any::<bool>(), any::<bool>()).prop_map(|(entries, flow, reverse)| {
        let mut entries: Vec<_> = entries.into_iter().flatten().collect();
        if reverse {
            entries.reverse();
        }
        Yaml::Map(entries, flow)
    }))
}

/// name → value, a few of them.
fn named(common: &'static [&'static str], value: BoxedStrategy<Yaml>, max: usize) -> BoxedStrategy<Yaml> {
    // Mostly without duplicate names: the parser refuses those before anything else is checked.
    boxed((vec((names(common), value), 0..max), any::<bool>(), 0..16).prop_map(|(mut entries, flow, dups)| {
        if dups > 0 {
            let mut seen = std::collections::HashSet::new();
            entries.retain(|(name, _)| seen.insert(name.clone()));
        }
        Yaml::Map(entries, flow)
    }))
}

fn list(item: BoxedStrategy<Yaml>) -> BoxedStrategy<Yaml> {
    boxed((vec(item, 0..3), any::<bool>()).prop_map(|(items, flow)| Yaml::Seq(items, flow)))
}

fn check_spec() -> BoxedStrategy<Yaml> {
    prop_oneof![
        2 => sql(),
        1 => fields(vec![("expression", sql())], vec![("name", name_scalar(OBJECTS)), ("no_inherit", boolean())]),
    ]
    .boxed()
}

fn column() -> BoxedStrategy<Yaml> {
    let data_type = word(&[
        "integer",
        "text",
        "uuid",
        "numeric(10,2)",
        "serial",
        "bigint",
        "jsonb",
        "text[]",
        "timestamptz",
        "varchar(20)",
        "int DEFAULT 1",
        "public.citext",
    ]);
    let reference = fields(
        vec![("table", name_scalar(TABLES))],
        vec![
            ("schema", name_scalar(SCHEMAS)),
            ("column", name_scalar(COLUMNS)),
            ("name", name_scalar(OBJECTS)),
            ("on_delete", word(&["cascade", "restrict", "set_null", "set_default", "no_action"])),
            ("on_update", word(&["cascade", "no_action"])),
            ("match", word(&["simple", "full"])),
            ("deferrable", boolean()),
            ("initially_deferred", boolean()),
        ],
    );
    prop_oneof![
        1 => data_type.clone(),
        3 => fields(
            vec![("type", data_type)],
            vec![
                ("not_null", boolean()),
                ("default", sql()),
                ("identity", word(&["always", "by_default"])),
                ("generated", sql()),
                ("collation", word(&["C", "\"C\"", "und-x-icu"])),
                ("primary_key", boolean()),
                ("unique", boolean()),
                ("check", check_spec()),
                ("references", reference),
                ("comment", name_scalar(OBJECTS)),
                ("renamed_from", name_scalar(COLUMNS)),
                ("using", sql()),
            ],
        ),
    ]
    .boxed()
}

fn table() -> BoxedStrategy<Yaml> {
    let key_spec = || {
        fields(
            vec![("columns", name_list(COLUMNS))],
            vec![
                ("name", name_scalar(OBJECTS)),
                ("include", name_list(COLUMNS)),
                ("deferrable", boolean()),
                ("initially_deferred", boolean()),
                ("nulls_not_distinct", boolean()),
            ],
        )
    };
    let index_key = prop_oneof![
        2 => name_scalar(COLUMNS),
        1 => fields(
            vec![],
            vec![
                ("column", name_scalar(COLUMNS)),
                ("expression", sql()),
                ("order", word(&["asc", "desc"])),
                ("nulls", word(&["first", "last"])),
                ("opclass", word(&["text_pattern_ops", "jsonb_path_ops"])),
                ("collation", word(&["C"])),
            ],
        ),
    ];
    let foreign_key = fields(
        vec![
            ("columns", name_list(COLUMNS)),
            (
                "references",
                fields(
                    vec![("table", name_scalar(TABLES))],
                    vec![("schema", name_scalar(SCHEMAS)), ("columns", name_list(COLUMNS))],
                ),
            ),
        ],
        vec![
            ("name", name_scalar(OBJECTS)),
            ("on_delete", word(&["cascade", "set_null"])),
            ("on_update", word(&["cascade", "restrict"])),
            ("deferrable", boolean()),
        ],
    );
    let element = fields(
        vec![("with", word(&["=", "&&", "OPERATOR(public.===)", "= ) WHERE (true"]))],
        vec![("column", name_scalar(COLUMNS)), ("expression", sql()), ("opclass", word(&["range_ops"]))],
    );
    let exclusion = fields(
        vec![("elements", list(element))],
        vec![
            ("name", name_scalar(OBJECTS)),
            ("using", word(&["gist", "btree"])),
            ("include", name_list(COLUMNS)),
            ("where", sql()),
            ("deferrable", boolean()),
        ],
    );
    let index = fields(
        vec![("columns", list(index_key.boxed()))],
        vec![
            ("unique", boolean()),
            ("nulls_not_distinct", boolean()),
            ("method", word(&["btree", "gin", "hash"])),
            ("include", name_list(COLUMNS)),
            ("where", sql()),
            ("comment", name_scalar(OBJECTS)),
            ("renamed_from", name_scalar(OBJECTS)),
        ],
    );
    fields(
        vec![("columns", named(COLUMNS, column(), 6))],
        vec![
            ("primary_key", prop_oneof![name_list(COLUMNS), key_spec()].boxed()),
            ("unique", list(key_spec())),
            ("checks", list(check_spec())),
            ("foreign_keys", list(foreign_key)),
            ("exclusions", list(exclusion)),
            ("indexes", named(OBJECTS, index, 3)),
            ("comment", name_scalar(OBJECTS)),
            ("renamed_from", name_scalar(TABLES)),
        ],
    )
}

/// `schema.table`, mostly of the declared names.
fn qualified() -> BoxedStrategy<String> {
    prop_oneof![
        6 => (names(SCHEMAS), names(TABLES)).prop_map(|(s, t)| format!("{s}.{t}")),
        1 => names(TABLES),
    ]
    .boxed()
}

/// A schema.yaml of the right shape (noise comes after, from [`Yaml::with_noise`]).
fn document() -> BoxedStrategy<Yaml> {
    let schema = fields(
        vec![("tables", named(TABLES, table(), 3))],
        vec![("comment", name_scalar(OBJECTS)), ("renamed_from", name_scalar(SCHEMAS))],
    );
    let qualified_list = || list(boxed(qualified().prop_map(Yaml::plain)));
    let transition = fields(
        vec![
            ("when", sql()),
            ("sql", word(&["UPDATE s.t SET id = id", "INSERT INTO s.t SELECT 1; DELETE FROM s.u", " "])),
        ],
        vec![("reads", qualified_list()), ("writes", qualified_list()), ("comment", name_scalar(OBJECTS))],
    );
    let extension = prop_oneof![
        Just(Yaml::Map(Vec::new(), true)),
        fields(vec![], vec![("schema", name_scalar(SCHEMAS)), ("version", word(&["1.1", "latest"]))]),
    ];
    fields(
        vec![("schemas", named(SCHEMAS, schema, 2))],
        vec![
            ("extensions", named(&["uuid-ossp", "pgcrypto", "citext"], extension.boxed(), 2)),
            ("transitions", named(OBJECTS, transition, 2)),
        ],
    )
}

/// Something wrong at one node of a generated declaration.
#[derive(Clone, Debug)]
enum Noise {
    /// The node becomes another value: a random tree, or a scalar.
    Replace(Yaml),
    /// `&aN` before the node: aliases after it resolve.
    Anchor(u8),
    /// The node becomes `*aN`.
    Alias(u8),
    Tag(&'static str),
    /// A mapping's first entry, once more (or a sequence's first item).
    Duplicate,
    /// A mapping's or sequence's first entry, gone.
    Drop,
}

fn noise() -> impl Strategy<Value = Noise> {
    prop_oneof![
        2 => tree().prop_map(Noise::Replace),
        2 => (scalar_text(), quote()).prop_map(|(t, q)| Noise::Replace(Yaml::Scalar(t, q))),
        2 => (0u8..3).prop_map(Noise::Anchor),
        2 => (0u8..3).prop_map(Noise::Alias),
        1 => tag().prop_map(Noise::Tag),
        1 => Just(Noise::Duplicate),
        2 => Just(Noise::Drop),
    ]
}

/// A third of the time nothing, else one to three [`Noise`]s at nodes of the tree.
fn noises() -> impl Strategy<Value = Vec<(Index, Noise)>> {
    prop_oneof![1 => Just(Vec::new()), 2 => vec((any::<Index>(), noise()), 1..4)]
}

impl Yaml {
    fn count(&self) -> usize {
        1 + match self {
            Yaml::Seq(items, _) => items.iter().map(Yaml::count).sum(),
            Yaml::Map(entries, _) => entries.iter().map(|(_, v)| v.count()).sum(),
            Yaml::Anchor(_, inner) | Yaml::Tag(_, inner) => inner.count(),
            Yaml::Scalar(..) | Yaml::Alias(_) => 0,
        }
    }

    /// The `n`th node in document order (0 is `self`).
    fn nth(&mut self, n: usize) -> Option<&mut Yaml> {
        if n == 0 {
            return Some(self);
        }
        let mut n = n - 1;
        let children: Vec<&mut Yaml> = match self {
            Yaml::Seq(items, _) => items.iter_mut().collect(),
            Yaml::Map(entries, _) => entries.iter_mut().map(|(_, v)| v).collect(),
            Yaml::Anchor(_, inner) | Yaml::Tag(_, inner) => vec![&mut **inner],
            Yaml::Scalar(..) | Yaml::Alias(_) => Vec::new(),
        };
        for child in children {
            let size = child.count();
            if n < size {
                return child.nth(n);
            }
            n -= size;
        }
        None
    }

    fn with_noise(mut self, noises: &[(Index, Noise)]) -> Yaml {
        for (at, noise) in noises {
            let at = at.index(self.count());
            let Some(node) = self.nth(at) else { continue };
            let taken = std::mem::replace(node, Yaml::Alias(0));
            *node = match (noise, taken) {
                (Noise::Replace(other), _) => other.clone(),
                (Noise::Anchor(n), node) => Yaml::Anchor(*n, Box::new(node)),
                (Noise::Alias(n), _) => Yaml::Alias(*n),
                (Noise::Tag(tag), node) => Yaml::Tag(tag, Box::new(node)),
                (Noise::Duplicate, Yaml::Map(mut entries, flow)) => {
                    if let Some(first) = entries.first().cloned() {
                        entries.push(first);
                    }
                    Yaml::Map(entries, flow)
                }
                (Noise::Duplicate, Yaml::Seq(mut items, flow)) => {
                    if let Some(first) = items.first().cloned() {
                        items.push(first);
                    }
                    Yaml::Seq(items, flow)
                }
                (Noise::Drop, Yaml::Map(mut entries, flow)) => {
                    if !entries.is_empty() {
                        entries.remove(0);
                    }
                    Yaml::Map(entries, flow)
                }
                (Noise::Drop, Yaml::Seq(mut items, flow)) => {
                    if !items.is_empty() {
                        items.remove(0);
                    }
                    Yaml::Seq(items, flow)
                }
                (Noise::Duplicate | Noise::Drop, node) => node,
            };
        }
        self
    }
}

/// A seed file of the right shape: rows of scalars, `!sql`, secrets and nested
/// values.
fn seed_file() -> BoxedStrategy<Yaml> {
    let value = prop_oneof![
        4 => select(&["1", "-1", "0.00", "true", "null", "~", "'x'", "${env:HOME}", "${env:OGEL_FUZZ_UNSET}", "a${env:HOME}b"][..])
            .prop_map(Yaml::plain),
        2 => (scalar_text(), quote()).prop_map(|(t, q)| Yaml::Scalar(t, q)),
        1 => sql().prop_map(|v| Yaml::Tag("!sql", Box::new(v))),
        1 => tree(),
    ];
    let row = named(COLUMNS, value.boxed(), 5);
    let table = fields(
        vec![("rows", list(row))],
        vec![("key", name_list(COLUMNS)), ("mode", word(&["upsert", "insert", "sync"]))],
    );
    boxed((vec((qualified(), table), 0..3), any::<bool>()).prop_map(|(entries, flow)| Yaml::Map(entries, flow)))
}

// ---------------------------------------------------------------------------------------------
// The strategies.

/// A small valid schema, for the cases that fuzz a seed file.
const VALID: &str = "schemas:\n  s:\n    tables:\n      t:\n        columns:\n          id: {type: integer, primary_key: true}\n          name: text\n          doc: jsonb\n";

/// Tokens of YAML, of the format and of SQL, and bytes that are not text.
const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\t",
    b"\r",
    b"\n",
    b"\r\n",
    b"  ",
    b"- ",
    b": ",
    b"? ",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"&a ",
    b"*a",
    b"&a [x]\n",
    b"*a, ",
    b"!sql ",
    b"!!str ",
    b"!x ",
    b"'",
    b"\"",
    b"|",
    b">",
    b"#",
    b"%YAML 1.2\n",
    b"%TAG ! !x\n",
    b"---\n",
    b"...\n",
    b"<<: *a\n",
    b"schemas:",
    b"tables:",
    b"columns:",
    b"type: ",
    b"check: ",
    b"s:",
    b"t:",
    b"s.t:",
    b"rows:",
    b"key:",
    b"\xef\xbb\xbf",
    b"\\",
    b"\\u0000",
    b"\\x",
    b"$$",
    b"--",
    b"/*",
    b";",
    b"(",
    b")",
    b"x",
    b"1",
    b"\xc3\xa9",
    b"\xf0\x9f\xa6\x80",
    b"\xe2\x80\xae",
];

/// Bytes that are not UTF-8: a stray continuation byte, a truncated sequence, a surrogate,
/// a code point over U+10FFFF.
const NOT_UTF8: &[&[u8]] = &[b"\xff", b"\x80", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"];

/// Token soup, with a repetition count per token that can be large within [`MAX_INPUT`].
fn soup() -> impl Strategy<Value = Vec<u8>> {
    let count = prop_oneof![8 => 1usize..4, 1 => 1usize..100_000];
    let token = prop_oneof![20 => select(TOKENS), 1 => select(NOT_UTF8)];
    vec((token, count), 0..24).prop_map(|pieces| {
        let mut out = Vec::new();
        for (token, n) in pieces {
            let room = MAX_INPUT.saturating_sub(out.len()) / token.len();
            out.extend(token.repeat(n.min(room)));
        }
        out
    })
}

/// Arbitrary bytes as the schema file, or as a seed file beside a valid schema.
fn bytes_cases() -> impl Strategy<Value = Case> {
    let bytes = prop_oneof![1 => vec(any::<u8>(), 0..1024), 1 => vec(0u8..0x80, 0..1024), 4 => soup()];
    (bytes, any::<bool>(), select(&["rows.yaml", "rows.yml"][..])).prop_map(|(bytes, as_seed, file)| {
        if as_seed { Case { schema: VALID.into(), seeds: vec![(file.to_owned(), bytes)] } } else { Case::schema(bytes) }
    })
}

/// Random YAML trees as the schema file and a seed file.
fn tree_cases() -> impl Strategy<Value = Case> {
    let key = prop_oneof![3 => select(&["extensions", "schemas", "transitions"][..]), 1 => select(KEYS)];
    let top = vec((key.prop_map(str::to_owned), tree()), 0..4).prop_map(|entries| Yaml::Map(entries, false)).boxed();
    (prop_oneof![4 => top, 1 => tree()], proptest::option::of(tree())).prop_map(|(schema, seed)| Case {
        schema: schema.document(),
        seeds: seed.map(|s| vec![("a.yaml".to_owned(), s.document())]).unwrap_or_default(),
    })
}

/// Declarations of the format's shape, with a little noise, and seed files for them.
fn declaration_cases() -> impl Strategy<Value = Case> {
    let seed = (seed_file(), noises()).prop_map(|(seed, noises)| seed.with_noise(&noises));
    (document(), noises(), vec(seed, 0..3)).prop_map(|(schema, noises, seeds)| Case {
        schema: schema.with_noise(&noises).document(),
        seeds: seeds.iter().enumerate().map(|(i, s)| (format!("{i}.yaml"), s.document())).collect(),
    })
}

/// This repository's declaration: schema.yaml and seeds/*.yaml.
fn repository() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let schema = std::fs::read(root.join("schema.yaml")).expect("schema.yaml");
        let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(root.join("seeds"))
            .expect("seeds/")
            .map(|e| e.expect("seeds/ entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
            .collect();
        seeds.sort();
        Case { schema, seeds }
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    /// XOR a byte.
    Flip(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    /// Move a line's text left or right by two spaces.
    Indent(Index, bool),
    /// Replace the value after a `key: ` or `- ` with a fragment.
    Splice(Index, String, Quote),
    /// Insert a token at a byte.
    Insert(Index, &'static [u8]),
    Truncate(Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        2 => (any::<Index>(), prop_oneof![4 => 1u8..0x80, 1 => 0x80u8..=255]).prop_map(|(i, x)| Mutation::Flip(i, x)),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        2 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => (any::<Index>(), any::<bool>()).prop_map(|(i, r)| Mutation::Indent(i, r)),
        4 => (any::<Index>(), scalar_text(), quote()).prop_map(|(i, t, q)| Mutation::Splice(i, t, q)),
        1 => (any::<Index>(), select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
    ]
}

fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split_inclusive(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        if bytes.is_empty() {
            return;
        }
        let mut lines = lines(bytes);
        match self {
            Mutation::Flip(at, x) => {
                let at = at.index(bytes.len());
                bytes[at] ^= x;
                return;
            }
            Mutation::Insert(at, token) => {
                let at = at.index(bytes.len());
                bytes.splice(at..at, token.iter().copied());
                return;
            }
            Mutation::Truncate(at) => {
                bytes.truncate(at.index(bytes.len()));
                return;
            }
            Mutation::DeleteLine(at) => {
                lines.remove(at.index(lines.len()));
            }
            Mutation::DuplicateLine(at) => {
                let at = at.index(lines.len());
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            Mutation::SwapLines(a, b) => {
                let (a, b) = (a.index(lines.len()), b.index(lines.len()));
                lines.swap(a, b);
            }
            Mutation::Indent(at, right) => {
                let at = at.index(lines.len());
                let line = &mut lines[at];
                if *right {
                    line.splice(0..0, *b"  ");
                } else if line.starts_with(b"  ") {
                    line.drain(..2);
                }
            }
            Mutation::Splice(at, text, quote) => {
                // The places where a scalar value starts: after `key: ` or `- `.
                let starts: Vec<(usize, usize)> = lines
                    .iter()
                    .enumerate()
                    .filter_map(|(i, line)| {
                        let text = String::from_utf8_lossy(line);
                        let trimmed = text.trim_start();
                        let indent = text.len() - trimmed.len();
                        if let Some(rest) = trimmed.strip_prefix("- ") {
                            return Some((i, indent + 2 + rest.find(": ").map_or(0, |k| k + 2)));
                        }
                        trimmed.find(": ").map(|k| (i, indent + k + 2))
                    })
                    .collect();
                if starts.is_empty() {
                    return;
                }
                let (line, start) = starts[at.index(starts.len())];
                let ending = if lines[line].ends_with(b"\n") { "\n" } else { "" };
                let mut value = String::new();
                Yaml::Scalar(text.clone(), *quote).flow(&mut value);
                let line = &mut lines[line];
                line.truncate(start.min(line.len()));
                line.extend_from_slice(value.as_bytes());
                line.extend_from_slice(ending.as_bytes());
            }
        }
        *bytes = lines.concat();
    }
}

/// The repository's declaration with mutations in its schema file and its seed files.
fn mutation_cases() -> impl Strategy<Value = Case> {
    vec((any::<Index>(), mutation()), 1..5).prop_map(|mutations| {
        let mut case = repository().clone();
        for (file, mutation) in mutations {
            let file = file.index(case.seeds.len() + 1);
            let bytes = if file == 0 { &mut case.schema } else { &mut case.seeds[file - 1].1 };
            mutation.apply(bytes);
        }
        case
    })
}

// ---------------------------------------------------------------------------------------------
// The tests.

/// Every strategy, each on a thread of its own (so that a time-boxed run lasts as long as it
/// says, whatever the number of test threads), then the totals and the memory bound.
/// `OGEL_FUZZ_ONLY=name,...` runs only the strategies named.
#[test]
fn strategies() {
    let only = std::env::var("OGEL_FUZZ_ONLY").unwrap_or_default();
    let wanted = |name: &str| only.trim().is_empty() || only.split(',').any(|n| n.trim() == name);
    let started = Instant::now();
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let mut threads = Vec::new();
        if wanted("arbitrary_bytes") {
            threads.push(scope.spawn(|| fuzz("arbitrary_bytes", bytes_cases())));
        }
        if wanted("yaml_trees") {
            threads.push(scope.spawn(|| fuzz("yaml_trees", tree_cases())));
        }
        if wanted("declarations") {
            threads.push(scope.spawn(|| fuzz("declarations", declaration_cases())));
        }
        if wanted("mutations") {
            threads.push(scope.spawn(|| fuzz("mutations", mutation_cases())));
        }
        threads.into_iter().map(|t| t.join().expect("a strategy's thread")).collect()
    });
    assert!(!runs.is_empty(), "OGEL_FUZZ_ONLY={only:?} names no strategy");
    let count =
        |prefix: &str| runs.iter().filter(|r| r.failure.as_ref().is_some_and(|f| f.starts_with(prefix))).count();
    let (panics, hangs) = (count("PANIC"), count("HANG"));
    let failed = runs.iter().filter(|r| r.failure.is_some()).count();
    let peak = peak_rss();
    println!(
        "fuzz total: {} cases, {panics} panics, {hangs} hangs, {} other failures, peak RSS {} MiB, {:.0} s",
        runs.iter().map(|r| r.cases).sum::<u64>(),
        failed - panics - hangs,
        peak >> 20,
        started.elapsed().as_secs_f64(),
    );
    assert_eq!(
        failed, 0,
        "{failed} strategies failed: the reasons, the minimized inputs and how to replay them are printed above"
    );
    assert!(peak < MAX_PEAK_RSS, "peak RSS {} MiB is over the bound of {} MiB", peak >> 20, MAX_PEAK_RSS >> 20);
}

/// The starting points are what they should be: the repository's declaration and [`VALID`]
/// pass, so that the cases built from them reach validation, and writing a case works.
#[test]
fn starting_points_are_valid() {
    assert_eq!(run_case(repository(), CASE_TIMEOUT, examine), Ok(Outcome::Valid));
    assert_eq!(run_case(&Case::schema(VALID), CASE_TIMEOUT, examine), Ok(Outcome::Valid));
    let seeded =
        Case { schema: VALID.into(), seeds: vec![("rows.yaml".into(), b"s.t:\n  rows:\n    - id: 1\n".to_vec())] };
    assert_eq!(run_case(&seeded, CASE_TIMEOUT, examine), Ok(Outcome::Valid));
    let broken = Case { schema: VALID.into(), seeds: vec![("rows.yaml".into(), b"s.u:\n  rows: []\n".to_vec())] };
    assert_eq!(run_case(&broken, CASE_TIMEOUT, examine), Ok(Outcome::Refused(1)));
}

/// Inputs the fuzzer found, minimized, that once broke a property; each is refused now.
#[test]
fn found_cases_stay_fixed() {
    let cases = [
        // A syntax error after a multibyte character: its span counted characters and was
        // sliced as bytes (load.rs, "byte index is not a char boundary").
        Case::schema(*b"{\xf0\x9f\xa6\x80{"),
        Case::schema(*b"\xef\xbb\xbf]"),
        Case {
            schema: b" {}\n".to_vec(),
            seeds: vec![("a.yaml".into(), b" {extensions: {extensions: [\xe1\xb0\xbb{]}}\n".to_vec())],
        },
        Case {
            schema: VALID.into(),
            seeds: vec![(
                "0.yaml".into(),
                "\n\u{e9}\u{e9}.s: &a0\n  rows:\n    -\n      s: \u{e9}\ns.s:\n  key: [\n".into(),
            )],
        },
    ];
    for case in &cases {
        assert!(matches!(run_case(case, CASE_TIMEOUT, examine), Ok(Outcome::Refused(_))), "{case:?}");
    }
}

/// The harness sees what it is there to see: a panic, a hang, a problem without a file.
#[test]
fn harness_reports_panics_hangs_and_unplaced_problems() {
    fn panics(_: &Paths, _: &Path) -> Result<Outcome, String> {
        panic!("on purpose")
    }
    fn hangs(_: &Paths, _: &Path) -> Result<Outcome, String> {
        std::thread::sleep(Duration::from_secs(2));
        Ok(Outcome::Valid)
    }
    let case = Case::schema(VALID);
    let panic = run_case(&case, CASE_TIMEOUT, panics).unwrap_err();
    assert!(panic.starts_with("PANIC: on purpose"), "{panic}");
    let hang = run_case(&case, Duration::from_millis(100), hangs).unwrap_err();
    assert!(hang.starts_with("HANG"), "{hang}");

    let dir = Path::new("/nowhere");
    let unplaced = Problems { sources: Sources::default(), problems: vec![Problem::at_or_unplaced(None, "x", "y")] };
    assert!(examine_problems(&unplaced, dir).unwrap_err().contains("names no file"));
    let elsewhere = Problems { sources: Sources::default(), problems: vec![Problem::file(Path::new("/etc/x"), "x")] };
    assert!(examine_problems(&elsewhere, dir).unwrap_err().contains("not a file of the declaration"));
    let none = Problems { sources: Sources::default(), problems: Vec::new() };
    assert!(examine_problems(&none, dir).is_err());
    let placed = Problems { sources: Sources::default(), problems: vec![Problem::file(&dir.join("schema.yaml"), "x")] };
    assert_eq!(examine_problems(&placed, dir), Ok(Outcome::Refused(1)));
}

/// The generators make what they claim: YAML the parser reads, in both styles.
#[test]
fn generated_yaml_is_yaml() {
    let doc = Yaml::map(vec![
        ("schemas", Yaml::map(vec![("s", Yaml::Map(vec![("tables".into(), Yaml::Map(Vec::new(), true))], true))])),
        (
            "transitions",
            Yaml::map(vec![(
                "x",
                Yaml::map(vec![
                    ("when", Yaml::Scalar("status IN ('a', 'b')".into(), Quote::Double)),
                    ("sql", Yaml::Scalar("UPDATE s.t\nSET a = 1".into(), Quote::Literal)),
                    ("reads", Yaml::Anchor(0, Box::new(Yaml::Seq(Vec::new(), true)))),
                    ("writes", Yaml::Alias(0)),
                ]),
            )]),
        ),
    ]);
    let text = String::from_utf8(doc.document()).unwrap();
    assert!(text.contains("\n    sql: |\n      UPDATE s.t\n      SET a = 1"), "{text}");
    let parsed: Result<ogel::spec::Document, _> = ogel::spec::load::parse_text(&text, Default::default());
    assert!(parsed.is_ok(), "{text}: {parsed:?}");

    use proptest::strategy::ValueTree;
    let at = any::<Index>().new_tree(&mut TestRunner::deterministic()).unwrap().current();
    let mut bytes = repository().schema.clone();
    Mutation::Splice(at, "x'y".into(), Quote::Single).apply(&mut bytes);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains(": 'x''y'\n"), "the value after a key is replaced");
    assert_eq!(text.lines().count(), String::from_utf8_lossy(&repository().schema).lines().count());
}

/// Replays a saved case: `OGEL_FUZZ_REPLAY=DIR cargo test --test fuzz replay -- --ignored`.
#[test]
#[ignore = "replays the case saved in OGEL_FUZZ_REPLAY"]
fn replay() {
    let dir = PathBuf::from(std::env::var("OGEL_FUZZ_REPLAY").expect("OGEL_FUZZ_REPLAY=DIR of a saved case"));
    let schema = std::fs::read(dir.join("schema.yaml")).expect("DIR/schema.yaml");
    let mut seeds = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir.join("seeds")) {
        for entry in entries {
            let path = entry.unwrap().path();
            seeds.push((path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap()));
        }
    }
    let case = Case { schema, seeds };
    println!("{case:?}");
    match run_case(&case, CASE_TIMEOUT, examine) {
        Ok(outcome) => println!("passes: {outcome:?}"),
        Err(reason) => panic!("{reason}"),
    }
}
