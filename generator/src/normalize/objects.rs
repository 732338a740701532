//! Object schemas to structs, including `allOf` composition.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

use super::names::{self, NameSet};
use super::shape::{self, ObjectView, Shape};
use super::types::TypeSpace;
use super::{constructor, docs, formats};
use crate::error::{ProblemKind, SpecProblem};
use crate::ir::{AdditionalField, DefaultValue, Field, FloatType, Literal, Struct, TypeRef};
use crate::pointer::Pointer;

/// How deep `allOf` may nest through references before it counts as a cycle.
const MAX_ALL_OF_DEPTH: usize = 32;

/// The most fields that `allOf`s (and shared form bodies, see `bodies.rs`)
/// may copy from the schemas they name into the structs (and operations)
/// that use them, in one spec, and the most bytes of their descriptions.
/// Each copy is written out again, with its docs, so a schema of thousands
/// of properties named by thousands of others would make a crate of
/// millions of fields from a spec of kilobytes; past this, an `allOf` is
/// `serde_json::Value` with a warning.
pub(super) const MAX_COPIED_FIELDS: usize = 50_000;
pub(super) const MAX_COPIED_TEXT: usize = 1 << 20;

/// What copying `properties` elsewhere costs: fields, and bytes of their
/// descriptions.
pub(super) fn copy_cost(properties: &IndexMap<String, ReferenceOr<Box<Schema>>>) -> (usize, usize) {
    let text = properties
        .values()
        .filter_map(|property| match property {
            ReferenceOr::Item(schema) => {
                let data = &schema.schema_data;
                data.description.as_deref().or(data.title.as_deref()).map(str::len)
            }
            ReferenceOr::Reference { .. } => None,
        })
        .sum();
    (properties.len(), text)
}

/// What an `allOf` becomes.
pub enum AllOf {
    /// Objects (and members that only annotate): one struct with every
    /// member's properties.
    Struct(Struct),
    /// One member that is not an object, annotated by the others: that
    /// member's type. Members that cannot be combined give `Json`.
    Type(TypeRef),
}

