//! The intermediate representation between `normalize` and `emit`.
//!
//! It is the contract of the pipeline: the normalizer builds it from
//! `openapiv3` types and decides every Rust name here, once; the emitters read
//! only these types and never look back at the spec. Docs are already
//! sanitized Markdown, ready for rustdoc.

mod models;
mod operations;
mod params;

pub use models::*;
pub use operations::*;

/// Everything needed to emit one client crate.
#[derive(Clone, Debug)]
pub struct Api {
    /// The Cargo package name, e.g. `tiledb-array-api`.
    pub package_name: String,
    /// The crate name as written in Rust code, e.g. `tiledb_array_api`.
    pub crate_ident: String,
    /// The package version.
    pub package_version: String,
    /// The package's one-line description in `Cargo.toml`.
    pub package_description: String,
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
    /// The path the API is served under when the first server URL is
    /// relative (`/v1`, from a Swagger 2.0 `basePath` without a `host`):
    /// the base URL callers pass must end with it.
    pub base_path: Option<String>,
    /// Credentials the client builder accepts.
    pub auth: Auth,
    /// One entry per operation, in spec order.
    pub operations: Vec<Operation>,
    /// The tags operations carry: those the spec's `tags` declares, in its
    /// order, then the others in the order operations first name them.
    pub tags: Vec<Tag>,
    /// OpenAPI 3.1 webhooks: requests the API sends to a server of the
    /// caller's, in spec order. The client has no methods for them; their
    /// payloads are models.
    pub webhooks: Vec<Webhook>,
    /// Named types, sorted by name.
    pub models: Vec<Model>,
    /// The type error responses are decoded into, when the spec declares one
    /// schema for all of them; otherwise `Json`.
    pub error_body: TypeRef,
    /// What the generator typed less precisely than the spec says.
    pub warnings: Vec<crate::Warning>,
    /// The examples the spec gives for bodies, with the type each belongs
    /// to, for tests that decode them.
    pub examples: Vec<Example>,
}

/// A tag of operations, by which the crate's docs group them.
#[derive(Clone, Debug)]
pub struct Tag {
    /// The tag as the spec writes it.
    pub name: String,
    /// Its description, sanitized.
    pub docs: String,
}

/// A request the API sends to a server of the caller's (OpenAPI 3.1's
/// `webhooks`).
#[derive(Clone, Debug)]
pub struct Webhook {
    /// Its name in the spec's `webhooks`.
    pub name: String,
    /// The HTTP method it arrives with.
    pub http_method: HttpMethod,
    /// Docs from its summary and description.
    pub docs: String,
    /// The type its JSON (or only) body decodes into, when it has one.
    pub payload: Option<TypeRef>,
}

/// An example value the spec gives for a request or response body.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The file it is in, when not the spec file itself.
    pub file: Option<String>,
    /// Where it is: the `example` keyword, or the `value` of one of
    /// `examples`.
    pub pointer: crate::Pointer,
    /// The example.
    pub value: serde_json::Value,
    /// The type it must decode into.
    pub ty: TypeRef,
    /// Checked both ways, decoded and serialized back to the same JSON (a
    /// request body, or a scalar property's example), or only decoded (a
    /// response body or a whole model, which may carry members the type
    /// does not keep).
    pub request: bool,
}

/// Credentials the client builder accepts, from `components.securitySchemes`.
#[derive(Clone, Debug, Default)]
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
#[derive(Clone, Debug)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyLocation {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
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
        let in_webhooks = self.webhooks.iter().filter_map(|webhook| webhook.payload.as_ref());
        in_models
            .chain(in_operations)
            .chain(in_webhooks)
            .chain([&self.error_body])
            .any(|ty| ty.contains(&wanted))
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
