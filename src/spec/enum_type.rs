//! `enums:` of a schema: enum types, each its labels in order.

use schemars::JsonSchema;
use serde::Deserialize;

use super::diagnostic::{FileId, Origin};
use super::node::{Shorthand, shorthand};
use super::{Loc, Node};
use crate::model::{EnumType, QualifiedName};

/// An enum type: its labels in order, or its full description.
#[derive(Debug)]
pub struct EnumDecl(pub EnumSpec);

// By hand rather than with `shorthand!`: the short form is a list of labels that may carry
// their renames (`[owner, {name: admin, renamed_from: member}]`), not a list of strings.
impl<'de> Deserialize<'de> for EnumDecl {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct DeclVisitor;
        impl<'de> serde::de::Visitor<'de> for DeclVisitor {
            type Value = EnumDecl;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of labels or a mapping")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<EnumDecl, A::Error> {
                let mut values = Vec::new();
                while let Some(value) = seq.next_element::<Node<EnumValue>>()? {
                    values.push(value);
                }
                Ok(EnumDecl(EnumSpec { values, comment: None, renamed_from: None }))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<EnumDecl, A::Error> {
                EnumSpec::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(EnumDecl)
            }
        }
        d.deserialize_any(DeclVisitor)
    }
}

impl JsonSchema for EnumDecl {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EnumDecl".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "anyOf": [
                {"type": "array", "items": generator.subschema_for::<EnumValue>(), "description": "The labels, in order."},
                generator.subschema_for::<EnumSpec>()
            ]
        })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumSpec {
    /// The labels in their sort order. A label can be added anywhere and renamed
    /// (`{name: admin, renamed_from: administrator}`); PostgreSQL cannot remove one or change
    /// the order of those it has, so a plan that would is refused.
    pub values: Vec<Node<EnumValue>>,
    pub comment: Option<Node<String>>,
    /// Former name of the type, renamed when only that name exists.
    pub renamed_from: Option<Node<String>>,
}

/// A label, or a label with its former name.
#[derive(Debug)]
pub struct EnumValue(pub EnumValueSpec);
shorthand!(EnumValue, EnumValueSpec, {"type": "string", "description": "The label."});
impl Shorthand for EnumValue {
    const SHORT: &'static str = "a label";
    fn from_str(name: String) -> Option<Self> {
        Some(EnumValue::plain(name))
    }
}

impl EnumValue {
    fn plain(name: String) -> Self {
        EnumValue(EnumValueSpec { name: Node::new(name, Loc::default()), renamed_from: None })
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnumValueSpec {
    pub name: Node<String>,
    /// Former label, renamed in place when only that label exists.
    pub renamed_from: Option<Node<String>>,
}

impl EnumValue {
    /// The label, and where it was written (the list item's place for a plain label).
    pub fn label(node: &Node<EnumValue>) -> (&str, Loc) {
        let name = &node.value.0.name;
        (&name.value, if name.loc == Loc::default() { node.loc } else { name.loc })
    }
}

/// The raw model of a declared enum type.
pub fn lower(schema: &str, name: &Node<String>, decl: &Node<EnumDecl>, file: FileId) -> EnumType {
    let spec = &decl.value.0;
    EnumType {
        name: QualifiedName::new(schema, &name.value),
        values: spec.values.iter().map(|v| v.value.0.name.value.clone()).collect(),
        comment: spec.comment.as_ref().map(|c| c.value.clone()),
        renamed_from: spec.renamed_from.as_ref().map(|r| r.value.clone()),
        renamed_values: spec
            .values
            .iter()
            .filter_map(|v| Some((v.value.0.renamed_from.as_ref()?.value.clone(), v.value.0.name.value.clone())))
            .collect(),
        origin: Some(Origin { file, loc: name.loc }),
    }
}
