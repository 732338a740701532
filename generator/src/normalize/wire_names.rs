//! Names and media types the client puts on the wire as they are: header
//! and cookie names, API key names, and the media types it sends in
//! `Content-Type` and `Accept`. One that HTTP cannot carry (a line break in
//! a header name could split the request, and would only fail at run time)
//! is refused here, at its definition, with its pointer.

use indexmap::IndexMap;
use openapiv3::{
    APIKeyLocation, MediaType, OpenAPI, Parameter, ReferenceOr, RequestBody, Response, SecurityScheme,
};

use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// Every name or media type in `api` that cannot be sent.
pub fn check(api: &OpenAPI) -> Vec<SpecProblem> {
    let mut problems = Vec::new();
    for (path, item) in &api.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        let path_at = Pointer::root().join("paths").join(path);
        parameters(&item.parameters, &path_at, &mut problems);
        for (method, operation) in item.iter() {
            let at = path_at.join(method);
            parameters(&operation.parameters, &at, &mut problems);
            if let Some(ReferenceOr::Item(body)) = &operation.request_body {
                request_body(body, &at.join("requestBody"), &mut problems);
            }
            let responses_at = at.join("responses");
            let listed =
                operation.responses.responses.iter().map(|(status, response)| (status.to_string(), response));
            let default = operation.responses.default.iter().map(|response| ("default".to_owned(), response));
            for (status, response) in listed.chain(default) {
                if let ReferenceOr::Item(response) = response {
                    media_types(&response.content, &responses_at.join(status), &mut problems);
                }
            }
        }
    }
    if let Some(components) = &api.components {
        let at = Pointer::root().join("components");
        for (name, parameter) in &components.parameters {
            if let ReferenceOr::Item(parameter) = parameter {
                parameter_name(parameter, &at.join("parameters").join(name), &mut problems);
            }
        }
        for (name, body) in &components.request_bodies {
            if let ReferenceOr::Item(body) = body {
                request_body(body, &at.join("requestBodies").join(name), &mut problems);
            }
        }
        for (name, response) in &components.responses {
            if let ReferenceOr::Item(Response { content, .. }) = response {
                media_types(content, &at.join("responses").join(name), &mut problems);
            }
        }
        for (name, scheme) in &components.security_schemes {
            if let ReferenceOr::Item(SecurityScheme::APIKey { location, name: key_name, .. }) = scheme {
                let key_at = at.join("securitySchemes").join(name).join("name");
                match location {
                    APIKeyLocation::Header => header_name(key_name, &key_at, &mut problems),
                    APIKeyLocation::Cookie => cookie_name(key_name, &key_at, &mut problems),
                    // Percent-encoded in the query string: any name can be sent.
                    APIKeyLocation::Query => {}
                }
            }
        }
    }
    problems
}

fn parameters(parameters: &[ReferenceOr<Parameter>], at: &Pointer, problems: &mut Vec<SpecProblem>) {
    for (index, parameter) in parameters.iter().enumerate() {
        if let ReferenceOr::Item(parameter) = parameter {
            parameter_name(parameter, &at.join("parameters").join(index.to_string()), problems);
        }
    }
}

fn parameter_name(parameter: &Parameter, at: &Pointer, problems: &mut Vec<SpecProblem>) {
    match parameter {
        Parameter::Header { parameter_data, .. } => {
            header_name(&parameter_data.name, &at.join("name"), problems)
        }
        Parameter::Cookie { parameter_data, .. } => {
            cookie_name(&parameter_data.name, &at.join("name"), problems)
        }
        // Path and query values and names are percent-encoded.
        Parameter::Path { .. } | Parameter::Query { .. } => {}
    }
}

fn request_body(body: &RequestBody, at: &Pointer, problems: &mut Vec<SpecProblem>) {
    media_types(&body.content, at, problems);
}

fn media_types(content: &IndexMap<String, MediaType>, at: &Pointer, problems: &mut Vec<SpecProblem>) {
    for media_type in content.keys() {
        if !is_header_value(media_type) {
            problems.push(SpecProblem::invalid(
                &at.join("content").join(media_type),
                format!(
                    "media type {} has characters a `Content-Type` or `Accept` header cannot carry",
                    shown(media_type)
                ),
            ));
        }
    }
}

/// A header name is an RFC 9110 token.
fn header_name(name: &str, at: &Pointer, problems: &mut Vec<SpecProblem>) {
    if !is_token(name) {
        problems.push(SpecProblem::invalid(
            at,
            format!("header name {} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)", shown(name)),
        ));
    }
}

/// Cookie names are percent-encoded on the wire, but a control character
/// (a line break) is a mistake, not a name.
fn cookie_name(name: &str, at: &Pointer, problems: &mut Vec<SpecProblem>) {
    if name.is_empty() || name.chars().any(char::is_control) {
        problems.push(SpecProblem::invalid(
            at,
            format!("cookie name {} is empty or has control characters", shown(name)),
        ));
    }
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

/// What `http::HeaderValue::from_static` accepts: visible ASCII, space and tab.
fn is_header_value(value: &str) -> bool {
    value.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

/// A name in a message, its control characters escaped.
fn shown(name: &str) -> String {
    format!("{:?}", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(yaml: &str) -> Vec<String> {
        let api: OpenAPI = serde_yaml::from_str(yaml).expect("a valid document");
        check(&api).iter().map(|problem| problem.to_string()).collect()
    }

    #[test]
    fn names_that_cannot_be_sent_are_refused_where_they_are_defined() {
        let found = problems(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    parameters:
      - {in: header, name: "X-A\r\nInjected: 1", schema: {type: string}}
    get:
      parameters:
        - {in: cookie, name: "sess\nx", schema: {type: string}}
        - {in: cookie, name: "sess;x=y", schema: {type: string}}
        - {in: query, name: "q\n", schema: {type: string}}
        - $ref: '#/components/parameters/Bad'
      responses:
        "200":
          description: ok
          content:
            "text/plain\r\nX: y": {}
components:
  parameters:
    Bad: {in: header, name: "a b", schema: {type: string}}
  securitySchemes:
    key: {type: apiKey, in: header, name: "X-Key\n"}
    query: {type: apiKey, in: query, name: "k\n"}
"#,
        );
        assert_eq!(
            found,
            [
                r#"#/paths/~1x/parameters/0/name: invalid: header name "X-A\r\nInjected: 1" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"#,
                r#"#/paths/~1x/get/parameters/0/name: invalid: cookie name "sess\nx" is empty or has control characters"#,
                // The pointer's key is spec text too, printed escaped.
                r#"#/paths/~1x/get/responses/200/content/text~1plain\r\nX: y: invalid: media type "text/plain\r\nX: y" has characters a `Content-Type` or `Accept` header cannot carry"#,
                r#"#/components/parameters/Bad/name: invalid: header name "a b" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"#,
                r#"#/components/securitySchemes/key/name: invalid: header name "X-Key\n" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"#,
            ]
        );
    }
}
