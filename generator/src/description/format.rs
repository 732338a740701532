//! The types of `api.json`, format version [`VERSION`](super::VERSION).
//!
//! The file describes the API as the generated crate exposes it: every
//! operation with its Rust method, parameters, body and result, every model
//! with its fields, variants or target, the credentials and the client-wide
//! settings. Types are written as the crate writes them inside `models`
//! (`Vec<ArrayInfo>`, `Option<i64>`), so the file does not depend on how the
//! generator represents types internally. Docs are the Markdown of the
//! crate's rustdoc. Every member is required; a change to the members is a
//! new format version, and a generator refuses a version it does not read.

use serde::{Deserialize, Serialize};

/// The whole file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Description {
    /// Always `rust-client-api-description`: what the file is.
    pub format: String,
    /// The format version, [`VERSION`](super::VERSION).
    pub version: u32,
    /// The Cargo package name.
    pub package_name: String,
    /// The crate's version.
    pub package_version: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub api_version: String,
    /// The crate docs from `info.description`.
    pub docs: String,
    /// `DEFAULT_BASE_URL`, when the spec names a server.
    pub default_base_url: Option<String>,
    /// The path the API is served under, when the server URL is only a path.
    pub base_path: Option<String>,
    /// `ErrorBody`: the type error responses decode to.
    pub error_body: String,
    /// The credential setters of `ClientBuilder`.
    pub credentials: Vec<Credential>,
    /// One per `Client` method, in spec order.
    pub operations: Vec<Operation>,
    /// The types of `models`, by name.
    pub models: Vec<Model>,
}

/// A credential setter of `ClientBuilder`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// The setter, e.g. `api_key` or `basic_auth`.
    pub setter: String,
    /// What it sends: ``an API key in header `X-Key` ``, `HTTP Basic credentials`, `a bearer token`.
    pub sends: String,
    /// The setter's docs from the spec.
    pub docs: String,
}

/// One operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The `operationId`.
    pub id: String,
    /// The `Client` method.
    pub method_name: String,
    /// The request type the method returns, e.g. `GetArrayRequest`.
    pub builder_name: String,
    /// The struct of its parameters, e.g. `GetArray`.
    pub struct_name: String,
    /// `GET`, `POST`...
    pub http_method: String,
    /// The path template.
    pub path: String,
    /// The method's docs.
    pub docs: String,
    pub deprecated: bool,
    pub tags: Vec<String>,
    /// Path, query, header, cookie and form parameters; required ones are the method's arguments
    /// in this order.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// Error responses the spec documents.
    pub errors: Vec<ErrorResponse>,
    /// Whether credentials are sent.
    pub authenticated: bool,
    /// How form fields are sent: `urlencoded` or `multipart`.
    pub form: Option<String>,
    /// Whether a request without a body names the media type it asks for in `Content-Type`.
    pub content_type_negotiation: bool,
}

/// A parameter: a method argument when required, a setter when not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument or setter.
    pub rust_name: String,
    /// `path`, `query`, `header`, `cookie` or `form`.
    pub location: String,
    pub required: bool,
    /// Its type.
    pub ty: String,
    /// How a list is written: `Single`, `Repeated`, `Joined(',')`, `DeepObject`.
    pub layout: String,
    pub docs: String,
}

/// A request body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The argument or setter.
    pub rust_name: String,
    pub ty: String,
    pub required: bool,
    /// The media type sent.
    pub content_type: String,
    /// `json`, `text` or `binary`.
    pub encoding: String,
    pub docs: String,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Success {
    /// The result type.
    pub ty: String,
    /// The `Accept` header sent.
    pub accept: String,
    pub docs: String,
    /// Methods that ask for another media type and return the bytes.
    pub alternatives: Vec<Alternative>,
    /// For a result that depends on the status: one variant per documented 2xx.
    pub outcomes: Vec<Outcome>,
}

/// Another media type a response can come in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alternative {
    pub media_type: String,
    /// The request's method that asks for it, e.g. `accept_capnp`.
    pub method_name: String,
}

/// A variant of a result that depends on the status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// The status; `None` for a `2XX` range.
    pub status: Option<u16>,
    pub variant: String,
    /// What it holds, if anything.
    pub ty: Option<String>,
    pub docs: String,
}

/// A documented error response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    pub docs: String,
}

/// A type of `models`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub name: String,
    pub docs: String,
    pub deprecated: bool,
    /// Whether callers build it: a request holds it, directly or inside another model.
    pub sent: bool,
    /// Whether callers read it: a response holds it (an error's included), directly or inside
    /// another model.
    pub received: bool,
    pub kind: ModelKind,
}

/// What kind of type a model is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = ty;`
    Alias(String),
    Newtype(Newtype),
}

/// A struct with named fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// The map field that keeps undeclared properties.
    pub additional: Option<AdditionalField>,
    /// Whether it implements `Default`.
    pub derive_default: bool,
    /// The fields `new` takes, in argument order.
    pub constructor: Vec<String>,
}

/// A field of a struct.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// The JSON property.
    pub wire_name: String,
    pub rust_name: String,
    /// Its type without `Option` and `Box`.
    pub ty: String,
    /// Whether it is an `Option`.
    pub optional: bool,
    /// Whether it is boxed.
    pub boxed: bool,
    /// Whether `None` is left out of requests (a required nullable field is sent as `null`).
    pub skip_if_none: bool,
    /// Whether a missing value decodes as empty although the spec says required.
    pub default_if_missing: bool,
    /// The value a missing property decodes as, as written in Rust.
    pub default: Option<String>,
    pub deprecated: bool,
    /// The method that sets it, when `new` does not take it.
    pub setter: Option<String>,
    pub docs: String,
}

/// The map that keeps undeclared properties.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdditionalField {
    pub rust_name: String,
    /// The type of each value.
    pub value: String,
}

/// An enum with a fallback variant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enum {
    /// What its values are: `string`, an integer type such as `u8`, or `json`.
    pub repr: String,
    pub variants: Vec<Variant>,
    /// The variant that keeps values the crate does not know.
    pub fallback: String,
    /// The variant `Default` gives.
    pub default: Option<String>,
}

/// A known value of an enum.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// The value on the wire, as JSON text without quotes for a string.
    pub value: String,
}

/// A `oneOf`/`anyOf` model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    /// The property whose value says which variant a value is, and the variant that keeps
    /// unknown tags; `None` when decoding tries the variants in order.
    pub discriminator: Option<Discriminator>,
}

/// A variant of a union.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnionVariant {
    pub name: String,
    pub ty: String,
    pub boxed: bool,
    /// The discriminator values that select it.
    pub tags: Vec<String>,
}

/// How a tagged union tells its variants apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discriminator {
    pub property: String,
    pub fallback: String,
}

/// A tuple struct around one type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Newtype {
    pub ty: String,
    pub boxed: bool,
    pub derive_default: bool,
}
