//! What belongs to the whole client: credentials, the default base URL,
//! the error body type, and the API's title and version.

use std::collections::BTreeMap;

use super::change::{from_to, Change, Changes, Class};
use super::json;
use crate::description::format::Credential;
use crate::description::Description;

/// Members of the description this module and the others compare, or that
/// say nothing about the API (the file's format, the package's name and
/// version).
const LISTED: [&str; 13] = [
    "format",
    "version",
    "package_name",
    "package_version",
    "title",
    "api_version",
    "docs",
    "default_base_url",
    "base_path",
    "error_body",
    "credentials",
    "operations",
    "models",
];

/// Adds the client-wide changes between `old` and `new`.
pub fn compare(old: &Description, new: &Description, list: &mut Vec<Change>) {
    let mut changes = Changes::new("client".to_owned(), list);
    if old.api_version != new.api_version {
        changes.push(
            Class::DocsOnly,
            format!("API version changed {}", from_to(&old.api_version, &new.api_version)),
        );
    }
    if old.title != new.title {
        changes.push(Class::DocsOnly, format!("API title changed {}", from_to(&old.title, &new.title)));
    }
    if old.docs != new.docs {
        changes.push(Class::DocsOnly, "crate docs changed");
    }
    match (&old.default_base_url, &new.default_base_url) {
        (Some(old_url), Some(new_url)) if old_url != new_url => {
            changes
                .push(Class::Breaking, format!("`DEFAULT_BASE_URL` changed {}", from_to(old_url, new_url)));
        }
        (Some(_), None) => changes.push(Class::Breaking, "`DEFAULT_BASE_URL` removed"),
        (None, Some(url)) => changes.push(Class::Additive, format!("`DEFAULT_BASE_URL` added (`{url}`)")),
        _ => {}
    }
    if old.base_path != new.base_path {
        let (old_path, new_path) = (old.base_path.as_deref(), new.base_path.as_deref());
        changes.push(
            Class::DocsOnly,
            format!(
                "the path the API is served under changed {} (base URLs passed to `Client::builder` must follow)",
                from_to(old_path.unwrap_or("/"), new_path.unwrap_or("/"))
            ),
        );
    }
    let (old_error, new_error) = (&old.error_body, &new.error_body);
    if old_error != new_error {
        changes.push(Class::Breaking, format!("error bodies now decode {}", from_to(old_error, new_error)));
    }
    credentials(&old.credentials, &new.credentials, &mut changes);
    changes.push_unlisted("", json::unlisted_differences(&json::value(old), &json::value(new), &LISTED));
}

/// The builder's credential setters, each with what it sends.
fn setters(credentials: &[Credential]) -> BTreeMap<String, (String, &str)> {
    credentials
        .iter()
        .map(|credential| (credential.setter.clone(), (credential.sends.clone(), credential.docs.as_str())))
        .collect()
}

fn credentials(old: &[Credential], new: &[Credential], changes: &mut Changes<'_>) {
    let (old_setters, new_setters) = (setters(old), setters(new));
    for (setter, (sends, docs)) in &old_setters {
        match new_setters.get(setter) {
            None => changes.push(Class::Breaking, format!("credential setter `{setter}` ({sends}) removed")),
            Some((new_sends, new_docs)) => {
                if new_sends != sends {
                    changes.push(
                        Class::Breaking,
                        format!("credential setter `{setter}` now sends {new_sends} instead of {sends}"),
                    );
                }
                if new_docs != docs {
                    changes.push(Class::DocsOnly, format!("docs of credential setter `{setter}` changed"));
                }
            }
        }
    }
    for (setter, (sends, _)) in new_setters.iter().filter(|(setter, _)| !old_setters.contains_key(*setter)) {
        changes.push(Class::Additive, format!("credential setter `{setter}` ({sends}) added"));
    }
}
