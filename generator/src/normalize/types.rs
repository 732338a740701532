//! The type space: every schema the spec uses, turned into Rust types once.
//!
//! Component schemas are named first, so `$ref`s resolve to names whatever the
//! order; inline objects, enums and unions become models named after where
//! they appear (`Dimension.tileExtent` becomes `DimensionTileExtent`).

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::names::{self, NameSet};
use super::shape::{self, Node, Shape};
use super::{docs, graph, refs};
use crate::error::SpecProblem;
use crate::ir::{Enum, FloatType, IntType, Model, ModelKind, TypeRef, Union, UnionVariant, Variant};
use crate::pointer::Pointer;

/// A type plus whether the schema allows `null`.
#[derive(Clone, Debug)]
pub struct Typed {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Builds models from schemas; queried by the operation normalizer.
pub struct TypeSpace<'a> {
    pub(super) api: &'a OpenAPI,
    /// Rust names of component schemas, by component name.
    component_names: HashMap<String, String>,
    /// Models defined so far, in definition order.
    models: Vec<Model>,
    /// Taken type names.
    type_names: NameSet,
}

impl<'a> TypeSpace<'a> {
    /// A type space in which every component schema already has its name.
    pub fn new(api: &'a OpenAPI) -> Self {
        let mut type_names = NameSet::default();
        let component_names =
            schemas(api).map(|(wire, _)| (wire.clone(), type_names.claim(names::type_name(wire)))).collect();
        TypeSpace { api, component_names, models: Vec::new(), type_names }
    }

    /// Defines a model for every component schema; returns the problems
    /// found, one per broken component at most.
    pub fn define_components(&mut self) -> Vec<SpecProblem> {
        let mut problems = Vec::new();
        for (wire, schema) in schemas(self.api) {
            let at = Pointer::root().join("components").join("schemas").join(wire);
            let name = self.component_names[wire].clone();
            if let Err(problem) = self.define_component(name, schema, &at) {
                problems.push(problem);
            }
        }
        problems
    }

    fn define_component(
        &mut self,
        name: String,
        schema: &'a ReferenceOr<Schema>,
        at: &Pointer,
    ) -> Result<(), SpecProblem> {
        let (kind, docs) = match schema {
            ReferenceOr::Reference { reference } => {
                (ModelKind::Alias(self.named(reference, at)?.ty), String::new())
            }
            ReferenceOr::Item(schema) => (self.model_kind(schema, &name, at)?, schema_docs(schema)),
        };
        self.models.push(Model { name, docs, kind });
        Ok(())
    }

    /// What a component schema becomes: a struct, enum or union when it
    /// defines one, an alias otherwise.
    fn model_kind(&mut self, schema: &'a Schema, name: &str, at: &Pointer) -> Result<ModelKind, SpecProblem> {
        Ok(match shape::shape(schema) {
            Shape::String { values, .. } if !values.is_empty() => ModelKind::Enum(enum_of(&values)),
            Shape::Object(object) if !object.properties.is_empty() => {
                ModelKind::Struct(self.struct_of(name, &[(object, at.clone())])?)
            }
            Shape::AllOf { members, beside } if members.len() > 1 || beside.is_some() => {
                ModelKind::Struct(self.merged_struct(name, members, beside, at)?)
            }
            Shape::OneOf { members, keyword } if members.len() > 1 => {
                ModelKind::Union(self.union_of(name, members, &at.join(keyword))?)
            }
            _ => ModelKind::Alias(self.inline_type(schema, name, at)?),
        })
    }

