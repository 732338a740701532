//! What a deprecated operation's `#[deprecated(note = ...)]` says. OpenAPI
//! has no field for why an operation is deprecated or what replaces it;
//! specs say it in the summary or description ("Use `GET /v1/projects`
//! instead"). The note is the first paragraph that names another
//! operation by method and path or by its `operationId`, else the first
//! that says "deprecated", and it names the Rust method of the operation it
//! names.

use std::collections::HashMap;

use crate::ir::Operation;
use crate::markdown;

/// Sets the note of every deprecated operation whose docs say why.
pub fn notes(operations: &mut [Operation]) {
    let method = |operation: &Operation| operation.method_name.trim_start_matches("r#").to_owned();
    let by_endpoint: HashMap<(String, String), String> = operations
        .iter()
        .map(|operation| {
            ((operation.http_method.as_str().to_owned(), shape(&operation.path)), method(operation))
        })
        .collect();
    let by_id: HashMap<String, String> =
        operations.iter().map(|operation| (operation.id.clone(), method(operation))).collect();
    for operation in operations.iter_mut().filter(|operation| operation.deprecated) {
        let paragraphs: Vec<String> =
            operation.docs.split("\n\n").map(markdown::summary).filter(|text| !text.is_empty()).collect();
        let own = method(operation);
        let replacement = |paragraph: &str| {
            let by_path =
                named_endpoints(paragraph).into_iter().filter_map(|endpoint| by_endpoint.get(&endpoint));
            let by_name = paragraph
                .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.'))
                .filter_map(|word| by_id.get(word.trim_end_matches('.')));
            by_path.chain(by_name).find(|method| **method != own).cloned()
        };
        let found = paragraphs.iter().find_map(|paragraph| Some((paragraph, replacement(paragraph)?)));
        let note = match found {
            Some((paragraph, method)) => {
                format!("{} Replaced by `Client::{method}`.", with_period(paragraph))
            }
            None => match paragraphs.iter().find(|text| text.to_lowercase().contains("deprecat")) {
                Some(paragraph) => paragraph.clone(),
                None => continue,
            },
        };
        operation.deprecation_note = Some(markdown::ensure_inert(&note));
    }
}

/// The paragraph ending in a full stop, so that a sentence can follow.
fn with_period(paragraph: &str) -> String {
    let paragraph = paragraph.trim_end();
    if paragraph.ends_with(['.', '!', '?']) {
        paragraph.to_owned()
    } else {
        format!("{paragraph}.")
    }
}

/// The `(METHOD, path shape)` pairs a text names: an HTTP method followed by
/// a path, in a code span or not (`GET /v1/projects`).
fn named_endpoints(text: &str) -> Vec<(String, String)> {
    const METHODS: &[&str] = &["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .filter_map(|pair| {
            let method = pair[0].trim_start_matches(['`', '(', '*', '_']);
            let path = pair[1].trim_end_matches(['`', '.', ',', ';', ':', ')', '*', '_']).replace('\\', "");
            (METHODS.contains(&method) && path.starts_with('/')).then(|| (method.to_owned(), shape(&path)))
        })
        .collect()
}

/// A path with every `{parameter}` written `{}`, so that a text naming a
/// parameter differently still finds the operation.
fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_parameter = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_parameter = true;
                out.push('{');
            }
            '}' => {
                in_parameter = false;
                out.push('}');
            }
            _ if in_parameter => {}
            _ => out.push(c),
        }
    }
    out.trim_end_matches('/').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_found_in_code_spans_and_prose() {
        assert_eq!(
            named_endpoints("Use `GET /v1/projects/{project}` instead, or POST /v1/x."),
            [("GET".to_owned(), "/v1/projects/{}".to_owned()), ("POST".to_owned(), "/v1/x".to_owned())]
        );
        assert!(named_endpoints("Get the projects from /v1").is_empty());
    }
}
