//! What `ogel validate` catches without a database beyond the declaration's shape: SQL that is
//! certainly incomplete (an error) or that ogel's parser does not read (a warning, exit 0), a
//! misspelled key, the comma of `{type: numeric(10,2)}`, and `default: gold`.

use crate::common::{TempDir, ogel, stderr, stdout};

/// A table `app.orders` with the given column lines (indented as columns) and table lines.
fn orders(columns: &str, rest: &str) -> String {
    format!(
        "schemas:\n  app:\n    tables:\n      orders:\n        columns:\n          id: {{type: bigint, primary_key: true}}\n          total: numeric\n          tier: text\n{columns}{rest}"
    )
}

/// Runs `ogel validate` on `schema` (and `seed`, as seeds/orders.yaml): exit code, stdout, stderr.
fn validate(schema: &str, seed: Option<&str>) -> (Option<i32>, String, String) {
    let dir = TempDir::new(&format!("hints-{:x}", fxhash(schema)));
    std::fs::write(dir.path().join("schema.yaml"), schema).unwrap();
    if let Some(seed) = seed {
        std::fs::create_dir(dir.path().join("seeds")).unwrap();
        std::fs::write(dir.path().join("seeds/orders.yaml"), seed).unwrap();
    }
    let out = ogel(dir.path(), &["validate"]);
    (out.status.code(), stdout(&out), stderr(&out))
}

fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100000001b3))
}

/// The 1-based line and column of the first occurrence of `needle` in `text`.
fn position(text: &str, needle: &str) -> String {
    let offset = text.find(needle).unwrap_or_else(|| panic!("{needle} in {text}"));
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("schema.yaml:{line}:{column}")
}

#[test]
fn a_check_that_ends_with_an_operator_fails_at_its_place() {
    let schema = orders("", "        checks:\n          - \"total >\"\n");
    let (code, out, err) = validate(&schema, None);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(out, "");
    assert!(
        err.contains(
            "a check is not a complete SQL expression: it has `>` at the end, which needs an operand after it"
        ),
        "{err}"
    );
    assert!(err.contains(&format!("[{}]", position(&schema, "\"total >\""))), "{err}");
    assert!(err.contains("complete the expression after `>`"), "{err}");
}

/// Every field that holds an expression is parsed, each reported at its own line.
#[test]
fn incomplete_sql_in_every_expression_field_is_an_error() {
    let fields = [
        ("          a: {type: integer, default: \"1 +\"}\n", "", "the default of column `a`", "`+` at the end"),
        (
            "          b: {type: boolean, generated: \"tier IS\"}\n",
            "",
            "the generated expression of column `b`",
            "`IS` at the end",
        ),
        ("          c: {type: integer, check: \"c > 0 AND\"}\n", "", "a check", "`AND` at the end"),
        ("          d: {type: bigint, using: \"d::\"}\n", "", "the `using` of column `d`", "a `::` at the end"),
        (
            "",
            "        indexes:\n          orders_x:\n            columns: [{expression: \"coalesce(tier, 'x',)\"}]\n",
            "the expression of an index key",
            "an empty item in a list (`,)`)",
        ),
        (
            "",
            "        indexes:\n          orders_y:\n            columns: [id]\n            where: \"total > 0 OR\"\n",
            "the `where` of an index",
            "`OR` at the end",
        ),
        (
            "",
            "        exclusions:\n          - elements: [{expression: \"CASE WHEN total > 0 THEN 1 ELSE 2\", with: '='}]\n            using: btree\n",
            "the expression of an exclusion element",
            "a `CASE` without its `END`",
        ),
        (
            "",
            "        exclusions:\n          - elements: [{column: id, with: '='}]\n            using: btree\n            where: \"tier LIKE\"\n",
            "the `where` of an exclusion constraint",
            "`LIKE` at the end",
        ),
        (
            "",
            "transitions:\n  backfill:\n    when: \"EXISTS (SELECT 1 FROM app.orders WHERE tier =)\"\n    sql: SELECT 1\n",
            "the `when` of transition `backfill`",
            "`=` before `)`",
        ),
    ];
    for (column, rest, what, found) in fields {
        let schema = orders(column, rest);
        let (code, _, err) = validate(&schema, None);
        assert_eq!(code, Some(1), "{what}: {err}");
        assert!(err.contains(&format!("{what} is not a complete SQL expression: it has {found}")), "{what}: {err}");
        assert_eq!(err.matches("  × ").count(), 1, "{what}: one problem: {err}");
        // At the expression: the quoted text of the field.
        let written = format!("{column}{rest}");
        let expression = written.split('"').nth(1).unwrap();
        assert!(err.contains(&format!("[{}]", position(&schema, &format!("\"{expression}\"")))), "{what}: {err}");
    }
}

#[test]
fn an_incomplete_seed_sql_value_is_an_error_in_the_seed_file() {
    let schema = orders("", "");
    let (code, _, err) = validate(
        &schema,
        Some(
            "app.orders:\n  rows:\n    - {id: 1, total: !sql \"1 *\", tier: x}\n    - {id: 2, total: !sql \"2 /\", tier: y}\n",
        ),
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("the `!sql` value of column `total` is not a complete SQL expression: it has `/` at the end"),
        "{err}"
    );
    assert!(err.contains("[seeds/orders.yaml:4:"), "{err}");
    // `1 *` may be a star after all (`t.*`): not certainly wrong, so a warning.
    assert!(err.contains("⚠"), "{err}");
    assert!(err.contains("1 problem and 1 warning found."), "{err}");
}

