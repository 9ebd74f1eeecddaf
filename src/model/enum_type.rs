//! An enum type: a name and its ordered labels.
//!
//! PostgreSQL can add a label at any place and rename one in place, but cannot remove a label or
//! change the order of those it has: see [`crate::diff::enum_type`] for what a plan does about it.

use serde::{Deserialize, Serialize};

use super::QualifiedName;
use crate::spec::diagnostic::Origin;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QualifiedName,
    /// The labels in their sort order.
    pub values: Vec<String>,
    pub comment: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Declared renames of labels: (former label, label).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed_values: Vec<(String, String)>,
    #[serde(skip)]
    pub origin: Option<Origin>,
}
