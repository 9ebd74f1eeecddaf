//! The README's pipeline, run as written: every `run:` step of its GitHub Actions workflow
//! that calls ogel, job after job, against a real database.

use std::process::Command;

use crate::common::{TempDir, root};
use crate::pg::TestDb;

/// The workflow in the README's ```yaml block that starts with `name: schema`.
fn workflow() -> serde_json::Value {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .find(|b| b.starts_with("name: schema"))
        .expect("the README has the workflow");
    serde_saphyr::from_str(block).expect("the README's workflow is valid YAML")
}

#[test]
fn the_readme_pipeline_runs_as_written() {
    let jobs = workflow()["jobs"].clone();
    let db = TestDb::new("readme");
    let dir = TempDir::new("readme");
    std::fs::copy(root().join("schema.yaml"), dir.path().join("schema.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    for entry in std::fs::read_dir(root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join("seeds").join(path.file_name().unwrap())).unwrap();
    }
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_ogel")).parent().unwrap().to_owned();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let mut ran = Vec::new();
    for job in ["plan", "apply", "drift"] {
        for step in jobs[job]["steps"].as_array().unwrap() {
            let Some(script) = step["run"].as_str().filter(|s| s.trim_start().starts_with("ogel ")) else { continue };
            // As GitHub runs it: bash -eo pipefail.
            let out = Command::new("bash")
                .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("DATABASE_URL", &db.url)
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{job}: `{script}` failed:\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            ran.push(script.to_owned());
        }
    }
    assert_eq!(ran.len(), 4, "{ran:?}");
    // In the user's own repository ogel is a tool to install, not the crate being built.
    for job in ["plan", "apply", "drift"] {
        let steps = jobs[job]["steps"].as_array().unwrap();
        let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
        assert!(runs.iter().any(|r| r.contains("cargo install --locked --git \"$OGEL_GIT\"")), "{job}: {runs:?}");
        assert!(!runs.iter().any(|r| r.contains("--path")), "{job}: {runs:?}");
    }
    let plan_md = std::fs::read_to_string(dir.path().join("plan.md")).unwrap();
    assert!(plan_md.contains("**Plan: ") && plan_md.contains("<details><summary>SQL"), "{plan_md}");
    let drift: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("drift.json")).unwrap()).unwrap();
    assert_eq!(drift["in_sync"], true);
    assert_eq!(db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'platform'").as_deref(), Some("28"));
}

/// The quickstart's main command works against what the test server is.
#[test]
fn the_quickstart_plan_runs() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let quickstart = readme.split("## Quickstart").nth(1).unwrap().split("```sh\n").nth(1).unwrap();
    let first = quickstart.lines().next().unwrap();
    assert!(first.starts_with("cargo run -- plan"), "{first}");
    let db = TestDb::new("quickstart");
    let out = db.ogel(&root(), &["plan"]);
    assert_eq!(out.status.code(), Some(0));
}
