//! The type space: every schema the spec uses, turned into Rust types once.
//!
//! Component schemas are named first, so `$ref`s resolve to names whatever the
//! order; inline objects, enums and unions become models named after where
//! they appear (`Dimension.tileExtent` becomes `DimensionTileExtent`).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::names::{self, NameSet};
use super::objects::{self, AllOf};
use super::shape::{self, Node, Shape};
use super::{docs, enums, examples, formats, graph, nesting, refs};
use crate::error::SpecProblem;
use crate::ir::{Enum, Example, Literal, Model, ModelKind, TypeRef};
use crate::pointer::Pointer;
use crate::warning::{Warning, WarningKind};

/// What an inline schema turns out to be: a model to define under a name
/// of its own, or a type that needs none.
enum Inline {
    Model(ModelKind),
    Type(TypeRef),
}

/// A type plus whether the schema allows `null`.
#[derive(Clone, Debug)]
pub struct Typed {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Builds models from schemas; queried by the operation normalizer.
pub struct TypeSpace<'a> {
    pub(super) api: &'a OpenAPI,
    /// Follows `$ref`s, each chain once.
    pub(super) refs: refs::Refs<'a>,
    /// Rust names of component schemas, by component name.
    component_names: HashMap<String, String>,
    /// Component names, by Rust name.
    component_wires: HashMap<String, String>,
    /// The component schemas that allow `null`, found once: whether one
    /// does can take reading all its values (`null` among them), and each
    /// `$ref` to it asks.
    nullable_components: HashSet<String>,
    /// Enum models' variants by value, by model name (`None`: no enum).
    enum_lookups: HashMap<String, Option<enums::Lookup>>,
    /// Models defined so far, in definition order.
    models: Vec<Model>,
    /// Taken type names.
    type_names: NameSet,
    /// What was typed less precisely than the spec says.
    warnings: Vec<Warning>,
    /// Body examples and the types they belong to.
    pub(super) examples: examples::Examples,
    /// Inline schemas that are components too: pointer to component name.
    copies: &'a HashMap<String, String>,
    /// Inline schemas whose model is being built, by location: the name
    /// hint, and the name claimed once the schema turned out to contain
    /// itself. An inline schema can reach itself again only through an
    /// `allOf` member that refers to the component it sits in, whose
    /// properties are then merged in; without this, that merge would expand
    /// forever.
    inline_in_progress: HashMap<Pointer, (String, Option<String>)>,
    /// Inline schemas already typed, by where they are written. A schema
    /// reached again (an `allOf` copying another schema's properties, a
    /// request body or response component used by many operations) has the
    /// type it got the first time: one model, not one more per use, whose
    /// number would multiply with the uses.
    inline_types: HashMap<Pointer, Typed>,
    /// The keys of `inline_types` in the order they were typed, so that a
    /// left-out operation's can be forgotten ([`Self::rollback`]).
    inline_order: Vec<Pointer>,
    /// Fields, and bytes of their descriptions, copied so far from schemas
    /// into the structs and operations that use them (see
    /// [`objects::MAX_COPIED_FIELDS`]).
    copied: (usize, usize),
    /// The shapes of schemas reached by reference (see [`Self::shape`]).
    shapes: RefCell<HashMap<*const Schema, Rc<Shape<'a>>>>,
    /// Models by name: their index in `models`.
    model_index: HashMap<String, usize>,
}

/// What a [`TypeSpace`] held at one point, so that what an operation added
/// can be taken back when the operation is left out.
pub struct Mark {
    models: usize,
    type_names: usize,
    warnings: usize,
    examples: usize,
    inline_types: usize,
}

impl<'a> TypeSpace<'a> {
    /// The point to come back to with [`TypeSpace::rollback`].
    pub fn mark(&self) -> Mark {
        Mark {
            models: self.models.len(),
            type_names: self.type_names.mark(),
            warnings: self.warnings.len(),
            examples: self.examples.list.len(),
            inline_types: self.inline_order.len(),
        }
    }

    /// Forgets the models, names, warnings and examples added since `mark`.
    /// An operation's inline models belong to it alone (a schema written in
    /// two places is typed twice), so nothing left refers to them.
    pub fn rollback(&mut self, mark: Mark) {
        for model in self.models.drain(mark.models..) {
            self.model_index.remove(&model.name);
        }
        for at in self.inline_order.drain(mark.inline_types..) {
            self.inline_types.remove(&at);
        }
        self.type_names.release_since(mark.type_names);
        self.warnings.truncate(mark.warnings);
        self.examples.truncate(mark.examples);
    }

