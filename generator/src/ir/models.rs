//! Named types and the types fields, parameters and bodies have.

/// A named type in the `models` module.
#[derive(Clone, Debug)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// Docs.
    pub docs: String,
    /// What kind of type it is.
    pub kind: ModelKind,
    /// The schema is marked deprecated (`#[deprecated]`).
    pub deprecated: bool,
}

/// The kinds of named types.
#[derive(Clone, Debug)]
pub enum ModelKind {
    /// A struct with named fields.
    Struct(Struct),
    /// An enum of known values with a fallback variant for values added
    /// later.
    Enum(Enum),
    /// `oneOf`/`anyOf`: chosen by a discriminator property, or else the
    /// first variant that decodes wins.
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
    /// `pub struct Name(pub ...);`, for a schema that contains itself only
    /// through lists and maps (`Tree = Vec<Tree>`), which an alias cannot.
    Newtype(Newtype),
}

/// A tuple struct around one type.
#[derive(Clone, Debug)]
pub struct Newtype {
    /// The wrapped type.
    pub ty: TypeRef,
    /// The type contains the newtype itself without a list or map between
    /// them, so it is boxed.
    pub boxed: bool,
    /// The wrapped type has a `Default`, so the newtype derives it.
    pub derive_default: bool,
}

/// A struct model.
#[derive(Clone, Debug)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones (`additionalProperties`), kept in
    /// a flattened map field.
    pub additional: Option<AdditionalField>,
    /// All fields have a `Default`, so the struct derives it.
    pub derive_default: bool,
    /// The Rust names of the fields `new` takes, in argument order: those
    /// the schema's `x-constructor-fields` lists, then every other field
    /// that is not an `Option`.
    pub constructor: Vec<String>,
}

/// A struct field.
#[derive(Clone, Debug)]
pub struct Field {
    /// The JSON property name.
    pub wire_name: String,
    /// The Rust field name (raw identifier syntax for keywords: `r#type`).
    pub rust_name: String,
    /// The value's type, without the `Option` wrapper.
    pub ty: TypeRef,
    /// The field is `Option<T>` (not required, or nullable).
    pub optional: bool,
    /// `None` is left out of the JSON (not required). A required nullable
    /// field is sent as `null`.
    pub skip_if_none: bool,
    /// The server may leave the field out although the spec says required
    /// (go-swagger's `x-omitempty: true`), so a missing value decodes as
    /// empty.
    pub default_if_missing: bool,
    /// The type contains the struct itself, so it is boxed.
    pub boxed: bool,
    /// The value a missing property decodes as (the schema's `default`),
    /// when it can be written as a Rust constant; the field stays an
    /// `Option` and `None` is still left out of requests.
    pub default: Option<DefaultValue>,
    /// The property is marked deprecated (`#[deprecated]`).
    pub deprecated: bool,
    /// The one value the field holds because it is the tag of the tagged
    /// unions the struct is a variant of: `new` sets it, and it has no
    /// setter, so a caller never repeats what the variant says.
    pub tag: Option<DefaultValue>,
    /// The chainable method that sets the field to `Some(value)`; `None`
    /// for a field `new` takes or a tag. Usually the field's name; another when that
    /// name is a method the struct already has (`new`, `clone`).
    pub setter: Option<String>,
    /// Docs.
    pub docs: String,
}

impl Field {
    /// The function serde calls for a missing property with a default.
    pub fn default_fn(&self) -> String {
        format!("default_{}", self.rust_name.trim_start_matches("r#"))
    }
}

/// A field's default value.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    /// A value of the field's primitive type (already converted to it: an
    /// `f64` field's default is a `Float`).
    Literal(Literal),
    /// A known variant of the enum model the field holds.
    Variant {
        /// The enum model.
        model: String,
        /// The variant's Rust name.
        variant: String,
    },
}

/// A JSON scalar from the spec: an enum value or a default.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `true` or `false`.
    Bool(bool),
    /// An integer (wide enough for every `int64` and `uint64`).
    Int(i128),
    /// A number with a fraction or exponent.
    Float(f64),
    /// A string.
    String(String),
}

/// The map that keeps undeclared properties.
#[derive(Clone, Debug)]
pub struct AdditionalField {
    /// The Rust field name.
    pub rust_name: String,
    /// The type of each value.
    pub value: TypeRef,
}

/// An enum model.
#[derive(Clone, Debug)]
pub struct Enum {
    /// What the values are, and so what the fallback variant holds.
    pub repr: EnumRepr,
    /// Known values in spec order.
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps unknown values.
    pub fallback: String,
    /// The variant `Default` gives: the schema's `default`, or the only
    /// value of a single-value enum.
    pub default: Option<String>,
}

