//! Names and media types the client puts on the wire as they are: header
//! and cookie names, API key names, and the media types it sends in
//! `Content-Type` and `Accept`. One that HTTP cannot carry (a line break in
//! a header name could split the request, and would only fail at run time)
//! is found here, at its definition, with its pointer: the operation that
//! would send it, or the security scheme, is left out.

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, MediaType, Parameter, PathItem, SecurityScheme};

use super::refs;
use crate::error::SpecProblem;
use crate::pointer::Pointer;

/// The first name or media type of an operation (its own parameters and
/// its path item's, its bodies, through references) that cannot be sent.
pub fn operation<'a>(
    refs: &refs::Refs<'a>,
    item: &'a PathItem,
    path_at: &Pointer,
    operation: &'a openapiv3::Operation,
    at: &Pointer,
) -> Result<(), SpecProblem> {
    for (parameters, level_at) in [(&item.parameters, path_at), (&operation.parameters, at)] {
        for (index, parameter) in parameters.iter().enumerate() {
            let at = level_at.join("parameters").join(index.to_string());
            let (parameter, defined_at) = refs.resolve(parameter, &at)?;
            parameter_name(parameter, &defined_at)?;
        }
    }
    if let Some(body) = &operation.request_body {
        let (body, defined_at) = refs.resolve(body, &at.join("requestBody"))?;
        media_types(&body.content, &defined_at)?;
    }
    let responses_at = at.join("responses");
    let listed =
        operation.responses.responses.iter().map(|(status, response)| (status.to_string(), response));
    let default = operation.responses.default.iter().map(|response| ("default".to_owned(), response));
    for (status, response) in listed.chain(default) {
        let (response, defined_at) = refs.resolve(response, &responses_at.join(status))?;
        media_types(&response.content, &defined_at)?;
    }
    Ok(())
}

/// Whether the key of an API key scheme (at `at`) can be sent.
pub fn security_scheme(scheme: &SecurityScheme, at: &Pointer) -> Result<(), SpecProblem> {
    let SecurityScheme::APIKey { location, name, .. } = scheme else { return Ok(()) };
    match location {
        APIKeyLocation::Header => header_name(name, &at.join("name")),
        APIKeyLocation::Cookie => cookie_name(name, &at.join("name")),
        // Percent-encoded in the query string: any name can be sent.
        APIKeyLocation::Query => Ok(()),
    }
}

fn parameter_name(parameter: &Parameter, at: &Pointer) -> Result<(), SpecProblem> {
    match parameter {
        Parameter::Header { parameter_data, .. } => header_name(&parameter_data.name, &at.join("name")),
        Parameter::Cookie { parameter_data, .. } => cookie_name(&parameter_data.name, &at.join("name")),
        // Path and query values and names are percent-encoded.
        Parameter::Path { .. } | Parameter::Query { .. } => Ok(()),
    }
}

fn media_types(content: &IndexMap<String, MediaType>, at: &Pointer) -> Result<(), SpecProblem> {
    match content.keys().find(|media_type| !is_header_value(media_type)) {
        Some(media_type) => Err(SpecProblem::invalid(
            &at.join("content").join(media_type),
            format!(
                "media type {} has characters a `Content-Type` or `Accept` header cannot carry",
                shown(media_type)
            ),
        )),
        None => Ok(()),
    }
}

/// A header name is an RFC 9110 token.
fn header_name(name: &str, at: &Pointer) -> Result<(), SpecProblem> {
    if is_token(name) {
        return Ok(());
    }
    Err(SpecProblem::invalid(
        at,
        format!("header name {} is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)", shown(name)),
    ))
}

/// Cookie names are percent-encoded on the wire, but a control character
/// (a line break) is a mistake, not a name.
fn cookie_name(name: &str, at: &Pointer) -> Result<(), SpecProblem> {
    if !name.is_empty() && !name.chars().any(char::is_control) {
        return Ok(());
    }
    Err(SpecProblem::invalid(at, format!("cookie name {} is empty or has control characters", shown(name))))
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
    use openapiv3::{OpenAPI, ReferenceOr};

    use super::*;

    /// The problem of each operation, and of each security scheme, in order.
    fn problems(yaml: &str) -> Vec<String> {
        let api: OpenAPI = serde_yaml::from_str(yaml).expect("a valid document");
        let refs = refs::Refs::new(&api);
        let mut found = Vec::new();
        for (path, item) in &api.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let path_at = Pointer::root().join("paths").join(path);
            for (method, op) in item.iter() {
                if let Err(problem) = operation(&refs, item, &path_at, op, &path_at.join(method)) {
                    found.push(problem.to_string());
                }
            }
        }
        for (name, scheme) in api.components.iter().flat_map(|components| &components.security_schemes) {
            let ReferenceOr::Item(scheme) = scheme else { continue };
            let at = Pointer::root().join("components").join("securitySchemes").join(name);
            if let Err(problem) = security_scheme(scheme, &at) {
                found.push(problem.to_string());
            }
        }
        found
    }

    #[test]
    fn names_that_cannot_be_sent_are_found_where_they_are_defined() {
        let found = problems(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    parameters:
      - {in: header, name: "X-A\r\nInjected: 1", schema: {type: string}}
    get:
      responses:
        "204": {description: ok}
  /cookies:
    get:
      parameters:
        - {in: cookie, name: "sess;x=y", schema: {type: string}}
        - {in: query, name: "q\n", schema: {type: string}}
        - {in: cookie, name: "sess\nx", schema: {type: string}}
      responses:
        "204": {description: ok}
  /media:
    get:
      responses:
        "200":
          description: ok
          content:
            "text/plain\r\nX: y": {}
  /shared:
    get:
      parameters:
        - $ref: '#/components/parameters/Bad'
      responses:
        "204": {description: ok}
  /fine:
    get:
      parameters:
        - {in: header, name: "X-Fine", schema: {type: string}}
      responses:
        "204": {description: ok}
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
                r#"#/paths/~1cookies/get/parameters/2/name: invalid: cookie name "sess\nx" is empty or has control characters"#,
                // The pointer's key is spec text too, printed escaped.
                r#"#/paths/~1media/get/responses/200/content/text~1plain\r\nX: y: invalid: media type "text/plain\r\nX: y" has characters a `Content-Type` or `Accept` header cannot carry"#,
                r#"#/components/parameters/Bad/name: invalid: header name "a b" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"#,
                r#"#/components/securitySchemes/key/name: invalid: header name "X-Key\n" is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)"#,
            ]
        );
    }
}
