//! Where converted nodes came from.
//!
//! A Swagger 2.0 document is rewritten as OpenAPI 3.0 before it is parsed,
//! and some nodes move on the way (`definitions` become
//! `components/schemas`, a body parameter becomes `requestBody`). Problems
//! found later name nodes of the rewritten document; this maps them back to
//! the file the user wrote.

use crate::error::{ProblemKind, SpecProblem};
use crate::pointer::Pointer;

/// Prefix rewrites from the converted document to the original one. Empty
/// for documents that were not converted.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    moves: Vec<(String, String)>,
}

impl Origins {
    /// Records that the node at `converted` (and everything below it) came
    /// from `original`.
    pub(crate) fn record(&mut self, converted: &Pointer, original: &Pointer) {
        if converted != original {
            self.moves.push((converted.as_str().to_owned(), original.as_str().to_owned()));
        }
    }

    /// The pointer in the original document of a node of the converted one:
    /// the longest recorded prefix is replaced.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        self.rewrite(pointer.as_str()).map_or_else(|| pointer.clone(), Pointer::from_raw)
    }

    /// The problem with its pointer, and any reference it quotes, in the
    /// original document's terms.
    pub fn original_problem(&self, mut problem: SpecProblem) -> SpecProblem {
        problem.pointer = self.original(&problem.pointer);
        if let ProblemKind::DanglingRef(reference) | ProblemKind::RefCycle(reference) = &mut problem.kind {
            if let Some(text) = self.rewrite(reference) {
                *reference = text;
            }
        }
        problem
    }

    fn rewrite(&self, text: &str) -> Option<String> {
        self.moves
            .iter()
            .filter(|(converted, _)| {
                text.strip_prefix(converted.as_str())
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .max_by_key(|(converted, _)| converted.len())
            .map(|(converted, original)| format!("{original}{}", &text[converted.len()..]))
    }
}

#[cfg(test)]
mod tests {
    use super::Origins;
    use crate::pointer::Pointer;

    #[test]
    fn the_longest_recorded_prefix_wins() {
        let mut origins = Origins::default();
        let root = Pointer::root();
        origins.record(&root.join("components").join("schemas"), &root.join("definitions"));
        let body = root.join("paths").join("/a").join("post");
        origins.record(&body.join("requestBody"), &body.join("parameters").join("1"));
        origins.record(
            &body.join("requestBody").join("content").join("application/json").join("schema"),
            &body.join("parameters").join("1").join("schema"),
        );
        let schema = root.join("components").join("schemas").join("Pet").join("properties");
        assert_eq!(origins.original(&schema).as_str(), "#/definitions/Pet/properties");
        let inner =
            body.join("requestBody").join("content").join("application/json").join("schema").join("items");
        assert_eq!(origins.original(&inner).as_str(), "#/paths/~1a/post/parameters/1/schema/items");
        assert_eq!(origins.original(&body.join("requestBody")).as_str(), "#/paths/~1a/post/parameters/1");
        let untouched = root.join("components").join("schemasX");
        assert_eq!(origins.original(&untouched), untouched);
    }
}
