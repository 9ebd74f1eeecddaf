//! The plan as JSON (documented in docs/json.md). Field order and content are stable: the
//! same plan always gives the same bytes.

use std::io::{self, Write};

use serde::Serialize;

use crate::diff::{Change, Op};
use crate::plan::{Hazard, Phase, Plan, Summary, describe};

#[derive(Serialize)]
struct PlanJson<'a> {
    format: &'static str,
    format_version: u32,
    ogel_version: &'static str,
    summary: Summary,
    steps: Vec<StepJson<'a>>,
    notes: &'a [String],
}

#[derive(Serialize)]
struct StepJson<'a> {
    number: usize,
    phase: Phase,
    action: Op,
    kind: &'static str,
    object: String,
    description: String,
    sql: Vec<String>,
    hazards: &'a [Hazard],
    change: &'a Change,
}

pub fn plan_json(plan: &Plan, w: &mut impl Write) -> io::Result<()> {
    let json = PlanJson {
        format: "ogel.plan",
        format_version: 1,
        ogel_version: env!("CARGO_PKG_VERSION"),
        summary: plan.summary(),
        steps: plan
            .steps
            .iter()
            .map(|s| StepJson {
                number: s.number,
                phase: s.phase,
                action: s.change.op(),
                kind: s.change.kind(),
                object: s.change.object(),
                description: describe(&s.change),
                sql: s.statements.iter().map(|st| st.shown()).collect(),
                hazards: &s.hazards,
                change: &s.change,
            })
            .collect(),
        notes: &plan.notes,
    };
    serde_json::to_writer_pretty(&mut *w, &json)?;
    writeln!(w)
}
