//! `api.json`: the API a crate was generated from, as its callers see it,
//! written beside the crate by the pipeline so that the next run can say
//! what changed (see [`crate::diff`], which reads it back).
//!
//! The file has a documented format of its own ([`format`](mod@format)) with a name and
//! a version, rather than a dump of the generator's internal
//! representation: the IR may change shape without a crate's description
//! becoming unreadable, and a description in another format version is
//! reported as such instead of failing to parse halfway.

mod directions;
pub mod format;

use directions::Directions;
pub use format::Description;

use crate::ir::{self, Api, BodyEncoding, EnumRepr, FormEncoding, KeyLocation, ModelKind, SuccessBody};
use crate::rust_type::{self, Scope};

/// The file's path in the generated crate.
pub const FILE: &str = "api.json";

/// What the file's `format` member says.
pub const FORMAT: &str = "rust-client-api-description";

/// The format version this generator writes and reads.
pub const VERSION: u32 = 3;

/// The largest description read: a spec of tens of megabytes describes in
/// less. A larger file is reported unreadable and the diff skipped.
pub const READ_AT_MOST: u64 = 64 << 20;

/// The description of `api`.
pub fn describe(api: &Api) -> Description {
    let directions = Directions::of(api);
    Description {
        format: FORMAT.to_owned(),
        version: VERSION,
        package_name: api.package_name.clone(),
        package_version: api.package_version.clone(),
        title: api.title.clone(),
        api_version: api.api_version.clone(),
        docs: api.docs.clone(),
        default_base_url: api.default_base_url.clone(),
        base_path: api.base_path.clone(),
        error_body: rust_type::name(&api.error_body, Scope::Models),
        credentials: credentials(&api.auth),
        operations: api.operations.iter().map(operation).collect(),
        models: api.models.iter().map(|each| model(each, &directions)).collect(),
    }
}

/// The file's text: pretty JSON in the API's order, so the same spec gives the same bytes.
pub fn text(description: &Description) -> String {
    let mut text = serde_json::to_string_pretty(description).unwrap_or_default();
    text.push('\n');
    text
}

fn credentials(auth: &ir::Auth) -> Vec<format::Credential> {
    let mut credentials: Vec<format::Credential> = auth
        .api_keys
        .iter()
        .map(|key| {
            let location = match key.location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query",
                KeyLocation::Cookie => "cookie",
            };
            format::Credential {
                setter: key.setter.clone(),
                sends: format!("an API key in {location} `{}`", key.name),
                docs: key.docs.clone(),
            }
        })
        .collect();
    let fixed = |setter: &str, sends: &str| format::Credential {
        setter: setter.to_owned(),
        sends: sends.to_owned(),
        docs: String::new(),
    };
    if auth.basic {
        credentials.push(fixed("basic_auth", "HTTP Basic credentials"));
    }
    if auth.bearer {
        credentials.push(fixed("bearer_token", "a bearer token"));
    }
    credentials
}

