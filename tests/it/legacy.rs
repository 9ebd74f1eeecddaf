//! The legacy OgelBase database (migrations 001, 002, the standalone 003, and the rows old code
//! left) converging to schema.yaml.

use crate::common::{root, stderr, stdout};
use crate::pg::TestDb;

fn legacy(label: &str) -> TestDb {
    let db = TestDb::new(label);
    for file in ["001_core_schema", "002_billing_schema", "003_add_multi_database_support", "data"] {
        db.load(&root().join(format!("tests/fixtures/legacy/{file}.sql")));
    }
    db
}

/// The tables legacy and declaration share (addons under its new name is checked apart).
const KEPT: &[&str] = &[
    "organizations",
    "projects",
    "credentials",
    "subscriptions",
    "invoices",
    "payment_methods",
    "tax_ids",
    "usage_metrics",
    "customer_profiles",
    "credits",
    "disk_config",
    "compute_config",
    "databases",
    "database_metrics",
    "database_connection_logs",
];

fn rows_of(db: &TestDb, table: &str) -> Vec<Vec<Option<String>>> {
    db.rows(&format!("SELECT * FROM platform.{table} ORDER BY id"))
}

#[test]
fn the_legacy_database_converges_and_keeps_every_row() {
    let db = legacy("legacy_converges");
    let kept_before: Vec<_> = KEPT.iter().map(|t| rows_of(&db, t)).collect();
    assert!(kept_before.iter().all(|rows| !rows.is_empty()), "the fixture has rows in every legacy table");
    let catalog_before = db.rows("SELECT id FROM platform.addons WHERE project_id IS NULL ORDER BY id");
    let per_project = db.rows(
        "SELECT DISTINCT project_id::text, addon_type FROM platform.addons WHERE project_id IS NOT NULL ORDER BY 1, 2",
    );
    assert!(per_project.len() >= 5);

    let plan = stdout(&db.ogel(&root(), &["plan"]));
    assert!(plan.contains("rename table platform.addons"), "{plan}");
    assert!(plan.contains("run transition split_project_addons"), "{plan}");
    assert!(!plan.contains("drop table"), "nothing is dropped and re-created: {plan}");

    // Without --allow-destructive the per-project columns stay, and so does everything else.
    let before = db.dump(&["platform"]);
    let out = db.ogel(&root(), &["apply", "--yes"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("drop column platform.addon_catalog.project_id"), "{}", stderr(&out));
    assert_eq!(db.dump(&["platform"]), before);

    let out = db.ogel(&root(), &["apply", "--yes", "--allow-destructive"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));

    for (table, rows) in KEPT.iter().zip(&kept_before) {
        let after = rows_of(&db, table);
        let lost: Vec<_> = rows.iter().filter(|r| !after.contains(r)).collect();
        assert!(lost.is_empty(), "every row of platform.{table} is kept as it was; changed or lost: {lost:?}");
    }
    // The catalog rows stay, under the new name; the per-project ones moved.
    let catalog_after = db.rows("SELECT id FROM platform.addon_catalog ORDER BY id");
    assert!(catalog_before.iter().all(|id| catalog_after.contains(id)), "catalog rows kept");
    let carried = db.rows("SELECT project_id::text, addon_id FROM platform.project_addons ORDER BY 1, 2");
    assert_eq!(carried, per_project, "every per-project add-on is in project_addons");
    assert_eq!(db.value("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'platform' AND table_name = 'addon_catalog' AND column_name = 'project_id'").as_deref(), Some("0"));
    let addon_ids = db.rows("SELECT addon_id FROM platform.addon_catalog ORDER BY 1");
    assert_eq!(
        addon_ids,
        [["compute_instance"], ["custom_domain"], ["ipv4"], ["pitr"]].map(|r| r.map(|s| Some(s.to_owned())).to_vec())
    );

    // subscriptions.plan_id references the seeded billing plans, validated.
    assert_eq!(
        db.value("SELECT convalidated FROM pg_constraint WHERE conname = 'subscriptions_plan_id_fkey'").as_deref(),
        Some("true")
    );
    assert_eq!(db.value("SELECT count(*) FROM platform.billing_plans").as_deref(), Some("4"));
    // What migration 004 meant to create.
    assert_eq!(
        db.value("SELECT m.role FROM platform.organization_members m JOIN platform.organizations o ON o.id = m.organization_id JOIN platform.users u ON u.id = m.user_id WHERE o.slug = 'lancio' AND u.email = 'owner@lancio.example'").as_deref(),
        Some("owner")
    );
    // The legacy trigger function and triggers are left alone, and still work.
    assert!(
        db.value("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'update_%_updated_at'")
            .unwrap()
            .parse::<i32>()
            .unwrap()
            >= 10
    );

    let out = db.ogel(&root(), &["plan", "--detailed-exitcode"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(db.ogel(&root(), &["drift"]).status.code(), Some(0));
}

#[test]
fn a_subscription_naming_an_unknown_plan_stops_plan_and_apply() {
    let db = legacy("legacy_violation");
    db.exec("UPDATE platform.subscriptions SET plan_id = 'tier_gold' WHERE plan_id = 'tier_team'");
    let out = db.ogel(&root(), &["plan"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("add foreign key subscriptions_plan_id_fkey on platform.subscriptions) would fail"), "{err}");
    assert!(err.contains("1 rows of platform.subscriptions have plan_id values that platform.billing_plans will not hold (e.g. tier_gold)"), "{err}");
    // The plan itself is still shown.
    assert!(stdout(&out).lines().nth(1).is_some_and(|l| l.starts_with("Plan: ")));

    let before = db.dump(&["platform"]);
    let subscriptions = db.rows("SELECT * FROM platform.subscriptions ORDER BY id");
    let out = db.ogel(&root(), &["apply", "--yes", "--allow-destructive"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("Nothing was applied"), "{}", stderr(&out));
    assert_eq!(db.dump(&["platform"]), before);
    assert_eq!(db.rows("SELECT * FROM platform.subscriptions ORDER BY id"), subscriptions);
}

#[test]
fn a_legacy_database_without_the_standalone_migration_gets_its_tables() {
    let db = TestDb::new("legacy_without_003");
    for file in ["001_core_schema", "002_billing_schema"] {
        db.load(&root().join(format!("tests/fixtures/legacy/{file}.sql")));
    }
    let out = db.ogel(&root(), &["apply", "--yes", "--allow-destructive"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(db.value("SELECT count(*) FROM pg_tables WHERE schemaname = 'platform'").as_deref(), Some("28"));
    assert_eq!(db.ogel(&root(), &["plan", "--detailed-exitcode"]).status.code(), Some(0));
}