    /// The type of `node`, used at `at`. Inline schemas that need a name get
    /// one built from `hint`.
    pub fn type_of(&mut self, node: Node<'a>, hint: &str, at: &Pointer) -> Result<Typed, SpecProblem> {
        match node {
            Node::Ref(reference) => self.named(reference, at),
            Node::Inline(schema) => {
                let ty = self.inline_type(schema, hint, at)?;
                let single_member_nullable = match shape::shape(schema) {
                    Shape::AllOf { members: [only], beside: None } | Shape::OneOf { members: [only], .. } => {
                        self.type_of(only.into(), hint, at)?.nullable
                    }
                    _ => false,
                };
                Ok(Typed { ty, nullable: shape::is_nullable(schema) || single_member_nullable })
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
        let component = self.api.components.as_ref().and_then(|components| components.schemas.get(&wire));
        let nullable = matches!(component, Some(ReferenceOr::Item(schema)) if shape::is_nullable(schema));
        Ok(Typed { ty: TypeRef::Model(name.clone()), nullable })
    }

    fn inline_type(&mut self, schema: &'a Schema, hint: &str, at: &Pointer) -> Result<TypeRef, SpecProblem> {
        Ok(match shape::shape(schema) {
            Shape::String { values, .. } if !values.is_empty() => {
                self.define(hint, schema_docs(schema), ModelKind::Enum(enum_of(&values)))
            }
            Shape::String { format, .. } => match format.as_deref() {
                Some("date-time") => TypeRef::DateTime,
                Some("date") => TypeRef::Date,
                _ => TypeRef::String,
            },
            Shape::Integer { format } => integer_type(format.as_deref()),
            Shape::Number { format } => number_type(format.as_deref()),
            Shape::Boolean => TypeRef::Bool,
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
                TypeRef::List(Box::new(item))
            }
            Shape::Object(object) if !object.properties.is_empty() => {
                let model = self.struct_of(hint, &[(object, at.clone())])?;
                self.define(hint, schema_docs(schema), ModelKind::Struct(model))
            }
            Shape::Object(object) => match object.additional {
                Some(openapiv3::AdditionalProperties::Schema(value)) => {
                    let value = self.type_of(
                        (&**value).into(),
                        &format!("{hint}Value"),
                        &at.join("additionalProperties"),
                    )?;
                    let value = if value.nullable { TypeRef::Option(Box::new(value.ty)) } else { value.ty };
                    TypeRef::Map(Box::new(value))
                }
                Some(openapiv3::AdditionalProperties::Any(_)) => TypeRef::JsonObject,
                None => TypeRef::Json,
            },
            Shape::AllOf { members: [only], beside: None } => {
                self.type_of(only.into(), hint, &at.join("allOf").join("0"))?.ty
            }
            Shape::AllOf { members, beside } => {
                let model = self.merged_struct(hint, members, beside, at)?;
                self.define(hint, schema_docs(schema), ModelKind::Struct(model))
            }
            Shape::OneOf { members: [only], keyword } => {
                self.type_of(only.into(), hint, &at.join(keyword).join("0"))?.ty
            }
            Shape::OneOf { members, keyword } => {
                let model = self.union_of(hint, members, &at.join(keyword))?;
                self.define(hint, schema_docs(schema), ModelKind::Union(model))
            }
            Shape::Not => {
                return Err(SpecProblem::unsupported(&at.join("not"), "`not` schemas have no Rust type"));
            }
            Shape::Any => TypeRef::Json,
        })
    }

    /// Adds an inline model under a fresh name derived from `hint`.
    fn define(&mut self, hint: &str, docs: String, kind: ModelKind) -> TypeRef {
        let name = self.type_names.claim(names::type_name(hint));
        self.models.push(Model { name: name.clone(), docs, kind });
        TypeRef::Model(name)
    }

    /// A union of `members`; `at` points at the `oneOf`/`anyOf` list.
    fn union_of(
        &mut self,
        name: &str,
        members: &'a [ReferenceOr<Schema>],
        at: &Pointer,
    ) -> Result<Union, SpecProblem> {
        let mut variant_names = NameSet::default();
        let mut variants = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join(index.to_string());
            let typed = self.type_of(member.into(), &format!("{name}Variant{}", index + 1), &member_at)?;
            let ty = if typed.nullable { TypeRef::Option(Box::new(typed.ty)) } else { typed.ty };
            variants.push(UnionVariant { name: variant_names.claim(variant_name(&ty)), ty, boxed: false });
        }
        Ok(Union { variants })
    }