fn operation(operation: &ir::Operation) -> format::Operation {
    let success = &operation.success;
    let outcomes = match &success.body {
        SuccessBody::Outcomes(outcomes) => outcomes
            .variants
            .iter()
            .map(|outcome| format::Outcome {
                status: outcome.status,
                variant: outcome.variant.clone(),
                ty: rust_type::outcome(&outcome.body, Scope::Models),
                docs: outcome.docs.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    format::Operation {
        id: operation.id.clone(),
        method_name: operation.method_name.clone(),
        builder_name: operation.builder_name.clone(),
        struct_name: operation.struct_name.clone(),
        http_method: operation.http_method.as_str().to_owned(),
        path: operation.path.clone(),
        docs: operation.docs.clone(),
        deprecated: operation.deprecated,
        tags: operation.tags.clone(),
        params: operation
            .params
            .iter()
            .map(|param| format::Param {
                wire_name: param.wire_name.clone(),
                rust_name: param.rust_name.clone(),
                location: param.location.as_str().to_owned(),
                required: param.required,
                ty: rust_type::name(&param.ty, Scope::Models),
                layout: format!("{:?}", param.layout),
                docs: param.docs.clone(),
            })
            .collect(),
        body: operation.body.as_ref().map(|body| format::Body {
            rust_name: body.rust_name.clone(),
            ty: rust_type::name(&body.ty, Scope::Models),
            required: body.required,
            content_type: body.content_type.clone(),
            encoding: match body.encoding {
                BodyEncoding::Json => "json",
                BodyEncoding::Text => "text",
                BodyEncoding::Binary => "binary",
            }
            .to_owned(),
            docs: body.docs.clone(),
        }),
        success: format::Success {
            ty: rust_type::success(operation, Scope::Models),
            accept: success.accept.clone(),
            docs: success.docs.clone(),
            alternatives: success
                .alternatives
                .iter()
                .map(|alternative| format::Alternative {
                    media_type: alternative.media_type.clone(),
                    method_name: alternative.method_name.clone(),
                })
                .collect(),
            outcomes,
        },
        errors: operation
            .errors
            .iter()
            .map(|error| format::ErrorResponse { status: error.status.clone(), docs: error.docs.clone() })
            .collect(),
        authenticated: operation.authenticated,
        form: operation.form.map(|encoding| {
            match encoding {
                FormEncoding::UrlEncoded => "urlencoded",
                FormEncoding::Multipart => "multipart",
            }
            .to_owned()
        }),
        content_type_negotiation: operation.content_type_negotiation,
    }
}

fn model(model: &ir::Model, directions: &Directions<'_>) -> format::Model {
    let kind = match &model.kind {
        ModelKind::Struct(fields) => format::ModelKind::Struct(format::Struct {
            fields: fields.fields.iter().map(field).collect(),
            additional: fields.additional.as_ref().map(|extra| format::AdditionalField {
                rust_name: extra.rust_name.clone(),
                value: rust_type::name(&extra.value, Scope::Models),
            }),
            derive_default: fields.derive_default,
            constructor: fields.constructor.clone(),
        }),
        ModelKind::Enum(enumeration) => format::ModelKind::Enum(format::Enum {
            repr: match enumeration.repr {
                EnumRepr::String => "string",
                EnumRepr::Integer(int) => rust_type::int_name(int),
                EnumRepr::Json => "json",
            }
            .to_owned(),
            variants: enumeration
                .variants
                .iter()
                .map(|variant| format::Variant { name: variant.name.clone(), value: variant.value.text() })
                .collect(),
            fallback: enumeration.fallback.clone(),
            default: enumeration.default.clone(),
        }),
        ModelKind::Union(union) => format::ModelKind::Union(format::Union {
            variants: union
                .variants
                .iter()
                .map(|variant| format::UnionVariant {
                    name: variant.name.clone(),
                    ty: rust_type::name(&variant.ty, Scope::Models),
                    boxed: variant.boxed,
                    tags: variant.tags.clone(),
                })
                .collect(),
            discriminator: union.discriminator.as_ref().map(|discriminator| format::Discriminator {
                property: discriminator.property.clone(),
                fallback: discriminator.fallback.clone(),
            }),
        }),
        ModelKind::Alias(target) => format::ModelKind::Alias(rust_type::name(target, Scope::Models)),
        ModelKind::Newtype(newtype) => format::ModelKind::Newtype(format::Newtype {
            ty: rust_type::name(&newtype.ty, Scope::Models),
            boxed: newtype.boxed,
            derive_default: newtype.derive_default,
        }),
    };
    format::Model {
        name: model.name.clone(),
        docs: model.docs.clone(),
        deprecated: model.deprecated,
        sent: directions.sent(&model.name),
        received: directions.received(&model.name),
        kind,
    }
}

fn field(field: &ir::Field) -> format::Field {
    format::Field {
        wire_name: field.wire_name.clone(),
        rust_name: field.rust_name.clone(),
        ty: rust_type::name(&field.ty, Scope::Models),
        optional: field.optional,
        boxed: field.boxed,
        skip_if_none: field.skip_if_none,
        default_if_missing: field.default_if_missing,
        default: field.default.as_ref().map(|default| match default {
            ir::DefaultValue::Literal(literal) => literal.text(),
            ir::DefaultValue::Variant { model, variant } => format!("{model}::{variant}"),
        }),
        deprecated: field.deprecated,
        setter: field.setter.clone(),
        docs: field.docs.clone(),
    }
}
