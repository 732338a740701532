//! Where converted nodes came from.
//!
//! A Swagger 2.0 document is rewritten as OpenAPI 3.0 before it is parsed,
//! and some nodes move on the way (`definitions` become
//! `components/schemas`, a body parameter becomes `requestBody`); nodes
//! other files hold, or that a `$ref` names deep inside the document, are
//! brought into `components` (see `bundle`). Problems and warnings found
//! later name nodes of the rewritten document; this maps them back to the
//! file the user wrote and the node in it.

use std::collections::HashMap;

use crate::error::{ProblemKind, SpecProblem};
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// Prefix rewrites from the converted document to the original files.
/// Empty for a single-file OpenAPI 3.0 document whose references all name
/// components.
#[derive(Clone, Debug, Default)]
pub struct Origins {
    /// By the pointer of the converted node, where it came from. Looked up
    /// by each prefix of a pointer, so finding the longest costs the
    /// pointer's depth, however many nodes moved (a document of thousands
    /// of references makes thousands of moves).
    moves: HashMap<String, Move>,
}

/// The node at a converted pointer, and everything below it, came from
/// `original` in `file` (`None`: the spec file itself).
#[derive(Clone, Debug)]
struct Move {
    file: Option<String>,
    original: String,
}

impl Origins {
    /// Records that the node at `converted` (and everything below it) came
    /// from `original` in the spec file.
    pub(crate) fn record(&mut self, converted: &Pointer, original: &Pointer) {
        if converted != original {
            self.record_in(converted, None, original);
        }
    }

    /// Records that the node at `converted` came from `original` in `file`
    /// (`None` for the spec file).
    pub(crate) fn record_in(&mut self, converted: &Pointer, file: Option<&str>, original: &Pointer) {
        let step = Move { file: file.map(str::to_owned), original: original.as_str().to_owned() };
        self.moves.insert(converted.as_str().to_owned(), step);
    }

    /// The pointer in the original document of a node of the converted one:
    /// the longest recorded prefix is replaced.
    pub fn original(&self, pointer: &Pointer) -> Pointer {
        self.locate(pointer).1
    }

    /// The file (`None`: the spec file) and pointer a node of the converted
    /// document came from.
    pub fn locate(&self, pointer: &Pointer) -> (Option<String>, Pointer) {
        match self.rewrite(pointer.as_str()) {
            Some((file, text)) => (file.map(str::to_owned), Pointer::from_raw(text)),
            None => (None, pointer.clone()),
        }
    }

    /// The problem with its file, pointer, and any reference it quotes, in
    /// the original document's terms.
    pub fn original_problem(&self, mut problem: SpecProblem) -> SpecProblem {
        if problem.file.is_some() {
            return problem;
        }
        let (file, pointer) = self.locate(&problem.pointer);
        problem.file = file;
        problem.pointer = pointer;
        if let ProblemKind::DanglingRef(reference) | ProblemKind::RefCycle(reference) = &mut problem.kind {
            if let Some((None, text)) = self.rewrite(reference) {
                *reference = text;
            }
        }
        problem
    }

    /// The warning located in the original files, and the problem it
    /// quotes, if any.
    pub fn original_warning(&self, mut warning: Warning) -> Warning {
        if warning.file.is_none() {
            let (file, pointer) = self.locate(&warning.pointer);
            warning.file = file;
            warning.pointer = pointer;
        }
        if let WarningKind::OperationLeftOut(left_out) = &mut warning.kind {
            left_out.problem = self.original_problem(left_out.problem.clone());
        }
        warning
    }

    /// `text` with its longest recorded prefix (a whole pointer token at a
    /// time) replaced by where it came from.
    fn rewrite(&self, text: &str) -> Option<(Option<&str>, String)> {
        let mut prefix = text;
        loop {
            if let Some(step) = self.moves.get(prefix) {
                return Some((step.file.as_deref(), format!("{}{}", step.original, &text[prefix.len()..])));
            }
            prefix = &prefix[..prefix.rfind('/')?];
        }
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