    /// A type space in which every component schema already has its name.
    pub fn new(api: &'a OpenAPI, copies: &'a HashMap<String, String>) -> Self {
        let mut type_names = NameSet::default();
        let component_names: HashMap<String, String> =
            schemas(api).map(|(wire, _)| (wire.clone(), type_names.claim(names::type_name(wire)))).collect();
        let component_wires =
            component_names.iter().map(|(wire, rust)| (rust.clone(), wire.clone())).collect();
        let nullable_components = schemas(api)
            .filter(|(_, schema)| matches!(schema, ReferenceOr::Item(schema) if shape::is_nullable(schema)))
            .map(|(wire, _)| wire.clone())
            .collect();
        TypeSpace {
            api,
            refs: refs::Refs::new(api),
            component_names,
            component_wires,
            nullable_components,
            enum_lookups: HashMap::new(),
            models: Vec::new(),
            type_names,
            warnings: Vec::new(),
            examples: examples::Examples::default(),
            copies,
            inline_in_progress: HashMap::new(),
            inline_types: HashMap::new(),
            inline_order: Vec::new(),
            model_index: HashMap::new(),
            shapes: RefCell::new(HashMap::new()),
            copied: (0, 0),
        }
    }

    /// Defines a model for every component schema. One that cannot be
    /// typed (a reference that comes back to itself) allows any value, with
    /// a warning, and leaves nothing else behind.
    pub fn define_components(&mut self) {
        for (wire, schema) in schemas(self.api) {
            let at = Pointer::root().join("components").join("schemas").join(wire);
            let name = self.component_names[wire].clone();
            let mark = self.mark();
            if let Err(problem) = self.define_component(name.clone(), schema, &at) {
                self.rollback(mark);
                let detail = format!("{}; the value is serde_json::Value", problem.kind);
                self.warn(&problem.pointer, WarningKind::SchemaUntyped(detail));
                let docs = match schema {
                    ReferenceOr::Item(schema) => docs::schema_docs(schema),
                    ReferenceOr::Reference { .. } => String::new(),
                };
                self.models.push(Model {
                    name,
                    docs,
                    kind: ModelKind::Alias(TypeRef::Json),
                    deprecated: false,
                });
            }
        }
    }

