//! `enums:` of an inspected schema: each type as its list of labels, with its comment when it
//! has one.

use serde::Serialize;
use serde_saphyr::FlowSeq;

use super::{Text, text};
use crate::model::EnumType;

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum EnumOut {
    Labels(FlowSeq<Vec<String>>),
    Described { values: FlowSeq<Vec<String>>, comment: Text },
}

pub(super) fn enum_out(e: &EnumType) -> EnumOut {
    let values = FlowSeq(e.values.clone());
    match &e.comment {
        Some(comment) => EnumOut::Described { values, comment: text(comment) },
        None => EnumOut::Labels(values),
    }
}