/// The JSON type of an enum's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumRepr {
    /// Strings; unknown ones are kept as a `String`.
    String,
    /// Integers of this width; unknown ones are kept as that integer.
    Integer(IntType),
    /// Values of several JSON types; unknown ones are kept as a
    /// `serde_json::Value`.
    Json,
}

/// One known enum value.
#[derive(Clone, Debug)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire (a `String` for every string enum, an `Int`
    /// for every integer enum).
    pub value: Literal,
}

/// A `oneOf`/`anyOf` model.
#[derive(Clone, Debug)]
pub struct Union {
    /// Alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value says which variant a value is; `None` for
    /// an untagged union.
    pub discriminator: Option<Discriminator>,
}

/// How a tagged union tells its variants apart.
#[derive(Clone, Debug)]
pub struct Discriminator {
    /// The JSON property holding the tag, e.g. `petType`.
    pub property: String,
    /// The variant that keeps a value with a tag this client does not
    /// know, as JSON.
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// The alternative's type.
    pub ty: TypeRef,
    /// The type contains the union itself, so it is boxed.
    pub boxed: bool,
    /// The discriminator values that select this variant, the one it is
    /// written with first; empty in an untagged union.
    pub tags: Vec<String>,
}

/// A Rust type, as used by fields, parameters, bodies and responses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `bool`
    Bool,
    /// A sized integer.
    Int(IntType),
    /// `f32` or `f64`.
    Float(FloatType),
    /// `String`
    String,
    /// `chrono::DateTime<chrono::Utc>` (`format: date-time`).
    DateTime,
    /// `chrono::NaiveDate` (`format: date`).
    Date,
    /// `uuid::Uuid` (`format: uuid`).
    Uuid,
    /// Bytes sent as a base64 string (`format: byte`).
    Base64,
    /// Any JSON value (`serde_json::Value`).
    Json,
    /// A JSON object with arbitrary members (`serde_json::Map`).
    JsonObject,
    /// Raw bytes, for non-JSON media types.
    Bytes,
    /// A file part of a multipart form: bytes with the file name and media
    /// type the caller sets (`crate::FilePart`, which bytes convert into).
    File,
    /// A named model in `models`.
    Model(String),
    /// `Vec<T>`
    List(Box<TypeRef>),
    /// `BTreeMap<String, T>`
    Map(Box<TypeRef>),
    /// `Option<T>`, for list items and map values that may be `null`.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// Whether the type names a model, directly or inside a list, map or
    /// option.
    pub fn mentions_model(&self) -> bool {
        self.model().is_some()
    }

    /// The model the type names, directly or inside a list, map or option:
    /// `ArrayInfo` for `Vec<ArrayInfo>`.
    pub fn model(&self) -> Option<&str> {
        match self {
            TypeRef::Model(name) => Some(name),
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.model(),
            _ => None,
        }
    }
}

impl Literal {
    /// The value as JSON text, without quotes for a string.
    pub fn text(&self) -> String {
        match self {
            Literal::Bool(flag) => flag.to_string(),
            Literal::Int(int) => int.to_string(),
            Literal::Float(float) => float.to_string(),
            Literal::String(text) => text.clone(),
        }
    }
}

impl TypeRef {
    /// Whether `wanted` holds for the type or any type inside it.
    pub fn contains(&self, wanted: &impl Fn(&TypeRef) -> bool) -> bool {
        wanted(self)
            || match self {
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.contains(wanted),
                _ => false,
            }
    }
}

impl ModelKind {
    /// The types a model holds: fields, map values, variants, targets.
    pub fn held_types(&self) -> Vec<&TypeRef> {
        match self {
            ModelKind::Struct(fields) => fields
                .fields
                .iter()
                .map(|field| &field.ty)
                .chain(fields.additional.iter().map(|extra| &extra.value))
                .collect(),
            ModelKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
            ModelKind::Alias(target) => vec![target],
            ModelKind::Newtype(newtype) => vec![&newtype.ty],
            ModelKind::Enum(_) => Vec::new(),
        }
    }
}

/// Integer widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntType {
    /// `i8`
    I8,
    /// `i16`
    I16,
    /// `i32`
    I32,
    /// `i64`
    I64,
    /// `u8`
    U8,
    /// `u16`
    U16,
    /// `u32`
    U32,
    /// `u64`
    U64,
}

/// Float widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FloatType {
    /// `f32`
    F32,
    /// `f64`
    F64,
}