    fn define_component(
        &mut self,
        name: String,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<(), SpecProblem> {
        let (kind, docs, deprecated) = match schema {
            ReferenceOr::Reference { reference } => {
                // A chain of aliases that comes back to where it started
                // names no value (and would make `type A = A;`).
                self.refs.resolve(schema, at)?;
                (ModelKind::Alias(self.named(reference, at)?.ty), String::new(), false)
            }
            ReferenceOr::Item(schema) if schema.schema_data.example.is_some() => {
                let kind = self.model_kind(schema, &name, at)?;
                let example = schema.schema_data.example.as_ref().unwrap_or(&serde_json::Value::Null);
                let ty = TypeRef::Model(name.clone());
                let ty = if shape::is_nullable(schema) { TypeRef::Option(Box::new(ty)) } else { ty };
                self.examples.record_schema(&at.join("example"), example, ty, false);
                (kind, docs::schema_docs(schema), schema.schema_data.deprecated)
            }
            ReferenceOr::Item(schema) => (
                self.model_kind(schema, &name, at)?,
                docs::schema_docs(schema),
                schema.schema_data.deprecated,
            ),
        };
        self.model_index.insert(name.clone(), self.models.len());
        self.models.push(Model { name, docs, kind, deprecated });
        Ok(())
    }

    /// What a component schema becomes: a struct, enum or union when it
    /// defines one, an alias otherwise.
    fn model_kind(&mut self, schema: &'a Schema, name: &str, at: &Pointer) -> Result<ModelKind, SpecProblem> {
        if let Some(values) = self.enum_or_constants(schema) {
            return Ok(ModelKind::Enum(values));
        }
        Ok(match shape::shape(schema) {
            Shape::Object(object) if !object.properties.is_empty() => {
                ModelKind::Struct(self.struct_of(name, &[(object, at.clone())])?)
            }
            Shape::AllOf { members, beside } if members.len() > 1 || beside.is_some() => {
                match self.all_of(name, members, beside, at)? {
                    AllOf::Struct(model) => ModelKind::Struct(model),
                    AllOf::Type(ty) => ModelKind::Alias(ty),
                }
            }
            Shape::OneOf { members, keyword } if members.len() > 1 => {
                let discriminator = schema.schema_data.discriminator.as_ref();
                ModelKind::Union(self.union_of(name, members, discriminator, &at.join(keyword))?)
            }
            _ => ModelKind::Alias(self.inline_type(schema, name, at)?),
        })
    }

    /// The type of `node`, used at `at`. Inline schemas that need a name get
    /// one built from `hint`.
    pub fn type_of(&mut self, node: Node<'a>, hint: &str, at: &Pointer) -> Result<Typed, SpecProblem> {
        match node {
            Node::Ref(reference) => self.named(reference, at),
            Node::Inline(schema) if self.copies.contains_key(at.as_str()) => {
                let component = &self.copies[at.as_str()];
                let name = self.component_names.get(component).cloned().unwrap_or_default();
                Ok(Typed { ty: TypeRef::Model(name), nullable: shape::is_nullable(schema) })
            }
            Node::Inline(_) if self.inline_types.contains_key(at) => Ok(self.inline_types[at].clone()),
            Node::Inline(schema) => {
                let ty = self.inline_type(schema, hint, at)?;
                let member_nullable = match shape::shape(schema) {
                    Shape::OneOf { members: [only], .. } => self.node_nullable(only.into()),
                    Shape::AllOf { members, beside: None } => self.all_of_nullable(members),
                    _ => false,
                };
                let typed = Typed { ty, nullable: shape::is_nullable(schema) || member_nullable };
                self.inline_types.insert(at.clone(), typed.clone());
                self.inline_order.push(at.clone());
                Ok(typed)
            }
        }
    }

    /// The model a schema `$ref` names.
    fn named(&self, reference: &str, at: &Pointer) -> Result<Typed, SpecProblem> {
        let wire = refs::component_name::<Schema>(reference, &at.join("$ref"))?;
        let Some(name) = self.component_names.get(&wire) else {
            return Err(SpecProblem::new(
                &at.join("$ref"),
                crate::error::ProblemKind::DanglingRef(reference.to_owned()),
            ));
        };
        Ok(Typed { ty: TypeRef::Model(name.clone()), nullable: self.nullable_components.contains(&wire) })
    }

    fn inline_type(&mut self, schema: &'a Schema, hint: &str, at: &Pointer) -> Result<TypeRef, SpecProblem> {
        if let Some(values) = self.enum_or_constants(schema) {
            return Ok(self.define(hint, schema, ModelKind::Enum(values)));
        }
        Ok(match shape::shape(schema) {
            Shape::String { format, .. } => formats::string_type(format.as_deref()),
            Shape::Integer { format, .. } => formats::integer_type(format.as_deref()),
            Shape::Number { format } => formats::number_type(format.as_deref()),
            Shape::Boolean => TypeRef::Bool,
            Shape::Mixed { .. } | Shape::Any => TypeRef::Json,
            Shape::Array { items } => {
                let item = match items {
                    Some(items) => {
                        let item = self.type_of(items.into(), &format!("{hint}Item"), &at.join("items"))?;
                        if item.nullable {
                            TypeRef::Option(Box::new(item.ty))
                        } else {
                            item.ty
                        }
                    }
                    None => TypeRef::Json,
                };
                self.within_type_budget(TypeRef::List(Box::new(item)), at)
            }
            Shape::Object(object) if !object.properties.is_empty() => {
                self.define_inline(hint, schema, at, |types| {
                    Ok(Inline::Model(ModelKind::Struct(types.struct_of(hint, &[(object, at.clone())])?)))
                })?
            }
            Shape::Object(object) => match object.additional {
                Some(openapiv3::AdditionalProperties::Schema(value)) => {
                    let value = self.type_of(
                        (&**value).into(),
                        &format!("{hint}Value"),
                        &at.join("additionalProperties"),
                    )?;
                    let value = if value.nullable { TypeRef::Option(Box::new(value.ty)) } else { value.ty };
                    self.within_type_budget(TypeRef::Map(Box::new(value)), at)
                }
                Some(_) => TypeRef::JsonObject,
                None => TypeRef::Json,
            },
            Shape::AllOf { members: [only], beside: None } => {
                self.type_of(only.into(), hint, &at.join("allOf").join("0"))?.ty
            }
            Shape::AllOf { members, beside } => self.define_inline(hint, schema, at, |types| match types
                .all_of(hint, members, beside, at)?
            {
                AllOf::Struct(model) => Ok(Inline::Model(ModelKind::Struct(model))),
                AllOf::Type(ty) => Ok(Inline::Type(ty)),
            })?,
            Shape::OneOf { members: [only], keyword } => {
                self.type_of(only.into(), hint, &at.join(keyword).join("0"))?.ty
            }
            Shape::OneOf { members, keyword } => self.define_inline(hint, schema, at, |types| {
                let discriminator = schema.schema_data.discriminator.as_ref();
                let union = types.union_of(hint, members, discriminator, &at.join(keyword))?;
                Ok(Inline::Model(ModelKind::Union(union)))
            })?,
            Shape::Not => {
                self.warn(&at.join("not"), WarningKind::NotSchema);
                TypeRef::Json
            }
        })
    }

    /// `ty`, or `serde_json::Value` when its lists and maps nest deeper
    /// than one type may (see [`nesting`]).
    fn within_type_budget(&mut self, ty: TypeRef, at: &Pointer) -> TypeRef {
        if nesting::steps(&ty) <= nesting::TYPE_BUDGET {
            return ty;
        }
        let detail = "lists and maps nest here deeper than rustc's checks go (drop, `Send`); the value \
                      is serde_json::Value"
            .to_owned();
        self.warn(at, WarningKind::DeepNesting(detail));
        TypeRef::Json
    }

    /// Builds the model of the inline schema at `at` with `build` and adds
    /// it. When building reaches the same schema again, that use refers to
    /// the model being built, which is then recursive (and boxed later).
    fn define_inline(
        &mut self,
        hint: &str,
        schema: &Schema,
        at: &Pointer,
        build: impl FnOnce(&mut Self) -> Result<Inline, SpecProblem>,
    ) -> Result<TypeRef, SpecProblem> {
        if let Some((outer_hint, claimed)) = self.inline_in_progress.get_mut(at) {
            let name = claimed.get_or_insert_with(|| self.type_names.claim(names::type_name(outer_hint)));
            return Ok(TypeRef::Model(name.clone()));
        }
        self.inline_in_progress.insert(at.clone(), (hint.to_owned(), None));
        let built = build(self);
        let claimed = self.inline_in_progress.remove(at).and_then(|(_, claimed)| claimed);
        Ok(match (built?, claimed) {
            (Inline::Model(kind), Some(name)) => self.push_model(name, schema, kind),
            (Inline::Model(kind), None) => self.define(hint, schema, kind),
            // The name was used while building, so it must stand for the type.
            (Inline::Type(ty), Some(name)) => self.push_model(name, schema, ModelKind::Alias(ty)),
            (Inline::Type(ty), None) => ty,
        })
    }

    /// The enum a schema defines: by listing values, or as a `oneOf` of
    /// single-value string enums.
    fn enum_or_constants(&self, schema: &'a Schema) -> Option<Enum> {
        if let Some(values) = enum_of(schema) {
            return Some(values);
        }
        match shape::shape(schema) {
            Shape::OneOf { members, .. } => {
                self.one_of_constants(members).map(|values| enums::of_strings(&values, schema))
            }
            _ => None,
        }
    }

    /// Adds an inline model under a fresh name derived from `hint`.
    fn define(&mut self, hint: &str, schema: &Schema, kind: ModelKind) -> TypeRef {
        let name = self.type_names.claim(names::type_name(hint));
        self.push_model(name, schema, kind)
    }

    fn push_model(&mut self, name: String, schema: &Schema, kind: ModelKind) -> TypeRef {
        let deprecated = schema.schema_data.deprecated;
        self.model_index.insert(name.clone(), self.models.len());
        self.models.push(Model { name: name.clone(), docs: docs::schema_docs(schema), kind, deprecated });
        TypeRef::Model(name)
    }

    /// The variant of the enum model `name` that `value` names, when `name`
    /// is an enum, whether or not it is defined yet (a component defined
    /// later in the spec is read from the spec; [`enum_of`] gives the same
    /// result both times). Each enum's variants are indexed once.
    pub(super) fn enum_variant(&mut self, name: &str, value: &Literal) -> Option<String> {
        if !self.enum_lookups.contains_key(name) {
            let lookup = self.enum_model(name).map(|values| enums::Lookup::of(&values));
            self.enum_lookups.insert(name.to_owned(), lookup);
        }
        self.enum_lookups[name].as_ref()?.variant(value).map(str::to_owned)
    }

    fn enum_model(&self, name: &str) -> Option<Enum> {
        if let Some(model) = self.model(name) {
            return match &model.kind {
                ModelKind::Enum(values) => Some(values.clone()),
                _ => None,
            };
        }
        let wire = self.component_wires.get(name)?;
        match self.api.components.as_ref()?.schemas.get(wire)? {
            ReferenceOr::Item(schema) => enum_of(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Finds a model built so far by name, for the IR's questions about types
    /// ([`TypeRef::is_scalar`] and the like).
    pub fn kind_of<'m>(&'m self) -> impl Fn(&str) -> Option<&'m ModelKind> + use<'m, 'a> {
        |name| self.model(name).map(|model| &model.kind)
    }

    /// Records that the node at `at` is typed less precisely than it says.
    pub(super) fn warn(&mut self, at: &Pointer, kind: WarningKind) {
        self.warnings.push(Warning::new(at, kind));
    }

    /// Whether a schema allows `null`, without typing it.
    pub(super) fn node_nullable(&self, node: Node<'_>) -> bool {
        match node {
            Node::Inline(schema) => shape::is_nullable(schema),
            Node::Ref(reference) => refs::component_name::<Schema>(reference, &Pointer::root())
                .is_ok_and(|wire| self.nullable_components.contains(&wire)),
        }
    }

    /// The shape of `schema`, worked out once: a schema that `$ref`s name is
    /// looked at once per use (a union member, an `allOf` member, a form),
    /// and its shape holds all its values (an enum of thousands).
    pub(super) fn shape(&self, schema: &'a Schema) -> Rc<Shape<'a>> {
        let key: *const Schema = schema;
        if let Some(shape) = self.shapes.borrow().get(&key) {
            return Rc::clone(shape);
        }
        let shape = Rc::new(shape::shape(schema));
        self.shapes.borrow_mut().insert(key, Rc::clone(&shape));
        shape
    }

    /// Whether `fields` more fields, with `text` bytes of descriptions, may
    /// be copied (see [`objects::MAX_COPIED_FIELDS`]); if so, they are
    /// counted.
    pub(super) fn copy_fields(&mut self, fields: usize, text: usize) -> bool {
        let total = (self.copied.0.saturating_add(fields), self.copied.1.saturating_add(text));
        if total.0 > objects::MAX_COPIED_FIELDS || total.1 > objects::MAX_COPIED_TEXT {
            return false;
        }
        self.copied = total;
        true
    }

    /// The model called `name`, if defined.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.model_index.get(name).and_then(|&index| self.models.get(index))
    }

    /// Finishes the models: bounds how deep they nest, boxes recursive
    /// fields, decides `Default`, sorts by name.
    pub fn finish(self) -> (Vec<Model>, Vec<Warning>, Vec<Example>) {
        let mut models = self.models;
        let mut warnings = self.warnings;
        let untyped = graph::untype_bare_alias_cycles(&mut models);
        if !untyped.is_empty() {
            let detail = format!(
                "{} only name each other, so no value meets them; they are serde_json::Value",
                untyped.join(", ")
            );
            warnings.push(Warning::new(
                &Pointer::root().join("components").join("schemas"),
                WarningKind::AliasCycle(detail),
            ));
        }
        graph::newtype_recursive_aliases(&mut models);
        let components: HashMap<&String, &String> =
            self.component_names.iter().map(|(wire, name)| (name, wire)).collect();
        for cut in nesting::bound(&mut models) {
            let schemas = Pointer::root().join("components").join("schemas");
            let at = components.get(&cut.model).map_or(schemas.clone(), |wire| schemas.join(wire));
            let detail = format!(
                "{} of `{}` holds `{}`, which nests types deeper than rustc's checks go (drop, `Send`) \
                 from here; it is serde_json::Value",
                cut.place, cut.model, cut.held
            );
            warnings.push(Warning::new(&at, WarningKind::DeepNesting(detail)));
        }
        graph::box_recursive_fields(&mut models);
        graph::decide_default(&mut models);
        super::variant_tags::fix(&mut models);
        models.sort_by(|a, b| a.name.cmp(&b.name));
        (models, warnings, self.examples.list)
    }
}

/// Component schemas in spec order.
fn schemas(api: &OpenAPI) -> impl Iterator<Item = (&String, &ReferenceOr<Schema>)> {
    api.components.iter().flat_map(|components| components.schemas.iter())
}

/// The enum a schema defines, if it lists allowed values of a type that
/// has enums: strings, integers, or a mix.
fn enum_of(schema: &Schema) -> Option<Enum> {
    match shape::shape(schema) {
        Shape::String { values, .. } if !values.is_empty() => Some(enums::of_strings(&values, schema)),
        Shape::Integer { values, format } if !values.is_empty() => {
            Some(enums::of_integers(&values, format.as_deref(), schema))
        }
        Shape::Mixed { values } => Some(enums::of_mixed(&values, schema)),
        _ => None,
    }
}
