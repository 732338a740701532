//! The edits progenitor needs to take the array API.
//!
//! progenitor 0.15 collects the `default` response with the success
//! responses and with the error responses, and asserts that each group has
//! one type (`assertion failed: response_types.len() <= 1` in
//! `progenitor_impl::method::extract_responses`). Every array API operation
//! has a typed or empty 2xx response next to a `default` carrying `Error`, so
//! each `default` goes; nothing else changes.

use serde_yaml::Value;

/// What [`apply`] does, for the report.
pub const DESCRIPTION: &str = "removed the `default` response (the `Error` body) from every operation; \
     nothing else changed";

/// The spec without `default` responses, and how many were removed.
pub fn apply(text: &str) -> Result<(String, usize), String> {
    let mut spec: Value = serde_yaml::from_str(text).map_err(|error| format!("failed: {error}"))?;
    let mut removed = 0;
    if let Some(paths) = spec.get_mut("paths").and_then(Value::as_mapping_mut) {
        for (_, item) in paths.iter_mut() {
            let Some(item) = item.as_mapping_mut() else { continue };
            for (_, operation) in item.iter_mut() {
                let responses = operation.get_mut("responses").and_then(Value::as_mapping_mut);
                if responses.and_then(|responses| responses.remove("default")).is_some() {
                    removed += 1;
                }
            }
        }
    }
    let text = serde_yaml::to_string(&spec).map_err(|error| format!("failed: {error}"))?;
    Ok((text, removed))
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn removes_only_default_responses() {
        let spec = "paths:\n  /a:\n    parameters: []\n    get:\n      responses:\n        '200': {description: ok}\n        \
                    default: {description: error}\n";
        let (edited, removed) = apply(spec).unwrap_or_default();
        assert_eq!(removed, 1);
        assert!(edited.contains("'200'") && !edited.contains("default"), "{edited}");
    }
}
