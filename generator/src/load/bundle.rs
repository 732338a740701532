//! One self-contained document from a spec that refers to other files, or
//! deep inside itself.
//!
//! Every `$ref` the normalizer meets must name a component
//! (`#/components/schemas/Pet`): that is where the names of Rust types come
//! from. This pass makes it so. A `$ref` to another file
//! (`models/pet.yaml#/Pet`), or to any other node of the document
//! (`#/components/parameters/id/schema`, `#/paths/~1users/get/...`), has its
//! target copied into `components` under a name of its own, once per
//! target, and the reference rewritten to it; path items, examples and
//! security schemes, which OpenAPI 3.0 cannot name, are copied in place.
//! [`Origins`] records where each copy came from, so problems and warnings
//! found later still name the file and node the user wrote.
//!
//! A `$ref` that cannot be followed (it names nothing, a URL, a file outside
//! the spec's directory, or comes back to itself) is a problem located at
//! the reference and at the node of the bundled document it stands in, so
//! that [`super::confine`] can leave out what it belongs to (an operation, a
//! component) rather than the whole document. A schema, example or
//! callback reference that cannot be followed is settled here: the schema
//! allows any value, the example or callback is dropped, with a warning.
//!
//! For safety, a reference may only name files inside the directory tree of
//! the spec file (after following `..` and symbolic links), and nothing is
//! fetched over the network. Each file is read and parsed once, however
//! often it is named. Copies made in place nest at most [`MAX_COPY_DEPTH`]
//! deep, and may add at most [`COPY_FACTOR`] times as many nodes as the
//! files read hold (and [`COPY_ALLOWANCE`] more): references that name one
//! another many times over (a "billion laughs") would otherwise grow the
//! document exponentially, while the work stays linear in what was read.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::openapi31::{self, Ids};
use super::origins::Origins;
use super::places::{add_components, component_name, is_component, key_text, percent_decode, set_reference};
use super::walk::Kind;
use crate::error::{ProblemKind, SpecProblem};
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// How many times the nodes of the files read the copies made in place
/// (path items, operations, maps and lists given by `$ref`) may add to the
/// document, in all; a real document's stay below its own size.
pub const COPY_FACTOR: usize = 16;

/// Nodes the copies may add whatever the size of the files: a small
/// document may name one shared list from many places.
pub const COPY_ALLOWANCE: usize = 100_000;

/// How many copies made in place may nest, each inside the one before:
/// every level is a few stack frames of the walk, and a real document's
/// nest a handful deep (an operation in a path item, its responses, a
/// media type).
pub const MAX_COPY_DEPTH: usize = 64;

/// Where the spec came from.
pub struct Source<'a> {
    /// How the spec file is named in messages.
    pub label: &'a str,
    /// The spec file on disk; `None` for text given directly, which may
    /// not refer to other files.
    pub path: Option<&'a Path>,
}

/// A node's place: the file and pointer it was written at (for messages),
/// and where it ends up in the bundled document (for [`Origins`]).
#[derive(Clone, Debug)]
pub struct Loc {
    pub file: usize,
    pub written: Pointer,
    pub bundled: Pointer,
}

impl Loc {
    /// The spec file's root.
    pub fn root() -> Loc {
        Loc { file: 0, written: Pointer::root(), bundled: Pointer::root() }
    }

    pub fn join(&self, token: impl AsRef<str>) -> Loc {
        let token = token.as_ref();
        Loc { file: self.file, written: self.written.join(token), bundled: self.bundled.join(token) }
    }
}

/// A file taking part: the spec (index 0) or one a `$ref` names.
struct File {
    /// How it is named in messages; `None` for the spec file.
    label: Option<String>,
    /// Its directory, where its relative references start.
    dir: Option<PathBuf>,
    value: Value,
    /// Its `$id`s and anchors (OpenAPI 3.1 only).
    ids: Ids,
}

/// Which OpenAPI the document was written in; the bundler sees 3.0 in
/// shape either way, but reads schemas and references as it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    OpenApi30,
    /// Converted to 3.0 before bundling: schemas from other files are
    /// still Swagger's and are converted as they come in.
    Swagger20,
    /// Schemas are rewritten as the walk reaches them (see `openapi31`).
    OpenApi31,
}