impl<'a> TypeSpace<'a> {
    /// A struct holding the properties of `objects` (one object, or the
    /// members of an `allOf`), each with the pointer of its schema. A
    /// property declared twice keeps its first declaration.
    pub(super) fn struct_of(
        &mut self,
        name: &str,
        objects: &[(ObjectView<'a>, Pointer)],
    ) -> Result<Struct, SpecProblem> {
        let required: HashSet<&str> =
            objects.iter().flat_map(|(object, _)| object.required.iter().map(String::as_str)).collect();
        let mut field_names = NameSet::default();
        let mut fields: Vec<Field> = Vec::new();
        let mut declared: HashSet<&str> = HashSet::new();
        let mut additional = None;
        for (object, object_at) in objects {
            for (wire, property) in object.properties {
                if !declared.insert(wire) {
                    continue;
                }
                let field_at = object_at.join("properties").join(wire);
                let hint = format!("{name}{}", names::camel(wire, "Field"));
                let typed = self.type_of(property.into(), &hint, &field_at)?;
                let schema = match property {
                    ReferenceOr::Item(schema) => Some(&**schema),
                    ReferenceOr::Reference { .. } => None,
                };
                let data = schema.map(|schema| &schema.schema_data);
                if let Some(example) = data.and_then(|data| data.example.as_ref()) {
                    let ty = if typed.nullable {
                        TypeRef::Option(Box::new(typed.ty.clone()))
                    } else {
                        typed.ty.clone()
                    };
                    // A scalar's example also goes back out as written: a
                    // request may carry it.
                    let both_ways = typed.ty.is_scalar(&self.kind_of());
                    self.examples.record_schema(&field_at.join("example"), example, ty, both_ways);
                }
                // A property the server sets (readOnly) is not in requests and
                // one only clients send (writeOnly) is not in responses: it is
                // required in one direction only, so optional in the type.
                let one_way = data.is_some_and(|data| data.read_only || data.write_only);
                let is_required = required.contains(wire.as_str()) && !one_way;
                let omit_empty = data.is_some_and(|data| shape::extension_is_true(data, "x-omitempty"));
                let defaults_to_empty =
                    matches!(typed.ty, TypeRef::List(_) | TypeRef::Map(_) | TypeRef::JsonObject);
                let default = match data.and_then(|data| data.default.as_ref()) {
                    Some(value) if !is_required && !typed.nullable => self.default_value(&typed.ty, value),
                    _ => None,
                };
                fields.push(Field {
                    rust_name: field_names.claim(names::snake(wire, "field")),
                    wire_name: wire.clone(),
                    optional: !is_required || typed.nullable,
                    skip_if_none: !is_required,
                    default_if_missing: is_required && omit_empty && !typed.nullable && defaults_to_empty,
                    boxed: false,
                    ty: typed.ty,
                    default,
                    deprecated: data.is_some_and(|data| data.deprecated),
                    tag: None,
                    setter: None,
                    docs: schema.map(docs::schema_docs).unwrap_or_default(),
                });
            }
            if additional.is_none() {
                additional = self.additional_field(name, object.additional, object_at)?;
            }
        }
        if let Some(mut extra) = additional {
            extra.rust_name = field_names.claim(extra.rust_name);
            additional = Some(extra);
        }
        let mut model = Struct { fields, additional, derive_default: false, constructor: Vec::new() };
        let listed = objects.iter().find_map(|(object, at)| Some((object.constructor?, at)));
        if let Some((listed, at)) = listed {
            let at = at.join(shape::CONSTRUCTOR_FIELDS);
            let unknown = constructor::listed(&mut model, listed, &at);
            for (at, detail) in unknown {
                self.warn(&at, crate::warning::WarningKind::ConstructorField(detail));
            }
        }
        constructor::complete(&mut model);
        Ok(model)
    }

    /// A property's `default` as a value of its Rust type, when it is one
    /// (a default of the wrong type is left to the docs).
    fn default_value(&mut self, ty: &TypeRef, value: &serde_json::Value) -> Option<DefaultValue> {
        let literal = shape::literal(value)?;
        let literal = match (ty, literal) {
            (TypeRef::Bool, Literal::Bool(flag)) => Literal::Bool(flag),
            (TypeRef::Int(int), Literal::Int(number)) if formats::fits(*int, number) => Literal::Int(number),
            (TypeRef::Float(FloatType::F64), Literal::Int(number)) => Literal::Float(number as f64),
            (TypeRef::Float(FloatType::F32), Literal::Int(number)) => Literal::Float(number as f32 as f64),
            // A default an `f32` cannot hold (`1e300`) would be infinity.
            (TypeRef::Float(FloatType::F32), Literal::Float(number)) if (number as f32).is_finite() => {
                Literal::Float(number)
            }
            (TypeRef::Float(FloatType::F64), Literal::Float(number)) => Literal::Float(number),
            (TypeRef::String, Literal::String(text)) => Literal::String(text),
            (TypeRef::Model(model), literal) => {
                let variant = self.enum_variant(model, &literal)?;
                return Some(DefaultValue::Variant { model: model.clone(), variant });
            }
            _ => return None,
        };
        Some(DefaultValue::Literal(literal))
    }

    /// The map field for `additionalProperties` beside declared properties.
    fn additional_field(
        &mut self,
        name: &str,
        additional: Option<&'a AdditionalProperties>,
        at: &Pointer,
    ) -> Result<Option<AdditionalField>, SpecProblem> {
        let value = match additional {
            None | Some(AdditionalProperties::Any(false)) => return Ok(None),
            Some(AdditionalProperties::Any(true)) => TypeRef::Json,
            Some(AdditionalProperties::Schema(schema)) => {
                let typed = self.type_of(
                    (&**schema).into(),
                    &format!("{name}Value"),
                    &at.join("additionalProperties"),
                )?;
                if typed.nullable {
                    TypeRef::Option(Box::new(typed.ty))
                } else {
                    typed.ty
                }
            }
        };
        Ok(Some(AdditionalField { rust_name: "additional_properties".to_owned(), value }))
    }

    /// The type of an `allOf` of `members`, with `beside` written next to
    /// it. Members that constrain nothing (a `description`, `nullable`, an
    /// empty `properties`) only annotate.
    pub(super) fn all_of(
        &mut self,
        name: &str,
        members: &'a [ReferenceOr<Schema>],
        beside: Option<ObjectView<'a>>,
        at: &Pointer,
    ) -> Result<AllOf, SpecProblem> {
        let typed: Vec<(usize, &'a ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(_, member)| !self.is_annotation(member)).collect();
        let beside_is_empty = beside.is_none_or(|object| object.properties.is_empty());
        if let ([(index, only)], true) = (typed.as_slice(), beside_is_empty) {
            // One member and annotations: the member's own type.
            let member_at = at.join("allOf").join(index.to_string());
            return Ok(AllOf::Type(self.type_of((*only).into(), name, &member_at)?.ty));
        }
        if typed.iter().all(|(_, member)| self.is_objectish(member, 0))
            && (!typed.is_empty() || beside.is_some())
        {
            if let Some(model) = self.merged_struct(name, members, beside, at)? {
                return Ok(AllOf::Struct(model));
            }
            let detail = format!(
                "merging these `allOf` members would copy more than a spec's `allOf`s may copy in all \
                 ({MAX_COPIED_FIELDS} fields, {MAX_COPIED_TEXT} bytes of descriptions); the value is \
                 serde_json::Value"
            );
            self.warn(&at.join("allOf"), crate::warning::WarningKind::AllOfMismatch(detail));
            return Ok(AllOf::Type(TypeRef::Json));
        }
        let same_reference = typed.windows(2).all(|pair| match (pair[0].1, pair[1].1) {
            (ReferenceOr::Reference { reference: a }, ReferenceOr::Reference { reference: b }) => a == b,
            _ => false,
        });
        match typed.first() {
            None => Ok(AllOf::Type(TypeRef::Json)),
            Some((index, member)) if beside_is_empty && same_reference => {
                let member_at = at.join("allOf").join(index.to_string());
                Ok(AllOf::Type(self.type_of((*member).into(), name, &member_at)?.ty))
            }
            Some(_) => {
                let detail = "these `allOf` members are not all objects and do not share one type; \
                              the value is serde_json::Value";
                self.warn(&at.join("allOf"), crate::warning::WarningKind::AllOfMismatch(detail.to_owned()));
                Ok(AllOf::Type(TypeRef::Json))
            }
        }
    }

    /// Whether an `allOf` of `members` allows `null`: one of them says so
    /// (`allOf: [{$ref: X}, {nullable: true}]`) and no other one constrains
    /// anything, or the only constraining one allows it.
    pub(super) fn all_of_nullable(&self, members: &[ReferenceOr<Schema>]) -> bool {
        let typed: Vec<&ReferenceOr<Schema>> =
            members.iter().filter(|member| !self.is_annotation(member)).collect();
        let annotated = members.iter().any(|member| match member {
            ReferenceOr::Item(schema) => self.is_annotation(member) && shape::is_nullable(schema),
            ReferenceOr::Reference { .. } => false,
        });
        match typed.as_slice() {
            [] => annotated,
            [only] => annotated || self.node_nullable((*only).into()),
            _ => false,
        }
    }

    /// Whether an `allOf` member only annotates: written inline and
    /// constraining nothing.
    fn is_annotation(&self, member: &ReferenceOr<Schema>) -> bool {
        matches!(member, ReferenceOr::Item(schema) if matches!(shape::shape(schema), Shape::Any))
    }

    /// Whether a member is an object, or an `allOf` of objects, through
    /// references.
    fn is_objectish(&self, member: &'a ReferenceOr<Schema>, depth: usize) -> bool {
        self.objectish(member, depth, &mut HashMap::new())
    }

    /// [`Self::is_objectish`], each schema answered once per depth (`known`):
    /// `allOf`s that name the same schemas along many paths (`A2` of `A1`
    /// and `A0`, `A3` of `A2` and `A1`, ...) would otherwise be walked once
    /// per path, exponentially many.
    fn objectish(
        &self,
        member: &'a ReferenceOr<Schema>,
        depth: usize,
        known: &mut HashMap<(*const Schema, usize), bool>,
    ) -> bool {
        if depth > MAX_ALL_OF_DEPTH {
            return false;
        }
        let Ok((schema, _)) = self.refs.resolve(member, &Pointer::root()) else { return false };
        if let Some(&answer) = known.get(&(schema as *const Schema, depth)) {
            return answer;
        }
        let answer = match &*self.shape(schema) {
            Shape::Object(_) | Shape::Any => true,
            Shape::AllOf { members, .. } => members
                .iter()
                .filter(|member| !self.is_annotation(member))
                .all(|member| self.objectish(member, depth + 1, known)),
            _ => false,
        };
        known.insert((schema as *const Schema, depth), answer);
        answer
    }

    /// A struct with the properties of every `allOf` member (followed
    /// through references and nested `allOf`s) and of the object beside it;
    /// `None` when that copies more fields than are left to copy (see
    /// [`MAX_COPIED_FIELDS`]).
    pub(super) fn merged_struct(
        &mut self,
        name: &str,
        members: &'a [ReferenceOr<Schema>],
        beside: Option<ObjectView<'a>>,
        at: &Pointer,
    ) -> Result<Option<Struct>, SpecProblem> {
        let mut objects = Vec::new();
        self.collect_objects(members, &at.join("allOf"), &mut objects, 0, &mut HashSet::new())?;
        // Properties written elsewhere (in the schemas named) are copies.
        let (fields, text) = objects
            .iter()
            .filter(|(_, object_at)| !object_at.is_within(at))
            .map(|(object, _)| copy_cost(object.properties))
            .fold((0, 0), |(fields, text), (more, longer)| (fields + more, text + longer));
        if !self.copy_fields(fields, text) {
            return Ok(None);
        }
        if let Some(object) = beside {
            objects.push((object, at.clone()));
        }
        self.struct_of(name, &objects).map(Some)
    }

    /// Pushes on `out` the objects of `members`, in order, each schema once
    /// (`seen`): one met again adds no property, and `allOf`s that name the
    /// same schemas along many paths would otherwise be walked once per path.
    fn collect_objects(
        &self,
        members: &'a [ReferenceOr<Schema>],
        at: &Pointer,
        out: &mut Vec<(ObjectView<'a>, Pointer)>,
        depth: usize,
        seen: &mut HashSet<*const Schema>,
    ) -> Result<(), SpecProblem> {
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join(index.to_string());
            if depth > MAX_ALL_OF_DEPTH {
                let reference = match member {
                    ReferenceOr::Reference { reference } => reference.clone(),
                    ReferenceOr::Item(_) => at.to_string(),
                };
                return Err(SpecProblem::new(&member_at, ProblemKind::RefCycle(reference)));
            }
            let (schema, schema_at) = self.refs.resolve(member, &member_at)?;
            if !seen.insert(schema) {
                continue;
            }
            match &*self.shape(schema) {
                Shape::Object(object) => out.push((*object, schema_at)),
                Shape::Any => {}
                Shape::AllOf { members, beside } => {
                    self.collect_objects(members, &schema_at.join("allOf"), out, depth + 1, seen)?;
                    if let Some(object) = beside {
                        out.push((*object, schema_at));
                    }
                }
                _ => {
                    return Err(SpecProblem::unsupported(
                        &member_at,
                        "an `allOf` with several members can only combine objects",
                    ));
                }
            }
        }
        Ok(())
    }
}
