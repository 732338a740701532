//! Renames, where they are safe to guess: an item removed and an item added
//! with the same shape, and no other removed or added item of that shape.
//! They are still reported as a removal and an addition (code that names
//! the old item breaks either way), with a hint that connects the two.

use std::collections::BTreeMap;

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

    /// Likely renames, each direction keyed by name.
    pub fn pairs(&self) -> Renames {
        let mut renames = Renames::default();
        for (old_name, shape) in &self.removed {
            let same_removed = self.removed.iter().filter(|(_, other)| other == shape).count();
            let mut same_added = self.added.iter().filter(|(_, other)| other == shape);
            if let (1, Some((new_name, _)), None) = (same_removed, same_added.next(), same_added.next()) {
                renames.to.insert(old_name.clone(), new_name.clone());
                renames.from.insert(new_name.clone(), old_name.clone());
            }
        }
        renames
    }
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
