//! The description seen as JSON, so comparisons need not list every member:
//! members the format gains later are compared by equality and still
//! reported.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::{Map, Value};

/// `item` as a JSON value. The IR has no maps with non-string keys, so this
/// cannot fail; `Null` stands in if it ever did.
pub fn value(item: &impl Serialize) -> Value {
    serde_json::to_value(item).unwrap_or(Value::Null)
}

/// `value` with every `docs` member removed, at any depth.
pub fn without_docs(value: &Value) -> Value {
    match value {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(key, _)| key.as_str() != "docs")
                .map(|(key, member)| (key.clone(), without_docs(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_docs).collect()),
        other => other.clone(),
    }
}

/// What an item looks like apart from its names and docs: two items with
/// the same shape differ only in what they are called.
pub fn shape(item: &impl Serialize, name_keys: &[&str]) -> Value {
    match without_docs(&value(item)) {
        Value::Object(members) => {
            Value::Object(members.into_iter().filter(|(key, _)| !name_keys.contains(&key.as_str())).collect())
        }
        other => other,
    }
}

/// How a member that no comparison itemizes differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlisted {
    /// The member's key.
    pub key: String,
    /// Only docs inside it differ.
    pub docs_only: bool,
}

/// The members of `old` and `new` (objects) that differ and are not in
/// `listed`, in key order. A comparison lists the members it reports on
/// itself; whatever else changes (a member added to the IR later, say) is
/// still caught here.
pub fn unlisted_differences(old: &Value, new: &Value, listed: &[&str]) -> Vec<Unlisted> {
    let empty = Map::new();
    let old = old.as_object().unwrap_or(&empty);
    let new = new.as_object().unwrap_or(&empty);
    let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|key| !listed.contains(&key.as_str()))
        .filter_map(|key| {
            let (before, after) = (old.get(key.as_str()), new.get(key.as_str()));
            if before == after {
                return None;
            }
            let docs_only = before.map(without_docs) == after.map(without_docs);
            Some(Unlisted { key: key.clone(), docs_only })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn unlisted_differences_skip_listed_members_and_tell_docs_apart() {
        let old = json!({"path": "/a", "docs": "x", "extra": {"docs": "one", "n": 1}, "more": 1});
        let new = json!({"path": "/b", "docs": "y", "extra": {"docs": "two", "n": 1}, "more": 2});
        assert_eq!(
            unlisted_differences(&old, &new, &["path", "docs"]),
            vec![
                Unlisted { key: "extra".into(), docs_only: true },
                Unlisted { key: "more".into(), docs_only: false },
            ]
        );
    }
}