    /// Whether `ty` can be written as one parameter value: a primitive, an
    /// enum, or an alias of one.
    pub fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Bool
            | TypeRef::Int(_)
            | TypeRef::Float(_)
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date => true,
            TypeRef::Model(name) => match self.model(name).map(|model| &model.kind) {
                Some(ModelKind::Enum(_)) => true,
                Some(ModelKind::Alias(target)) => self.is_scalar(&target.clone()),
                _ => false,
            },
            _ => false,
        }
    }

    /// The model called `name`, if defined.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }

    /// Finishes the models: boxes recursive fields, decides `Default`, sorts
    /// by name. Also returns how deep they nest (see
    /// [`graph::nesting_depth`]).
    pub fn finish(self) -> (Vec<Model>, usize) {
        let mut models = self.models;
        graph::box_recursive_fields(&mut models);
        graph::decide_default(&mut models);
        models.sort_by(|a, b| a.name.cmp(&b.name));
        let depth = graph::nesting_depth(&models);
        (models, depth)
    }
}

/// Component schemas in spec order.
fn schemas(api: &OpenAPI) -> impl Iterator<Item = (&String, &ReferenceOr<Schema>)> {
    api.components.iter().flat_map(|components| components.schemas.iter())
}

/// Docs of a schema: description, else title; plus read-only/deprecated notes.
pub fn schema_docs(schema: &Schema) -> String {
    let data = &schema.schema_data;
    let text = data.description.as_deref().or(data.title.as_deref());
    docs::join([
        text,
        data.read_only.then_some("Read-only: set by the server and ignored in requests."),
        data.deprecated.then_some("Deprecated."),
    ])
}

fn enum_of(values: &[String]) -> Enum {
    let mut variant_names = NameSet::default();
    let mut variants: Vec<Variant> = Vec::with_capacity(values.len());
    for value in values {
        if variants.iter().any(|variant| &variant.wire == value) {
            continue;
        }
        variants
            .push(Variant { name: variant_names.claim(names::camel(value, "Value")), wire: value.clone() });
    }
    let fallback = ["Unknown", "Other", "Unrecognized"]
        .into_iter()
        .find(|candidate| !variants.iter().any(|variant| variant.name == *candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| variant_names.claim("Unknown".to_owned()));
    Enum { variants, fallback }
}

/// Integer widths by format. Unknown or missing formats are `i64`: servers
/// send values like 4294967295 for "integer" with no format, which `i32`
/// cannot hold. `float`/`double` on an integer (seen in real specs) follow
/// the format, as the server's own type does.
fn integer_type(format: Option<&str>) -> TypeRef {
    TypeRef::Int(match format {
        Some("int8") => IntType::I8,
        Some("int16") => IntType::I16,
        Some("int32") => IntType::I32,
        Some("uint8") => IntType::U8,
        Some("uint16") => IntType::U16,
        Some("uint32") => IntType::U32,
        Some("uint64") => IntType::U64,
        Some("float") => return TypeRef::Float(FloatType::F32),
        Some("double") => return TypeRef::Float(FloatType::F64),
        _ => IntType::I64,
    })
}

/// A `number` is a float whatever its format says: `type: number, format:
/// uint64` still allows `1.5`, and decoding must not reject what the schema
/// allows.
fn number_type(format: Option<&str>) -> TypeRef {
    TypeRef::Float(match format {
        Some("float") => FloatType::F32,
        _ => FloatType::F64,
    })
}

/// A union variant's name from its type.
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::Int(_) => "Integer".to_owned(),
        TypeRef::Float(_) => "Number".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Json | TypeRef::JsonObject => "Json".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Model(name) => name.clone(),
        TypeRef::List(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
        TypeRef::Option(inner) => variant_name(inner),
    }
}
