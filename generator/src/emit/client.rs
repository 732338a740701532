//! `src/client.rs`: how a client is started, and the credentials the spec
//! declares as builder methods. The client itself and its other settings
//! are the runtime's; the operations are in `requests`.

use super::code::{string, Code, Expr};
use crate::ir::{Api, ApiKey, KeyLocation};
use crate::markdown;

pub fn text(api: &Api, header: &str) -> String {
    let mut code = Code::new(header);
    code.gap();
    let credentials = !api.auth.api_keys.is_empty() || api.auth.basic || api.auth.bearer;
    if credentials {
        code.line("use crate::{Client, ClientBuilder, Credential, Secret};");
    } else {
        code.line("use crate::{Client, ClientBuilder};");
    }
    code.gap();
    code.open("impl Client");
    code.docs(&builder_docs(api), String::new);
    code.open_fn("pub fn builder", &["base_url: impl Into<String>".to_owned()], Some("ClientBuilder"));
    code.line("ClientBuilder::new(base_url.into())");
    code.close("");
    code.close("");
    if credentials {
        code.gap();
        code.open("impl ClientBuilder");
        for key in &api.auth.api_keys {
            code.gap();
            api_key(&mut code, key);
        }
        if api.auth.basic {
            code.gap();
            code.docs(
                "Authenticates with HTTP Basic credentials (RFC 7617, UTF-8). Replaces a bearer \
                 token set earlier.",
                String::new,
            );
            let params = ["self", "username: impl Into<String>", "password: impl Into<String>"];
            let params: Vec<String> = params.iter().map(|param| (*param).to_owned()).collect();
            code.open_fn("pub fn basic_auth", &params, Some("Self"));
            credential(&mut code, "Basic", vec![Expr::atom("username.into()"), secret("password")]);
            code.close("");
        }
        if api.auth.bearer {
            code.gap();
            code.docs(
                "Authenticates with a bearer token (for example an OAuth2 access token), sent as \
                 `Authorization: Bearer <token>`. Replaces Basic credentials set earlier.",
                String::new,
            );
            let params = ["self".to_owned(), "token: impl Into<String>".to_owned()];
            code.open_fn("pub fn bearer_token", &params, Some("Self"));
            credential(&mut code, "Bearer", vec![secret("token")]);
            code.close("");
        }
        code.close("");
    }
    code.finish()
}

/// Docs of `Client::builder`.
fn builder_docs(api: &Api) -> String {
    let example = match (&api.default_base_url, &api.base_path) {
        (Some(_), _) => " the base URL, e.g. [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).".to_owned(),
        (None, Some(path)) => format!(
            " the base URL. The API is served under {}, so the base URL ends with it: {}.",
            markdown::code(path),
            markdown::code(&format!("https://api.example.com{path}"))
        ),
        (None, None) => " the base URL.".to_owned(),
    };
    format!("Starts configuring a client for the API at{example}")
}

fn api_key(code: &mut Code, key: &ApiKey) {
    code.docs(&key.docs, String::new);
    let params = ["self".to_owned(), "key: impl Into<String>".to_owned()];
    code.open_fn(&format!("pub fn {}", key.setter), &params, Some("Self"));
    let variant = match key.location {
        KeyLocation::Header => "Header",
        KeyLocation::Query => "Query",
        KeyLocation::Cookie => "Cookie",
    };
    credential(code, variant, vec![Expr::atom(string(&key.name)), secret("key")]);
    code.close("");
}

fn secret(argument: &str) -> Expr {
    Expr::call("Secret::new", vec![Expr::atom(argument)])
}

/// `self.credential(Credential::variant(args))`, the body of a credential setter.
fn credential(code: &mut Code, variant: &str, args: Vec<Expr>) {
    let credential = Expr::call(format!("Credential::{variant}"), args);
    code.expr(&Expr::method("self", "credential", vec![credential]), "");
}
