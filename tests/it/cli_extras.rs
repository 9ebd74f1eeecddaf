//! What a user installs beside the binary: shell completions, the manual page, and the JSON
//! Schema file that an inspected declaration's first line points at.

use std::process::Command;

use crate::common::{TempDir, ogel, root, stderr, stdout};
use crate::pg::TestDb;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "powershell", "elvish"];

/// The commands `ogel --help` lists (but `help`), as a user discovers them.
fn commands() -> Vec<String> {
    let help = stdout(&ogel(&root(), &["--help"]));
    let listed = help.split("Commands:\n").nth(1).expect("--help lists the commands");
    let names: Vec<String> = listed
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect();
    for known in ["plan", "apply", "drift", "inspect", "history", "validate", "json-schema", "completions", "man"] {
        assert!(names.iter().any(|n| n == known), "{known} is listed: {names:?}");
    }
    names
}

fn have(program: &str) -> bool {
    Command::new(program).arg("--version").output().is_ok_and(|out| out.status.success())
}

#[test]
fn completions_for_every_shell_name_the_commands_and_flags() {
    let commands = commands();
    for shell in SHELLS {
        let out = ogel(&root(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(!script.trim().is_empty(), "{shell}: empty");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} completion lacks {command}");
        }
        for flag in [
            "database-url",
            "schema",
            "seeds",
            "lock-timeout",
            "detailed-exitcode",
            "allow-destructive",
            "show-sql",
            "color",
        ] {
            assert!(script.contains(flag), "{shell} completion lacks --{flag}");
        }
    }
    let bash = stdout(&ogel(&root(), &["completions", "bash"]));
    assert!(bash.contains("plan") && bash.contains("--database-url"));
}

/// The bash script parses, registers itself, and completes a command and a flag.
#[test]
fn the_bash_completion_sources_and_completes() {
    if !have("bash") {
        eprintln!("skipped: no bash");
        return;
    }
    let dir = TempDir::new("completion-bash");
    let script = dir.path().join("ogel.bash");
    std::fs::write(&script, stdout(&ogel(&root(), &["completions", "bash"]))).unwrap();
    let complete = |words: &str| {
        let test = format!(
            "set -e; source {}; complete -p ogel; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             COMP_LINE=\"${{COMP_WORDS[*]}}\"; COMP_POINT=${{#COMP_LINE}}; _ogel ogel \"${{COMP_WORDS[-1]}}\" \
             \"${{COMP_WORDS[-2]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = Command::new("bash").args(["--noprofile", "--norc", "-c", &test]).output().unwrap();
        assert!(out.status.success(), "{words}: {}{}", stdout(&out), stderr(&out));
        stdout(&out)
    };
    let commands = complete("ogel pl");
    assert!(commands.starts_with("complete ") && commands.contains(" ogel\n"), "{commands}");
    assert!(commands.lines().any(|l| l == "plan"), "{commands}");
    let flags = complete("ogel plan --data");
    assert!(flags.lines().any(|l| l == "--database-url"), "{flags}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = ogel(&root(), &["completions", "nushell"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(err.contains("invalid value 'nushell'"), "{err}");
    for shell in SHELLS {
        assert!(err.contains(shell), "the possible values are listed: {err}");
    }
    assert_eq!(ogel(&root(), &["completions"]).status.code(), Some(1), "a shell is required");
}

#[test]
fn the_man_page_is_roff_and_documents_every_command() {
    let out = ogel(&root(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = stdout(&out);
    assert!(page.starts_with(".TH") || page.starts_with(".ie"), "{page}");
    assert!(page.contains("\n.TH ogel 1 ") && page.contains("\n.SH SYNOPSIS\n"), "{page}");
    assert_eq!(page.matches("\n.TH ").count(), 1, "one page");
    for command in commands() {
        assert!(page.contains(&format!("\n.SS \"ogel {command}\"\n")), "the page has a section for {command}");
    }
    // Each command's options, with their help.
    assert!(page.contains(r"\fB\-\-database\-url\fR"), "{page}");
    assert!(page.contains(r"\fB\-\-allow\-destructive\fR"), "{page}");
    assert!(page.contains(".SH \"EXIT STATUS\""), "{page}");
    if have("groff") {
        let dir = TempDir::new("man");
        let file = dir.path().join("ogel.1");
        std::fs::write(&file, &page).unwrap();
        let out = Command::new("groff").args(["-man", "-Tutf8", "-ww", "-P-cbu"]).arg(&file).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).is_empty(), "groff warns: {}", stderr(&out));
        assert!(stdout(&out).contains("EXIT STATUS"));
    }
}

#[test]
fn json_schema_out_writes_what_stdout_shows() {
    let dir = TempDir::new("json-schema-out");
    for (args, file) in [(&["json-schema"][..], "ogel.schema.json"), (&["json-schema", "--seeds"][..], "seeds.json")] {
        let printed = stdout(&ogel(dir.path(), args));
        let out = ogel(dir.path(), &[args, &["--out", file]].concat());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).is_empty(), "nothing on stdout");
        let written = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert_eq!(written, printed, "{args:?}");
        serde_json::from_str::<serde_json::Value>(&written).expect("the file is JSON");
    }
    let seeds = std::fs::read_to_string(dir.path().join("seeds.json")).unwrap();
    assert_ne!(seeds, std::fs::read_to_string(dir.path().join("ogel.schema.json")).unwrap());

    let out = ogel(dir.path(), &["json-schema", "--out", "missing/dir/ogel.schema.json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("missing/dir/ogel.schema.json: cannot write the JSON Schema"), "{err}");
}

/// An inspected declaration says how to get the file its `$schema` line names, and that
/// command puts it where the line points.
#[test]
fn the_inspected_declaration_says_how_to_get_its_json_schema() {
    let db = TestDb::new("inspect_header");
    db.exec("CREATE SCHEMA app; CREATE TABLE app.t (id integer PRIMARY KEY)");
    let dir = TempDir::new("inspect-header");
    let out = db.ogel(dir.path(), &["inspect", "--schemas", "app", "--out", "schema.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let yaml = std::fs::read_to_string(dir.path().join("schema.yaml")).unwrap();
    let mut lines = yaml.lines();
    assert_eq!(lines.next(), Some("# yaml-language-server: $schema=./ogel.schema.json"));
    assert!(lines.next().unwrap().starts_with("# Written by `ogel inspect` from "), "{yaml}");
    let hint = lines.next().unwrap();
    assert!(hint.starts_with("# ") && hint.contains("`ogel json-schema --out ogel.schema.json`"), "{yaml}");

    assert_eq!(ogel(dir.path(), &["json-schema", "--out", "ogel.schema.json"]).status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ogel.schema.json")).unwrap(),
        std::fs::read_to_string(root().join("ogel.schema.json")).unwrap()
    );
    assert_eq!(db.ogel(dir.path(), &["plan", "--detailed-exitcode"]).status.code(), Some(0), "still plans empty");
}
