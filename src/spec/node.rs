//! Building blocks of the file format: values that remember where they were written, ordered
//! maps keyed by name, and the "short or long form" values (`name: text` or `name: {type: text}`).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Where something was written: a byte range of one source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub offset: usize,
    pub len: usize,
}

/// A value and the place in the YAML it came from.
#[derive(Clone, Debug, Default)]
pub struct Node<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Node<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Node { value, loc }
    }
}

impl<T> std::ops::Deref for Node<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Node<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let span = spanned.referenced.span();
        let offset = span.byte_offset().unwrap_or(span.offset()) as usize;
        let len = span.byte_len().unwrap_or(span.len()) as usize;
        Ok(Node { value: spanned.value, loc: Loc { offset, len: len.max(1) } })
    }
}

impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// A YAML mapping of name → value that keeps the order it was written in and where each name
/// stands. Duplicate names are refused by the YAML reader itself, at the second one.
#[derive(Clone, Debug)]
pub struct NamedMap<V>(pub Vec<(Node<String>, V)>);

impl<V> Default for NamedMap<V> {
    fn default() -> Self {
        NamedMap(Vec::new())
    }
}

impl<V> NamedMap<V> {
    pub fn iter(&self) -> impl Iterator<Item = (&Node<String>, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, name: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k.value == name).map(|(_, v)| v)
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for NamedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = NamedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Node<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(NamedMap(entries))
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

impl<V: JsonSchema> JsonSchema for NamedMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "propertyNames": {"minLength": 1},
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// SQL text written as a YAML scalar. `default: 0`, `default: true` and `default: now()` are all
/// SQL; numbers and booleans are taken as their SQL spelling.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SqlText(pub String);

impl<'de> Deserialize<'de> for SqlText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl Visitor<'_> for ScalarVisitor {
            type Value = SqlText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an SQL expression (a string, number or boolean)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SqlText, E> {
                Ok(SqlText(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<SqlText, E> {
                Ok(SqlText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SqlText, E> {
                Ok(SqlText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SqlText, E> {
                Ok(SqlText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<SqlText, E> {
                if v.is_finite() {
                    Ok(SqlText(v.to_string()))
                } else {
                    Err(E::custom("an infinite or NaN number is not an SQL expression; quote it, e.g. \"'Infinity'\""))
                }
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

impl JsonSchema for SqlText {
    fn schema_name() -> Cow<'static, str> {
        "SqlText".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An SQL expression.",
            "type": ["string", "number", "boolean"],
        })
    }
}

/// The value of a storage parameter or column option, written as a YAML scalar: `70`, `-0.5`,
/// `off`. Numbers and booleans are taken as their spelling; validation keeps it to a number or
/// a word (it reaches SQL only as a quoted literal).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting(pub String);

impl<'de> Deserialize<'de> for Setting {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        SqlText::deserialize(d).map(|text| Setting(text.0))
    }
}

impl JsonSchema for Setting {
    fn schema_name() -> Cow<'static, str> {
        "Setting".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A parameter's value: a number or a word.",
            "type": ["string", "number", "boolean"],
        })
    }
}

/// Types that have a short form in YAML besides their full mapping: a string
/// (`name: text`, `check: price > 0`) or a list (`primary_key: [a, b]`).
pub trait Shorthand: Sized {
    /// What the short form is, for messages: "a column type".
    const SHORT: &'static str;
    fn from_str(_: String) -> Option<Self> {
        None
    }
    fn from_seq(_: Vec<Node<String>>) -> Option<Self> {
        None
    }
}

/// Deserializes `T` from its mapping, or from its short form.
pub fn short_or_long<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Shorthand + DeserializeLong<'de>,
{
    struct ShortVisitor<T>(PhantomData<T>);
    impl<'de, T: Shorthand + DeserializeLong<'de>> Visitor<'de> for ShortVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "{} or a mapping", T::SHORT)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            T::from_str(v.to_owned()).ok_or_else(|| E::invalid_type(de::Unexpected::Str(v), &self))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Node<String>>()? {
                items.push(item);
            }
            T::from_seq(items).ok_or_else(|| de::Error::invalid_type(de::Unexpected::Seq, &self))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize_long(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(ShortVisitor(PhantomData))
}

/// The long (mapping) form of a [`Shorthand`] type, usually a derived struct.
pub trait DeserializeLong<'de>: Sized {
    fn deserialize_long<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

/// Implements `Deserialize` and `JsonSchema` for a shorthand type `$outer` whose long form is the
/// derived struct `$long` (wrapped as `$outer(long)`), and whose short forms are given by JSON
/// Schema fragment `$short`.
macro_rules! shorthand {
    ($outer:ident, $long:ty, $short:tt) => {
        impl<'de> $crate::spec::node::DeserializeLong<'de> for $outer {
            fn deserialize_long<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                <$long as serde::Deserialize>::deserialize(d).map($outer)
            }
        }
        impl<'de> serde::Deserialize<'de> for $outer {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::spec::node::short_or_long(d)
            }
        }
        impl schemars::JsonSchema for $outer {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($outer).into()
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "anyOf": [$short, generator.subschema_for::<$long>()]
                })
            }
        }
    };
}
pub(crate) use shorthand;
