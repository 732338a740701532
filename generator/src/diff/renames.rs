//! Renames, where they are safe to guess: an item removed and an item added
//! with the same shape, and no other removed or added item of that shape.
//! They are still reported as a removal and an addition (code that names
//! the old item breaks either way), with a hint that connects the two.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

/// Removed and added items, each with its name and shape.
#[derive(Default)]
pub struct Candidates {
    removed: Vec<(String, Value)>,
    added: Vec<(String, Value)>,
}

impl Candidates {
    /// An item only the old API has.
    pub fn removed(&mut self, name: &str, shape: Value) {
        self.removed.push((name.to_owned(), shape));
    }

    /// An item only the new API has.
    pub fn added(&mut self, name: &str, shape: Value) {
        self.added.push((name.to_owned(), shape));
    }

    /// Likely renames, each direction keyed by name. Items are grouped by
    /// shape (its JSON text), so the pairing takes time in proportion to the
    /// items, however many there are (a description on disk can list any
    /// number).
    pub fn pairs(&self) -> Renames {
        let (removed, added) = (by_shape(&self.removed), by_shape(&self.added));
        let mut renames = Renames::default();
        for (shape, old_names) in &removed {
            if let ([old_name], Some([new_name])) =
                (old_names.as_slice(), added.get(shape).map(Vec::as_slice))
            {
                renames.to.insert((*old_name).to_owned(), (*new_name).to_owned());
                renames.from.insert((*new_name).to_owned(), (*old_name).to_owned());
            }
        }
        renames
    }
}

/// The names of `items` by the JSON text of their shape.
fn by_shape(items: &[(String, Value)]) -> HashMap<String, Vec<&str>> {
    let mut groups: HashMap<String, Vec<&str>> = HashMap::new();
    for (name, shape) in items {
        groups.entry(shape.to_string()).or_default().push(name);
    }
    groups
}

/// Removed items paired with added ones.
#[derive(Default)]
pub struct Renames {
    to: BTreeMap<String, String>,
    from: BTreeMap<String, String>,
}

impl Renames {
    /// The hint for a removed item, to append to its line, or nothing.
    pub fn removed_hint(&self, name: &str) -> String {
        self.to
            .get(name)
            .map(|new| format!("; hint: `{new}` was added with the same shape, so this may be a rename"))
            .unwrap_or_default()
    }

    /// The hint for an added item, to append to its line, or nothing.
    pub fn added_hint(&self, name: &str) -> String {
        self.from
            .get(name)
            .map(|old| format!("; hint: `{old}` was removed with the same shape, so this may be a rename"))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn one_removed_and_one_added_of_the_same_shape_pair_up() {
        let mut candidates = Candidates::default();
        candidates.removed("old", json!({"ty": "String"}));
        candidates.added("new", json!({"ty": "String"}));
        candidates.added("other", json!({"ty": "Bool"}));
        let renames = candidates.pairs();
        assert!(renames.removed_hint("old").contains("`new`"));
        assert!(renames.added_hint("new").contains("`old`"));
        assert_eq!(renames.added_hint("other"), "");
    }

    #[test]
    fn ambiguous_shapes_are_not_paired() {
        let mut candidates = Candidates::default();
        candidates.removed("old", json!({"ty": "String"}));
        candidates.added("first", json!({"ty": "String"}));
        candidates.added("second", json!({"ty": "String"}));
        let renames = candidates.pairs();
        assert_eq!(renames.removed_hint("old"), "");
        assert_eq!(renames.added_hint("first"), "");
    }
}
