//! `ogel validate` on the repository's declaration and on broken ones.

use crate::common::{TempDir, ogel, raw_stderr, root, stderr, stdout};

#[test]
fn the_platform_declaration_is_valid_and_declares_28_tables() {
    let out = ogel(&root(), &["validate"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "schema.yaml: valid (28 tables, 1 schema, 1 extension, 16 seed rows)\n");
}

/// Every file of tests/broken has one mistake (several_mistakes.yaml has three); the rendered
/// diagnostics are snapshots, so reviewing a snapshot is reviewing what a user sees.
#[test]
fn broken_declarations_are_reported_at_their_place() {
    let dir = root().join("tests/broken");
    insta::glob!("../broken", "*/*.yaml", |path| {
        let relative = path.strip_prefix(&dir).unwrap().to_str().unwrap().to_owned();
        let out = ogel(&dir, &["validate", "--schema", &relative]);
        assert_eq!(out.status.code(), Some(1), "{relative}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{relative}");
        insta::assert_snapshot!(raw_stderr(&out));
    });
}

/// A mistake planted in a copy of schema.yaml, and the line it must be reported at.
struct Plant {
    /// Text of the line to change (it must occur once in schema.yaml).
    line: &'static str,
    replacement: &'static str,
    message: &'static str,
}

const PLANTS: &[Plant] = &[
    Plant {
        line: "            references: {table: billing_plans, on_delete: restrict}",
        replacement: "            references: {table: billing_plan, on_delete: restrict}",
        message: "foreign key references unknown table `platform.billing_plan`",
    },
    Plant {
        line: "            references: {table: addon_catalog, column: addon_id, on_delete: restrict, on_update: cascade}",
        replacement: "            references: {table: addon_catalog, column: addon_key, on_delete: restrict, on_update: cascade}",
        message: "foreign key refers to unknown column `addon_key`",
    },
    Plant {
        line: "            references: {table: feature_flags, on_delete: cascade}",
        replacement: "            references: {table: feature_flags, column: flag_key, on_delete: cascade}",
        message: "foreign key column `flag_id` is `uuid` but references `feature_flags.flag_key`, which is `text`",
    },
    Plant {
        line: "            columns: [organization_id, status]",
        replacement: "            columns: [organization_id, state]",
        message: "index key refers to unknown column `state`",
    },
    Plant {
        line: "          idx_org_feature_flags_flag:",
        replacement: "          idx_users_created_at:",
        message: "index name `idx_users_created_at` is already used in this schema",
    },
    Plant {
        line: "        renamed_from: addons",
        replacement: "        renamed_from: credits",
        message: "table `addon_catalog` is renamed from `credits`, which is declared as well",
    },
    Plant {
        line: "          - columns: [project_id, addon_id]",
        replacement: "          - columns: [project_id, addon]",
        message: "unique constraint refers to unknown column `addon`",
    },
    Plant {
        line: "            check: rollout_percentage >= 0 AND rollout_percentage <= 100",
        replacement: "            check: rollout >= 0 AND rollout <= 100",
        message: "check refers to unknown column `rollout`",
    },
    Plant {
        line: "          last_activity_at: {type: timestamptz, default: now()}",
        replacement: "          the_moment_this_session_last_showed_any_sign_of_activity_at_all_today: {type: timestamptz, default: now()}",
        message: "column name `the_moment_this_session_last_showed_any_sign_of_activity_at_all_today` is 69 bytes long",
    },
    Plant {
        line: "            where: accepted_at IS NULL",
        replacement: "            where: accepted IS NULL",
        message: "index predicate refers to unknown column `accepted`",
    },
];

#[test]
fn mistakes_planted_in_schema_yaml_are_reported_at_their_line() {
    let original = std::fs::read_to_string(root().join("schema.yaml")).unwrap();
    let dir = TempDir::new("plants");
    for plant in PLANTS {
        let matches: Vec<usize> =
            original.lines().enumerate().filter(|(_, l)| *l == plant.line).map(|(i, _)| i + 1).collect();
        assert_eq!(matches.len(), 1, "the line to plant into must occur once in schema.yaml: {}", plant.line);
        let line = matches[0];
        let planted: String = original
            .lines()
            .map(|l| if l == plant.line { plant.replacement } else { l })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(dir.path().join("schema.yaml"), planted).unwrap();
        let out = ogel(dir.path(), &["validate"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", plant.replacement);
        assert_eq!(err.matches("  × ").count(), 1, "exactly one problem for {}: {err}", plant.replacement);
        assert!(err.contains(plant.message), "{err}");
        assert!(
            err.contains(&format!("[schema.yaml:{line}:")),
            "expected line {line} for {}: {err}",
            plant.replacement
        );
    }
}

#[test]
fn usage_errors_exit_1_not_2() {
    let out = ogel(&root(), &["validate", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(1));
    let out = ogel(&root(), &["no-such-command"]);
    assert_eq!(out.status.code(), Some(1));
    let out = ogel(&root(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_missing_schema_file_is_named() {
    let dir = TempDir::new("missing");
    let out = ogel(dir.path(), &["validate", "--schema", "nope.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nope.yaml: cannot read the file"), "{}", stderr(&out));
}
