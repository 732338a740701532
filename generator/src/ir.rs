//! The intermediate representation between `normalize` and `emit`.
//!
//! It is the contract of the pipeline: the normalizer builds it from
//! `openapiv3` types and decides every Rust name here, once; the emitters read
//! only these types and never look back at the spec. Docs are already
//! sanitized Markdown, ready for rustdoc.

use serde::{Deserialize, Serialize};

/// Everything needed to emit one client crate.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Api {
    /// The Cargo package name, e.g. `tiledb-array-api`.
    pub package_name: String,
    /// The crate name as written in Rust code, e.g. `tiledb_array_api`.
    pub crate_ident: String,
    /// The package version.
    pub package_version: String,
    /// The API's title from `info.title`.
    pub title: String,
    /// The API's version from `info.version`.
    pub api_version: String,
    /// Crate-level docs from `info.description`.
    pub docs: String,
    /// How the spec file is named in the "generated from" header.
    pub spec_label: String,
    /// The first server URL, offered as `DEFAULT_BASE_URL`.
    pub default_base_url: Option<String>,
    /// Credentials the client builder accepts.
    pub auth: Auth,
    /// One entry per operation, in spec order.
    pub operations: Vec<Operation>,
    /// Named types, sorted by name.
    pub models: Vec<Model>,
    /// The type error responses are decoded into, when the spec declares one
    /// schema for all of them; otherwise `Json`.
    pub error_body: TypeRef,
    /// `#![recursion_limit]` for the crate, when its types nest deeper than
    /// rustc's default allows.
    pub recursion_limit: Option<usize>,
}

/// Credentials the client builder accepts, from `components.securitySchemes`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Auth {
    /// API keys, one setter each.
    pub api_keys: Vec<ApiKey>,
    /// HTTP Basic authentication is offered (`basic_auth(user, password)`).
    pub basic: bool,
    /// A bearer token is offered (`bearer_token(token)`), for HTTP bearer,
    /// OAuth2 and OpenID Connect schemes.
    pub bearer: bool,
}

/// One API key security scheme.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApiKey {
    /// The builder method that sets it, e.g. `api_key`.
    pub setter: String,
    /// Where the key is sent.
    pub location: KeyLocation,
    /// The header, query parameter or cookie name.
    pub name: String,
    /// Docs for the setter.
    pub docs: String,
}

/// Where an API key travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

/// One HTTP operation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Operation {
    /// The `operationId` (or one derived from method and path).
    pub id: String,
    /// The `Client` method, e.g. `array_activity_log`.
    pub method_name: String,
    /// The request builder type, e.g. `ArrayActivityLogRequest`.
    pub builder_name: String,
    /// The static holding the operation's metadata, e.g. `ARRAY_ACTIVITY_LOG`.
    pub static_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template relative to the base URL, with `{wire_name}`
    /// placeholders: `/arrays/{namespace}/{array}/activity`.
    pub path: String,
    /// Docs from summary and description.
    pub docs: String,
    /// The operation is marked deprecated.
    pub deprecated: bool,
    /// The spec's tags, named in the docs. Every operation is a method of
    /// the one `Client` whatever its tags: an operation can carry several,
    /// and a method's place should not change when tags are rearranged.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Path parameters in path order, then query, header, cookie and form
    /// parameters in spec order. Required ones become positional arguments in this order.
    pub params: Vec<Param>,
    /// The request body, when there is one.
    pub body: Option<Body>,
    /// What a 2xx response carries.
    pub success: Success,
    /// Non-2xx responses the spec documents, for docs.
    pub errors: Vec<ErrorResponse>,
    /// Whether credentials are sent (false when `security: []`).
    pub authenticated: bool,
    /// How form fields (parameters at [`ParamLocation::Form`]) are sent, when
    /// the body is a form.
    #[serde(default)]
    pub form: Option<FormEncoding>,
    /// The spec declares a `Content-Type` header parameter: the server
    /// reads the representation from it, so a request without a body still
    /// says which media type it wants there (as TileDB's own clients do).
    pub content_type_negotiation: bool,
}

/// HTTP methods OpenAPI path items can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One path, query or header parameter.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument and setter name.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Required parameters are positional; optional ones get a setter.
    pub required: bool,
    /// The value's type (for lists, the whole list).
    pub ty: TypeRef,
    /// How a list value is laid out; `Single` for scalars.
    pub layout: ListLayout,
    /// Docs, including the server-side default when the spec gives one.
    pub docs: String,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamLocation {
    /// One path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of a form body.
    Form,
}

/// The media types a form body can go as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormEncoding {
    /// `application/x-www-form-urlencoded`
    UrlEncoded,
    /// `multipart/form-data`; fields of type [`TypeRef::Bytes`] are file parts.
    Multipart,
}

/// How a list-valued parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListLayout {
    /// Not a list.
    Single,
    /// `name=a&name=b` (form style, explode).
    Repeated,
    /// `name=a,b` (or space- or pipe-separated), one value.
    Joined(char),
    /// `name[key]=value` for each member of an object, nested as deep as
    /// the value goes, and `name[]=item` for lists (`style: deepObject`).
    DeepObject,
}

/// A request body.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Body {
    /// The Rust argument name.
    pub rust_name: String,
    /// The body's type.
    pub ty: TypeRef,
    /// Required bodies are positional; optional ones get a setter.
    pub required: bool,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the value is written (JSON in descriptions written before this
    /// field existed).
    #[serde(default)]
    pub encoding: BodyEncoding,
    /// Docs.
    pub docs: String,
}

