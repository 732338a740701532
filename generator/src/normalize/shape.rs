//! One view over `openapiv3`'s two ways of holding a schema (`Type` and the
//! catch-all `AnySchema`), so the type space handles each construct once.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use crate::ir::Literal;

/// A schema that is either a `$ref` or written inline.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// `$ref: ...`
    Ref(&'a str),
    /// An inline schema.
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for Node<'a> {
    fn from(item: &'a ReferenceOr<Schema>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for Node<'a> {
    fn from(item: &'a ReferenceOr<Box<Schema>>) -> Self {
        match item {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Inline(schema),
        }
    }
}

/// The extension naming the properties a struct's constructor takes, beyond
/// (instead of) the required ones: see [`super::constructor`].
pub const CONSTRUCTOR_FIELDS: &str = "x-constructor-fields";

/// The properties of an object schema.
#[derive(Clone, Copy, Debug)]
pub struct ObjectView<'a> {
    pub properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'a [String],
    pub additional: Option<&'a AdditionalProperties>,
    /// The schema's `x-constructor-fields`: the properties `new` takes.
    pub constructor: Option<&'a serde_json::Value>,
}

/// What a schema describes, whichever way the spec wrote it.
#[derive(Clone, Debug)]
pub enum Shape<'a> {
    /// A string, maybe with a format and a list of allowed values.
    String { format: Option<String>, values: Vec<String> },
    /// An integer with an optional format, maybe with a list of allowed
    /// values.
    Integer { format: Option<String>, values: Vec<i128> },
    /// A number with an optional format.
    Number { format: Option<String> },
    /// `true` or `false`.
    Boolean,
    /// An enum whose values are of several JSON types (`[1, "auto"]`).
    Mixed { values: Vec<Literal> },
    /// An object.
    Object(ObjectView<'a>),
    /// An array.
    Array { items: Option<&'a ReferenceOr<Box<Schema>>> },
    /// `allOf`, plus properties written beside it.
    AllOf { members: &'a [ReferenceOr<Schema>], beside: Option<ObjectView<'a>> },
    /// `oneOf` or `anyOf` (named by `keyword`).
    OneOf { members: &'a [ReferenceOr<Schema>], keyword: &'static str },
    /// `not`.
    Not,
    /// No constraints: any JSON value.
    Any,
}

/// Classifies `schema`.
pub fn shape(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => Shape::String {
            format: format_name(&string.format, string_format),
            values: string.enumeration.iter().flatten().cloned().collect(),
        },
        SchemaKind::Type(Type::Integer(integer)) => Shape::Integer {
            format: format_name(&integer.format, |format| format!("{format:?}").to_lowercase()),
            values: integer.enumeration.iter().flatten().map(|&value| i128::from(value)).collect(),
        },
        SchemaKind::Type(Type::Number(number)) => Shape::Number {
            format: format_name(&number.format, |format| format!("{format:?}").to_lowercase()),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Object(object)) => Shape::Object(ObjectView {
            properties: &object.properties,
            required: &object.required,
            additional: object.additional_properties.as_ref(),
            constructor: schema.schema_data.extensions.get(CONSTRUCTOR_FIELDS),
        }),
        SchemaKind::Type(Type::Array(array)) => Shape::Array { items: array.items.as_ref() },
        SchemaKind::AllOf { all_of } => Shape::AllOf { members: all_of, beside: None },
        SchemaKind::OneOf { one_of } => Shape::OneOf { members: one_of, keyword: "oneOf" },
        SchemaKind::AnyOf { any_of } => Shape::OneOf { members: any_of, keyword: "anyOf" },
        SchemaKind::Not { .. } => Shape::Not,
        SchemaKind::Any(any) => any_shape(any, schema.schema_data.extensions.get(CONSTRUCTOR_FIELDS)),
    }
}

/// `AnySchema` holds schemas without `type` and mixtures `openapiv3` does not
/// model; read them the way a validator would.
fn any_shape<'a>(any: &'a AnySchema, constructor: Option<&'a serde_json::Value>) -> Shape<'a> {
    let object = ObjectView {
        properties: &any.properties,
        required: &any.required,
        additional: any.additional_properties.as_ref(),
        constructor,
    };
    let has_object_keywords =
        !any.properties.is_empty() || !any.required.is_empty() || any.additional_properties.is_some();
    if any.not.is_some() {
        return Shape::Not;
    }
    if !any.all_of.is_empty() {
        return Shape::AllOf { members: &any.all_of, beside: has_object_keywords.then_some(object) };
    }
    if !any.one_of.is_empty() {
        return Shape::OneOf { members: &any.one_of, keyword: "oneOf" };
    }
    if !any.any_of.is_empty() {
        return Shape::OneOf { members: &any.any_of, keyword: "anyOf" };
    }
    let values: Vec<Literal> = any.enumeration.iter().filter_map(literal).collect();
    let integers: Vec<i128> = values
        .iter()
        .filter_map(|value| match value {
            Literal::Int(int) => Some(*int),
            _ => None,
        })
        .collect();
    // A string enum written with unquoted numbers (`enum: [1, 2]` in YAML)
    // still sends strings.
    let as_strings = || values.iter().map(Literal::text).collect();
    match any.typ.as_deref() {
        Some("string") => Shape::String { format: any.format.clone(), values: as_strings() },
        Some("integer") => Shape::Integer { format: any.format.clone(), values: integers },
        Some("number") => Shape::Number { format: any.format.clone() },
        Some("boolean") => Shape::Boolean,
        Some("array") => Shape::Array { items: any.items.as_ref() },
        Some("object") => Shape::Object(object),
        _ if has_object_keywords => Shape::Object(object),
        _ if any.items.is_some() => Shape::Array { items: any.items.as_ref() },
        _ if values.is_empty() => Shape::Any,
        _ if values.iter().all(|value| matches!(value, Literal::String(_))) => {
            Shape::String { format: any.format.clone(), values: as_strings() }
        }
        _ if integers.len() == values.len() => {
            Shape::Integer { format: any.format.clone(), values: integers }
        }
        _ => Shape::Mixed { values },
    }
}

/// A JSON scalar as a [`Literal`]; `None` for `null`, arrays and objects.
pub fn literal(value: &Value) -> Option<Literal> {
    Some(match value {
        Value::Bool(flag) => Literal::Bool(*flag),
        Value::Number(number) => match (number.as_i64(), number.as_u64(), number.as_f64()) {
            (Some(int), _, _) => Literal::Int(i128::from(int)),
            (_, Some(int), _) => Literal::Int(i128::from(int)),
            (_, _, Some(float)) => Literal::Float(float),
            _ => return None,
        },
        Value::String(text) => Literal::String(text.clone()),
        Value::Null | Value::Array(_) | Value::Object(_) => return None,
    })
}

fn format_name<T>(format: &VariantOrUnknownOrEmpty<T>, name: impl Fn(&T) -> String) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(known) => Some(name(known)),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format(format: &StringFormat) -> String {
    match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
    .to_owned()
}

/// `nullable: true`, go-swagger's `x-nullable: true`, or `null` among the
/// allowed values.
pub fn is_nullable(schema: &Schema) -> bool {
    let data = &schema.schema_data;
    let null_listed = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.contains(&None),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.contains(&None),
        SchemaKind::Type(Type::Number(number)) => number.enumeration.contains(&None),
        SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.contains(&None),
        SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
        _ => false,
    };
    data.nullable || extension_is_true(data, "x-nullable") || null_listed
}

/// Whether the extension `name` is set to `true`.
pub fn extension_is_true(data: &SchemaData, name: &str) -> bool {
    data.extensions.get(name).and_then(serde_json::Value::as_bool) == Some(true)
}
