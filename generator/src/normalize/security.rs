//! Security schemes: which credentials the client builder accepts.

use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement, SecurityScheme};

use super::docs;
use super::names;
use super::wire_names;
use crate::ir::{ApiKey, Auth, KeyLocation};
use crate::markdown;
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// Names the `ClientBuilder` already uses, beside which credential setters are written: its
/// inherent methods in the runtime (a test in `operations` reads them from there), the setters
/// of Basic and bearer credentials, and `fmt` of its `Debug`.
pub(super) const CLIENT_BUILDER_METHODS: &[&str] = &[
    "basic_auth",
    "bearer_token",
    "build",
    "connect_timeout",
    "credential",
    "default_header",
    "fmt",
    "http_client_builder",
    "idle_timeout",
    "max_response_bytes",
    "new",
    "retry_policy",
    "timeout",
];

/// The credentials offered by `components.securitySchemes`. An HTTP
/// authentication scheme other than basic and bearer (`digest`, `hoba`, a
/// vendor's own) becomes a setter for the whole `Authorization` header
/// value, with a warning: the client cannot compute it, the caller can. A
/// scheme the client cannot send (an API key whose header name holds a line
/// break) is left out, with a warning.
pub fn auth(api: &OpenAPI, warnings: &mut Vec<Warning>) -> Auth {
    let mut auth = Auth::default();
    let schemes = api.components.iter().flat_map(|components| components.security_schemes.iter());
    let mut api_keys = Vec::new();
    let mut authorization = Vec::new();
    for (name, scheme) in schemes {
        let at = Pointer::root().join("components").join("securitySchemes").join(name);
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { reference } => {
                // The loader copies a scheme another file holds in place; one that names another
                // scheme of `components` stays a reference, which the client does not follow.
                let detail = format!("a security scheme given by `$ref` (`{reference}`) is left out");
                warnings.push(Warning::new(&at, WarningKind::PartLeftOut(detail)));
                continue;
            }
        };
        if let Err(problem) = wire_names::security_scheme(scheme, &at) {
            let detail = format!("the security scheme is left out: {problem}");
            warnings.push(Warning::new(&at, WarningKind::PartLeftOut(detail)));
            continue;
        }
        match scheme {
            SecurityScheme::APIKey { location, name: key_name, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => KeyLocation::Header,
                    APIKeyLocation::Query => KeyLocation::Query,
                    APIKeyLocation::Cookie => KeyLocation::Cookie,
                };
                api_keys.push((name, location, key_name, description.as_deref()));
            }
            SecurityScheme::HTTP { scheme: http_scheme, description, .. } => {
                match http_scheme.to_ascii_lowercase().as_str() {
                    "basic" => auth.basic = true,
                    "bearer" => auth.bearer = true,
                    other => {
                        let detail = format!(
                            "HTTP authentication scheme `{other}`: the client sends the `Authorization` \
                             header value the caller gives"
                        );
                        warnings
                            .push(Warning::new(&at.join("scheme"), WarningKind::AuthorizationHeader(detail)));
                        let docs = format!(
                            "The whole `Authorization` header value for the `{other}` scheme, which this \
                             client does not compute (`{other} ...`)."
                        );
                        let docs = docs::join([Some(docs.as_str()), description.as_deref()]);
                        authorization.push((name, docs));
                    }
                }
            }
            SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => auth.bearer = true,
        }
    }
    // One key gets the plain name `api_key`; several are told apart by
    // their scheme names.
    let single = api_keys.len() == 1;
    let mut setters = names::NameSet::with_reserved(CLIENT_BUILDER_METHODS);
    for (scheme_name, docs) in authorization {
        let setter = names::snake(&format!("{scheme_name} authorization"), "authorization");
        auth.api_keys.push(ApiKey {
            setter: setters.claim(setter),
            location: KeyLocation::Header,
            name: "Authorization".to_owned(),
            docs,
        });
    }
    for (scheme_name, location, key_name, description) in api_keys {
        let setter = if single { "api_key".to_owned() } else { names::snake(scheme_name, "api_key") };
        let place = match location {
            KeyLocation::Header => "header",
            KeyLocation::Query => "query parameter",
            KeyLocation::Cookie => "cookie",
        };
        let where_sent = format!("the {} {place}", markdown::code(key_name));
        let sent = format!("Authenticates with an API key, sent in {where_sent}.");
        auth.api_keys.push(ApiKey {
            setter: setters.claim(setter),
            location,
            name: key_name.clone(),
            docs: docs::join([Some(sent.as_str()), description]),
        });
    }
    auth
}

/// Whether an operation with these requirements sends credentials: not
/// when its requirements are empty (`security: []`) or all-optional
/// (`security: [{}]`).
pub fn authenticated(
    operation: Option<&Vec<SecurityRequirement>>,
    global: Option<&Vec<SecurityRequirement>>,
) -> bool {
    match operation.or(global) {
        Some(requirements) => requirements.iter().any(|requirement| !requirement.is_empty()),
        None => true,
    }
}