/// How a (non-form) request body is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyEncoding {
    /// Serialized as JSON.
    #[default]
    Json,
    /// A `String`, sent as it is (`text/*`).
    Text,
    /// Bytes, sent as they are (`application/octet-stream` and other media
    /// types).
    Binary,
}

/// What a successful response carries.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Success {
    /// The decoded body.
    pub body: SuccessBody,
    /// The `Accept` header to send.
    pub accept: String,
    /// Docs from the response description.
    pub docs: String,
    /// Other media types the response can come in, each with a builder
    /// method that asks for it and returns the raw body.
    pub alternatives: Vec<Alternative>,
}

/// Another representation of a successful response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Alternative {
    /// The media type, sent as `Accept`.
    pub media_type: String,
    /// The request builder method that asks for it, e.g. `accept_capnp`.
    pub method_name: String,
}

/// The shape of a successful response body.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum SuccessBody {
    /// No body (204 and friends): the operation returns `()` whatever arrives.
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A JSON body on some 2xx statuses and none on others: `Option<T>`.
    JsonOrEmpty(TypeRef),
    /// A non-JSON body, returned as bytes.
    Raw,
    /// A `text/*` body, returned as a `String`.
    Text,
    /// Different bodies on different 2xx statuses: an enum with one variant
    /// per status.
    Outcomes(Outcomes),
}

/// The enum of an operation whose 2xx statuses carry different bodies.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcomes {
    /// The enum's name in the `requests` module, e.g. `CreateJobOutcome`.
    pub type_name: String,
    /// One variant per documented 2xx status, in spec order.
    pub variants: Vec<Outcome>,
}

/// One documented 2xx status and what it carries.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Outcome {
    /// The status; `None` for a `2XX` range, which takes every status not
    /// listed.
    pub status: Option<u16>,
    /// The variant name, from the status's reason phrase (`Created`).
    pub variant: String,
    /// What the body decodes to.
    pub body: OutcomeBody,
    /// The response description.
    pub docs: String,
}

/// The body of one [`Outcome`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum OutcomeBody {
    /// Nothing: a unit variant.
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A `text/*` body, as a `String`.
    Text(String),
    /// Another media type, as bytes.
    Raw(String),
}

/// A documented non-2xx response.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// Its description.
    pub docs: String,
}

/// A named type in the `models` module.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Properties beyond the declared ones (`additionalProperties`), kept in
    /// a flattened map field.
    pub additional: Option<AdditionalField>,
    /// All fields have a `Default`, so the struct derives it.
    pub derive_default: bool,
}

/// A struct field.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
    /// Docs.
    pub docs: String,
}

/// A field's default value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AdditionalField {
    /// The Rust field name.
    pub rust_name: String,
    /// The type of each value.
    pub value: TypeRef,
}

/// An enum model.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire (a `String` for every string enum, an `Int`
    /// for every integer enum).
    pub value: Literal,
}

/// A `oneOf`/`anyOf` model.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Union {
    /// Alternatives in spec order.
    pub variants: Vec<UnionVariant>,
    /// The property whose value says which variant a value is; `None` for
    /// an untagged union.
    pub discriminator: Option<Discriminator>,
}

/// How a tagged union tells its variants apart.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Discriminator {
    /// The JSON property holding the tag, e.g. `petType`.
    pub property: String,
    /// The variant that keeps a value with a tag this client does not
    /// know, as JSON.
    pub fallback: String,
}

/// One alternative of a union.
#[derive(Clone, Debug, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
        match self {
            TypeRef::Model(_) => true,
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => inner.mentions_model(),
            _ => false,
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

impl Api {
    /// Whether any operation takes or returns a model, so the modules that
    /// hold operations need `use crate::models`.
    pub fn operations_mention_models(&self) -> bool {
        self.operations.iter().flat_map(Operation::signature_types).any(TypeRef::mentions_model)
    }

    /// Whether `wanted` holds for a type anywhere in the crate: in a model or
    /// an operation's signature. Decides which optional dependencies and
    /// helpers the crate needs.
    pub fn uses_type(&self, wanted: impl Fn(&TypeRef) -> bool) -> bool {
        let in_models = self.models.iter().flat_map(|model| model.kind.held_types());
        let in_operations = self.operations.iter().flat_map(Operation::signature_types);
        in_models.chain(in_operations).chain([&self.error_body]).any(|ty| ty.contains(&wanted))
    }

    /// Whether a model or field is deprecated, so the crate's own code that
    /// names them must allow it.
    pub fn has_deprecated_models(&self) -> bool {
        self.models.iter().any(|model| {
            model.deprecated
                || matches!(&model.kind, ModelKind::Struct(fields) if fields.fields.iter().any(|field| field.deprecated))
        })
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

impl Operation {
    /// Types the caller passes or gets back: parameters, body and result.
    pub fn signature_types(&self) -> impl Iterator<Item = &TypeRef> {
        let success: Vec<&TypeRef> = match &self.success.body {
            SuccessBody::Json(ty) | SuccessBody::JsonOrEmpty(ty) => vec![ty],
            SuccessBody::Outcomes(outcomes) => outcomes
                .variants
                .iter()
                .filter_map(|outcome| match &outcome.body {
                    OutcomeBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            SuccessBody::Empty | SuccessBody::Raw | SuccessBody::Text => Vec::new(),
        };
        self.params.iter().map(|param| &param.ty).chain(self.body.iter().map(|body| &body.ty)).chain(success)
    }
}

/// Integer widths.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FloatType {
    /// `f32`
    F32,
    /// `f64`
    F64,
}