/// The state of one bundling run.
pub struct Bundler<'o> {
    files: Vec<File>,
    /// Files by canonical path, so each is parsed once.
    by_path: HashMap<PathBuf, usize>,
    /// The canonical directory every referenced file must be inside.
    root_dir: Option<PathBuf>,
    /// The spec file's label, for the labels of the files it names.
    root_label: String,
    /// Component names taken, per section.
    taken: HashMap<&'static str, HashSet<String>>,
    /// Per section and name, the first number not yet tried as its suffix.
    next_suffix: HashMap<(&'static str, String), usize>,
    /// The component each copied target became: by file, pointer and section.
    copied: HashMap<(usize, String, &'static str), String>,
    /// Components to add once the walk is over.
    added: Vec<(&'static str, String, Value)>,
    /// Targets being copied in place right now, to catch cycles.
    inlining: Vec<(usize, String)>,
    /// Schemas of the spec file copied into components: by the pointer
    /// where they are written, their component's name.
    schema_copies: HashMap<String, String>,
    /// Nodes the copies made in place have added so far.
    copied_nodes: usize,
    /// Nodes of the files read so far, the spec's included.
    read_nodes: usize,
    pub(super) dialect: Dialect,
    /// Nodes the 3.1 rewrite moved: by where they are in the bundled
    /// document, where they were written.
    pub(super) moved: HashMap<String, Pointer>,
    pub(super) origins: &'o mut Origins,
    pub(super) problems: Vec<Broken>,
    pub(super) warnings: Vec<Warning>,
}

/// A problem, located where it is written and by the node of the bundled
/// document it belongs to.
#[derive(Clone, Debug)]
pub struct Broken {
    /// The node of the bundled document the problem is in.
    pub bundled: Pointer,
    pub problem: SpecProblem,
}

/// What bundling gives.
pub struct Bundled {
    pub document: Value,
    pub warnings: Vec<Warning>,
    pub problems: Vec<Broken>,
    /// Schemas of the spec file that a `$ref` named deep inside it, copied
    /// into `components`: by the pointer where they are written, the
    /// component's name. The normalizer types them there as that
    /// component, so the schema becomes one type, not two.
    pub schema_copies: HashMap<String, String>,
}

/// Bundles `document` (already OpenAPI 3.0 in shape). Warnings and problems
/// are located in the files they come from.
pub fn bundle(document: Value, source: &Source<'_>, dialect: Dialect, origins: &mut Origins) -> Bundled {
    let root_path = source.path.and_then(|path| path.canonicalize().ok());
    let root_dir = root_path.as_ref().and_then(|path| path.parent().map(Path::to_owned));
    let mut bundler = Bundler {
        files: vec![File { label: None, dir: root_dir.clone(), value: Value::Null, ids: Ids::default() }],
        // A file referring back to the spec reads the spec, not a copy.
        by_path: root_path.into_iter().map(|path| (path, 0)).collect(),
        root_dir,
        root_label: source.label.to_owned(),
        taken: HashMap::new(),
        next_suffix: HashMap::new(),
        copied: HashMap::new(),
        added: Vec::new(),
        inlining: Vec::new(),
        schema_copies: HashMap::new(),
        copied_nodes: 0,
        read_nodes: count_nodes(&document),
        dialect,
        moved: HashMap::new(),
        origins,
        problems: Vec::new(),
        warnings: Vec::new(),
    };
    let mut document = document;
    // References are resolved against the document as written.
    bundler.files[0].value = document.clone();
    if dialect == Dialect::OpenApi31 {
        bundler.files[0].ids = Ids::of(&document);
    }
    let sections = bundler.sections(&mut document);
    if sections.iter().any(|(_, at)| at.file != 0 || at.written != at.bundled) {
        // A reference to a component of a section another file holds
        // resolves in the document, where the section now is.
        bundler.files[0].value = document.clone();
    }
    bundler.taken = taken_names(&document);
    bundler.document(&mut document, sections);
    let Bundler { added, problems, warnings, schema_copies, .. } = bundler;
    if !added.is_empty() {
        add_components(&mut document, added);
    }
    Bundled { document, warnings, problems, schema_copies }
}

/// The component names `document` already uses, per section.
fn taken_names(document: &Value) -> HashMap<&'static str, HashSet<String>> {
    let mut taken: HashMap<&'static str, HashSet<String>> = HashMap::new();
    if let Some(components) = document.get("components").and_then(Value::as_mapping) {
        for (section, entries) in components {
            let (Some(section), Some(entries)) = (section.as_str(), entries.as_mapping()) else { continue };
            if let Some(section) = Kind::SECTIONS.iter().find(|known| **known == section) {
                taken.entry(section).or_default().extend(entries.keys().filter_map(key_text));
            }
        }
    }
    taken
}

impl Bundler<'_> {
    /// Handles the `$ref` of `node` (a mapping holding one), which stands
    /// where a `kind` belongs. A component entry (`as_component`) that is
    /// only a reference takes the target's content under its own name.
    ///
    /// A schema whose reference cannot be followed becomes one that allows
    /// any value, and an example or callback is dropped, each with a
    /// warning: they do not stop an operation from being called.
    pub(super) fn reference(&mut self, node: &mut Value, kind: Kind, at: &Loc, as_component: Option<&str>) {
        let found = self.problems.len();
        self.follow(node, kind, at, as_component);
        if !matches!(kind, Kind::Schema | Kind::Example | Kind::Callback) || self.problems.len() == found {
            return;
        }
        let (whole, settled): (Vec<Broken>, Vec<Broken>) =
            self.problems.split_off(found).into_iter().partition(|broken| broken.bundled == Pointer::root());
        self.problems.extend(whole);
        if settled.is_empty() {
            return;
        }
        for Broken { problem, .. } in settled {
            // The reference as the user wrote it (Swagger 2.0's `#/definitions/...`); the
            // warning's own place is mapped with the others.
            let shown = match self.dialect {
                Dialect::Swagger20 => self.origins.original_problem(problem.clone()).kind,
                _ => problem.kind,
            };
            let detail = match kind {
                Kind::Schema => format!("{shown}; the value is serde_json::Value"),
                _ => format!("{shown}; left out"),
            };
            let kind = match kind {
                Kind::Schema => WarningKind::SchemaUntyped(detail),
                _ => WarningKind::PartLeftOut(detail),
            };
            self.warnings.push(Warning { file: problem.file, pointer: problem.pointer, kind });
        }
        *node = Value::Mapping(serde_yaml::Mapping::new());
    }

    fn follow(&mut self, node: &mut Value, kind: Kind, at: &Loc, as_component: Option<&str>) {
        let Some(reference) = node.get("$ref").and_then(Value::as_str).map(str::to_owned) else { return };
        let ref_at = at.join("$ref");
        let Some((file, pointer)) = self.target(&reference, at.file, &ref_at) else { return };
        // 3.1: `summary` and `description` beside the `$ref` replace the
        // target's, so the target is copied here to carry them.
        let overrides = match node.as_mapping() {
            Some(mapping) if self.dialect == Dialect::OpenApi31 && kind != Kind::Schema => {
                openapi31::overrides(mapping)
            }
            _ => Vec::new(),
        };
        if !overrides.is_empty() {
            self.inline(node, kind, at, (file, pointer), &reference);
            openapi31::apply_overrides(node, overrides);
            return;
        }
        let section = kind.section();
        if file == 0 && section.is_some_and(|section| is_component(&pointer, section)) {
            if self.node_ref(0, &pointer).is_none() {
                self.problem(&ref_at, ProblemKind::DanglingRef(reference));
                return;
            }
            if at.file != 0 || reference != pointer.as_str() {
                set_reference(node, pointer.as_str());
            }
            return;
        }
        let key = (file, pointer.as_str().to_owned(), section.unwrap_or_default());
        if let (Some(section), Some(name)) = (section, self.copied.get(&key)) {
            set_reference(node, Pointer::root().join("components").join(section).join(name).as_str());
            return;
        }
        let Some(target) = self.node_ref(file, &pointer).cloned() else {
            self.problem(&ref_at, ProblemKind::DanglingRef(reference));
            return;
        };
        match (section, as_component) {
            (Some(_), Some(name)) if kind.is_named() => {
                self.copied.insert(key, name.to_owned());
                *node = self.copy(target, kind, file, &pointer, at.bundled.clone());
            }
            (Some(section), _) if kind.is_named() => {
                let name = self.claim(section, &pointer, file);
                self.copied.insert(key, name.clone());
                let bundled = Pointer::root().join("components").join(section).join(&name);
                if file == 0 && kind == Kind::Schema {
                    self.schema_copies.insert(pointer.as_str().to_owned(), name.clone());
                }
                let copy = self.copy(target, kind, file, &pointer, bundled.clone());
                self.added.push((section, name, copy));
                set_reference(node, bundled.as_str());
            }
            _ => self.inline(node, kind, at, (file, pointer), &reference),
        }
    }

    /// Records that the node written at `at` is the component `name` of
    /// `section`, so references to it name the component.
    pub(super) fn name_component(&mut self, section: &'static str, at: &Loc, name: String) {
        self.copied.insert((at.file, at.written.as_str().to_owned(), section), name);
    }

    /// Replaces the reference `node` by a copy of its target, walked in
    /// place.
    fn inline(&mut self, node: &mut Value, kind: Kind, at: &Loc, target: (usize, Pointer), reference: &str) {
        let (file, pointer) = target;
        let ref_at = &at.join("$ref");
        let place = (file, pointer.as_str().to_owned());
        if self.inlining.contains(&place) {
            self.problem(ref_at, ProblemKind::RefCycle(reference.to_owned()));
            return;
        }
        let Some(copy) = self.copy_of(file, &pointer, reference, ref_at) else { return };
        self.inlining.push(place);
        *node = self.copy(copy, kind, file, &pointer, at.bundled.clone());
        self.inlining.pop();
    }

    /// Follows the `$ref` of a node OpenAPI does not let one stand for (a
    /// map of responses, a list of parameters, a section of `components`),
    /// as JSON Reference tools do: the node becomes a copy of its target,
    /// and `walk` walks it as the file it was written in says. The targets
    /// stay on the stack of copies in progress while it does, so a
    /// reference that comes back to one of them is a cycle.
    pub(super) fn unlisted<T>(
        &mut self,
        node: &mut Value,
        at: &Loc,
        walk: impl FnOnce(&mut Self, &mut Value, &Loc) -> T,
    ) -> T {
        let mut at = at.clone();
        let depth = self.inlining.len();
        while let Some(reference) = node.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            let ref_at = at.join("$ref");
            let Some((file, pointer)) = self.target(&reference, at.file, &ref_at) else { break };
            let place = (file, pointer.as_str().to_owned());
            if self.inlining.contains(&place) {
                self.problem(&ref_at, ProblemKind::RefCycle(reference));
                break;
            }
            let Some(copy) = self.copy_of(file, &pointer, &reference, &ref_at) else { break };
            let (origin_file, origin) = self.written_at(file, &pointer);
            self.origins.record_in(&at.bundled, origin_file.as_deref(), &origin);
            self.inlining.push(place);
            *node = copy;
            at = Loc { file, written: pointer, bundled: at.bundled };
        }
        let walked = walk(self, node, &at);
        self.inlining.truncate(depth);
        walked
    }

    /// A copy of the node at `pointer` in `file` to put in place of a
    /// reference, if the budget of copies allows it; `None` after recording
    /// why not.
    fn copy_of(&mut self, file: usize, pointer: &Pointer, reference: &str, ref_at: &Loc) -> Option<Value> {
        if self.inlining.len() >= MAX_COPY_DEPTH {
            let message = format!(
                "$ref `{reference}`: references copied in place nest more than {MAX_COPY_DEPTH} deep here"
            );
            self.problem(ref_at, ProblemKind::Invalid(message));
            return None;
        }
        let Some(size) = self.node_ref(file, pointer).map(count_nodes) else {
            self.problem(ref_at, ProblemKind::DanglingRef(reference.to_owned()));
            return None;
        };
        let budget = self.read_nodes.saturating_mul(COPY_FACTOR).saturating_add(COPY_ALLOWANCE);
        let spent = self.copied_nodes > budget;
        self.copied_nodes = self.copied_nodes.saturating_add(size);
        if spent {
            return None;
        }
        if self.copied_nodes > budget {
            let message = format!(
                "$ref `{reference}`: the references copied in place would add more than {budget} nodes to \
                 a document of {} (with the files it names); they name one another too many times over",
                self.read_nodes
            );
            let mut problem = SpecProblem::invalid(&ref_at.written, message);
            problem.file = self.files[ref_at.file].label.clone();
            // The whole document is at fault, not the node: located at its root, it is refused.
            self.problems.push(Broken { bundled: Pointer::root(), problem });
            return None;
        }
        self.node_ref(file, pointer).cloned()
    }

    /// The target walked as a `kind` in its own file, its origin recorded.
    fn copy(
        &mut self,
        mut target: Value,
        kind: Kind,
        file: usize,
        pointer: &Pointer,
        bundled: Pointer,
    ) -> Value {
        let (origin_file, origin) = self.written_at(file, pointer);
        self.origins.record_in(&bundled, origin_file.as_deref(), &origin);
        if self.dialect == Dialect::Swagger20 && file != 0 {
            target = super::swagger::external(kind, &target);
        }
        let at = Loc { file, written: pointer.clone(), bundled };
        self.visit(&mut target, kind, &at);
        target
    }

    /// The file and node a `$ref` names, reading the file if need be; `None`
    /// after recording why there is none.
    fn target(&mut self, reference: &str, from: usize, at: &Loc) -> Option<(usize, Pointer)> {
        if let Some(pointer) = self.files[from].ids.resolve(reference, &at.written) {
            return Some((from, pointer));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let pointer = match fragment {
            "" => Pointer::root(),
            fragment if fragment.starts_with('/') => Pointer::from_raw(format!("#{fragment}")),
            _ => {
                self.problem(at, ProblemKind::DanglingRef(reference.to_owned()));
                return None;
            }
        };
        if path.is_empty() {
            return Some((from, pointer));
        }
        if path.contains("://") || path.starts_with("//") {
            self.problem(at, ProblemKind::NetworkRef(reference.to_owned()));
            return None;
        }
        let (Some(root_dir), Some(dir)) = (self.root_dir.clone(), self.files[from].dir.clone()) else {
            self.problem(at, ProblemKind::ExternalRef(reference.to_owned()));
            return None;
        };
        let decoded = percent_decode(path);
        let bad_file = |message: String| ProblemKind::BadFile { reference: reference.to_owned(), message };
        let canonical = match dir.join(&decoded).canonicalize() {
            Ok(canonical) => canonical,
            Err(error) => {
                self.problem(at, bad_file(format!("cannot read `{decoded}`: {error}")));
                return None;
            }
        };
        if !canonical.starts_with(&root_dir) {
            self.problem(at, ProblemKind::OutsideRef(reference.to_owned()));
            return None;
        }
        if let Some(&file) = self.by_path.get(&canonical) {
            return Some((file, pointer));
        }
        let relative = canonical.strip_prefix(&root_dir).unwrap_or(&canonical);
        let label = self.label_of(relative);
        let is_json = canonical.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
        // Only a regular file, of bounded size: a named pipe or a device in
        // the spec's directory would block or never end.
        let parsed = super::text::read(&canonical)
            .map_err(|error| error.to_string())
            .and_then(|text| super::text::parse(&label, &text, is_json).map_err(|error| error.to_string()));
        let value = match parsed {
            Ok(value) => value,
            Err(message) => {
                self.problem(at, bad_file(message));
                return None;
            }
        };
        let file = self.files.len();
        self.read_nodes = self.read_nodes.saturating_add(count_nodes(&value));
        let ids = if self.dialect == Dialect::OpenApi31 { Ids::of(&value) } else { Ids::default() };
        self.files.push(File { label: Some(label), dir: canonical.parent().map(Path::to_owned), value, ids });
        self.by_path.insert(canonical, file);
        Some((file, pointer))
    }

    /// A referenced file's label: its path from the spec's directory, under
    /// the directory the spec's label names.
    fn label_of(&self, relative: &Path) -> String {
        let relative: Vec<String> =
            relative.components().map(|part| part.as_os_str().to_string_lossy().into_owned()).collect();
        let relative = relative.join("/");
        match self.root_label.rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{relative}"),
            None => relative,
        }
    }

    /// The node at `pointer` in `file`.
    fn node_ref(&self, file: usize, pointer: &Pointer) -> Option<&Value> {
        let mut current = &self.files[file].value;
        for token in pointer.tokens() {
            current = match current {
                // Looked up, not searched: a mapping of thousands of entries
                // that thousands of `$ref`s name into.
                Value::Mapping(mapping) => mapping.get(token.as_str()).or_else(|| {
                    let number = token.parse::<i64>().ok().map(Value::from);
                    let flag = token.parse::<bool>().ok().map(Value::from);
                    let key =
                        number.or(flag).filter(|key| key_text(key).as_deref() == Some(token.as_str()))?;
                    mapping.get(&key)
                })?,
                Value::Sequence(items) => items.get(token.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(current)
    }

    /// A fresh component name in `section` for the node at `pointer`.
    fn claim(&mut self, section: &'static str, pointer: &Pointer, file: usize) -> String {
        let stem = self.files[file]
            .label
            .as_deref()
            .and_then(|label| label.rsplit('/').next())
            .map(|name| name.split('.').next().unwrap_or(name).to_owned());
        let base = component_name(pointer).or(stem).unwrap_or_else(|| "Shared".to_owned());
        let taken = self.taken.entry(section).or_default();
        // Numbered from where the last claim of this name stopped, so that
        // thousands of targets of one name are named in linear time.
        let first = self.next_suffix.get(&(section, base.clone())).copied().unwrap_or(1);
        let (number, name) = (first..)
            .map(|n| (n, if n == 1 { base.clone() } else { format!("{base}{n}") }))
            .find(|(_, candidate)| !taken.contains(candidate))
            .unwrap_or_default();
        taken.insert(name.clone());
        self.next_suffix.insert((section, base), number + 1);
        name
    }

    /// Where a node of `file` was written: for the spec file, in the terms
    /// of the original document (a converted Swagger 2.0 node moved).
    fn written_at(&self, file: usize, pointer: &Pointer) -> (Option<String>, Pointer) {
        match &self.files[file].label {
            Some(label) => (Some(label.clone()), pointer.clone()),
            None => self.origins.locate(pointer),
        }
    }

    /// Records a problem at `at`, in the file it is in and in the bundled
    /// document.
    pub(super) fn problem(&mut self, at: &Loc, kind: ProblemKind) {
        let mut problem = SpecProblem::new(&at.written, kind);
        problem.file = self.files[at.file].label.clone();
        self.problems.push(Broken { bundled: at.bundled.clone(), problem });
    }

    /// How `file` is named in messages; `None` for the spec file.
    pub(super) fn file_label(&self, file: usize) -> Option<String> {
        self.files[file].label.clone()
    }

    /// Records a warning at `at`, in the file it is in.
    pub(super) fn warn(&mut self, at: &Loc, kind: crate::warning::WarningKind) {
        let mut warning = Warning::new(&at.written, kind);
        warning.file = self.files[at.file].label.clone();
        self.warnings.push(warning);
    }
}

/// How many nodes `value` holds, itself included.
fn count_nodes(value: &Value) -> usize {
    let mut count = 0;
    let mut pending = vec![value];
    while let Some(node) = pending.pop() {
        count += 1;
        match node {
            Value::Mapping(mapping) => pending.extend(mapping.values()),
            Value::Sequence(items) => pending.extend(items),
            Value::Tagged(tagged) => pending.push(&tagged.value),
            _ => {}
        }
    }
    count
}
