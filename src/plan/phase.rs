//! Phases: a plan runs as a sequence of them, each in a transaction of its own.
//!
//! Most of a plan is one transaction, all of it or none of it. What cannot share that
//! transaction goes to a phase before or after it: a label added to an existing enum cannot be
//! used until it is committed, so those steps run first, committed on their own. The online
//! steps of a later version (indexes built concurrently, constraints validated apart) add
//! phases after the main one in the same way. After a failure the phases already committed
//! stay; planning again plans only what is left.

use serde::Serialize;

use crate::diff::Change;
use crate::diff::enum_type::EnumChange;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// New labels of existing enum types.
    EnumLabels,
    /// Everything else, in one transaction.
    Main,
}

impl Phase {
    pub fn of(change: &Change) -> Phase {
        match change {
            Change::Enum(EnumChange::AddValue { .. }) => Phase::EnumLabels,
            _ => Phase::Main,
        }
    }

    /// Why the phase is one, for plans that have more than one.
    pub fn purpose(self) -> &'static str {
        match self {
            Phase::EnumLabels => "new enum labels, committed first: a label can be used only once committed",
            Phase::Main => "the rest, in one transaction",
        }
    }
}