/// What sqlparser does not read but PostgreSQL may: a warning at its place, exit 0.
#[test]
fn sql_that_only_the_server_can_judge_is_a_warning() {
    let schema = orders(
        "",
        "        checks:\n          - total BETWEEN SYMMETRIC 1 AND 100\n          - tier ISNULL OR tier <> ''\n",
    );
    let (code, out, err) = validate(&schema, None);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, "schema.yaml: valid (1 table, 1 schema, 0 extensions, 0 seed rows); 2 warnings\n");
    assert_eq!(err.matches("  ⚠ ").count(), 2, "{err}");
    assert!(!err.contains("  × "), "{err}");
    assert!(
        err.contains("a check may not be valid SQL: ogel's parser expected AND, found 1 (at character 25 of the"),
        "{err}"
    );
    assert!(err.contains(&format!("[{}]", position(&schema, "total BETWEEN"))), "{err}");
    assert!(err.contains("PostgreSQL's grammar is wider than ogel's parser"), "{err}");
}

#[test]
fn valid_expressions_give_no_warning() {
    let columns = "          a: {type: text, default: \"'gold'\"}\n          b: {type: text, default: current_user}\n          c: {type: timestamptz, default: CURRENT_TIMESTAMP}\n          d: {type: boolean, default: true}\n          e: {type: integer, default: 0, check: \"CASE WHEN e > 0 THEN true ELSE e IS NULL END\"}\n          f: {type: text, default: \"'x'::text\"}\n";
    let rest = "        indexes:\n          orders_lower:\n            columns: [{expression: \"lower(tier)\"}]\n            where: total > 0 AND tier IS NOT NULL\n";
    let (code, out, err) = validate(&orders(columns, rest), None);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(err, "");
    assert_eq!(out, "schema.yaml: valid (1 table, 1 schema, 0 extensions, 0 seed rows)\n");
}

#[test]
fn a_misspelled_key_gets_the_nearest_one() {
    let schema = orders("          code: {type: text, not_nul: true}\n", "");
    let (code, _, err) = validate(&schema, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("unknown field `not_nul`: did you mean `not_null`?"), "{err}");
    assert!(err.contains(&format!("[{}]", position(&schema, "not_nul:"))), "{err}");
    let (_, _, err) = validate(&orders("", "        chekcs: [total > 0]\n"), None);
    assert!(err.contains("unknown field `chekcs`: did you mean `checks`?"), "{err}");
    let (_, _, err) =
        validate(&orders("          code: {type: text, references: {table: x, on_delete: cascde}}\n", ""), None);
    assert!(err.contains("unknown value `cascde`: did you mean `cascade`?"), "{err}");
    // Nothing close: the allowed keys, without a guess.
    let (_, _, err) = validate(&orders("          code: {type: text, nullable: false}\n", ""), None);
    assert!(err.contains("unknown field `nullable`\n"), "{err}");
    assert!(err.contains("the keys allowed here are `type`, `not_null`"), "{err}");
}

#[test]
fn the_comma_of_a_type_in_a_flow_mapping_is_explained() {
    let schema = orders("          price: {type: numeric(10,2), not_null: true}\n", "");
    let (code, _, err) = validate(&schema, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("`2)` is read as a key: inside `{...}` the comma in `numeric(10,2)` ends the value of `type`"),
        "{err}"
    );
    assert!(err.contains("quote the value: `type: \"numeric(10,2)\"`"), "{err}");
    assert!(err.contains(&format!("[{}]", position(&schema, "2), not_null"))), "{err}");
    assert!(!err.contains("unknown field"), "{err}");

    let (_, _, err) = validate(&orders("          at: {type: geometry(Point, 4326)}\n", ""), None);
    assert!(err.contains("quote the value: `type: \"geometry(Point, 4326)\"`"), "{err}");
    // The short form in a flow mapping of columns.
    let schema = "schemas:\n  app:\n    tables:\n      orders:\n        columns: {id: bigint, price: numeric(10,2)}\n";
    let (code, _, err) = validate(schema, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("quote the value: `price: \"numeric(10,2)\"`"), "{err}");
    // Quoted, it is a type.
    let (code, _, err) = validate(&orders("          price: {type: \"numeric(10,2)\", not_null: true}\n", ""), None);
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn a_bare_word_default_is_explained() {
    let schema = orders("          level: {type: text, default: gold}\n", "");
    let (code, _, err) = validate(&schema, None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("`gold` is read as SQL, where it names a column"), "{err}");
    assert!(err.contains("for the text write `default: \"'gold'\"`"), "{err}");
    assert!(err.contains(&format!("[{}]", position(&schema, "gold}"))), "{err}");
    // YAML's quotes are YAML's: the SQL is still the bare word.
    let (code, _, err) = validate(&orders("          level: {type: varchar(10), default: 'gold'}\n", ""), None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("for the text write `default: \"'gold'\"`"), "{err}");
    let (code, _, err) = validate(&orders("          level: {type: app_level, default: gold}\n", ""), None);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("as a literal, write `default: \"'gold'\"`"), "{err}");
}

/// The declarations of tests/cases hold real SQL: none of it is an error or a warning (a case
/// that expects an error, `error.txt`, may expect it of validate).
#[test]
fn the_declarations_of_the_cases_validate_without_warnings() {
    let cases = crate::common::root().join("tests/cases");
    let mut checked = 0;
    for kind in std::fs::read_dir(&cases).unwrap().flatten() {
        for case in std::fs::read_dir(kind.path()).unwrap().flatten() {
            if !case.path().join("schema.yaml").exists() || case.path().join("error.txt").exists() {
                continue;
            }
            let out = ogel(&case.path(), &["validate"]);
            assert_eq!(out.status.code(), Some(0), "{}: {}", case.path().display(), stderr(&out));
            assert_eq!(stderr(&out), "", "{}", case.path().display());
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} cases");
}
