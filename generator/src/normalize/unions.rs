//! `oneOf`/`anyOf` schemas to unions: tagged by their `discriminator` when
//! every alternative has a tag, untagged (first match wins) otherwise.

use std::collections::{HashMap, HashSet};

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::names::{self, NameSet};
use super::refs;
use super::shape::{ObjectView, Shape};
use super::types::TypeSpace;
use crate::error::SpecProblem;
use crate::ir::{self, TypeRef, Union, UnionVariant};
use crate::pointer::Pointer;

impl<'a> TypeSpace<'a> {
    /// The values of a `oneOf`/`anyOf` whose every member is a string enum
    /// of one value (a sort mode written as one member per value, each with
    /// its own description): one enum of them all says the same.
    pub(super) fn one_of_constants(&self, members: &'a [ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut values = Vec::with_capacity(members.len());
        for member in members {
            let (schema, _) = self.refs.resolve(member, &Pointer::root()).ok()?;
            match &*self.shape(schema) {
                Shape::String { values: one, .. } if one.len() == 1 => values.extend(one.iter().cloned()),
                _ => return None,
            }
        }
        (values.len() > 1).then_some(values)
    }

    /// A union of `members`; `at` points at the `oneOf`/`anyOf` list.
    pub(super) fn union_of(
        &mut self,
        name: &str,
        members: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a Discriminator>,
        at: &Pointer,
    ) -> Result<Union, SpecProblem> {
        let mut variant_names = NameSet::default();
        let mut variants = Vec::with_capacity(members.len());
        // The tag each member is told apart by: its value of the
        // discriminator property, or of the one the members imply.
        let (property, tags) = match discriminator {
            Some(discriminator) => {
                let property = discriminator.property_name.as_str();
                (
                    Some(property),
                    members.iter().map(|member| self.constant_tag(member, property, false)).collect(),
                )
            }
            None => match self.implied_tags(members) {
                Some((property, tags)) => (Some(property), tags.into_iter().map(Some).collect()),
                None => (None, vec![None; members.len()]),
            },
        };
        for (index, member) in members.iter().enumerate() {
            let member_at = at.join(index.to_string());
            // An inline alternative is named after its title, else its tag,
            // when it has one.
            let label = match member {
                ReferenceOr::Item(schema) => schema.schema_data.title.as_deref().or(tags[index].as_deref()),
                ReferenceOr::Reference { .. } => None,
            };
            let hint = match label {
                Some(label) => format!("{name}{}", names::camel(label, "Variant")),
                None => format!("{name}Variant{}", index + 1),
            };
            let typed = self.type_of(member.into(), &hint, &member_at)?;
            let ty = if typed.nullable { TypeRef::Option(Box::new(typed.ty)) } else { typed.ty };
            // Named from the member's title or tag, else from its type (a
            // `$ref`'s model name, or `String`, `Integer`...).
            let base = label.map_or_else(|| variant_name(&ty), |label| names::camel(label, "Variant"));
            variants.push(UnionVariant {
                name: variant_names.claim(base),
                ty,
                boxed: false,
                tags: Vec::new(),
            });
        }
        let tagged = match discriminator {
            Some(discriminator) => tag_variants(discriminator, members, &tags, &mut variants, at)?,
            None if property.is_some() => {
                for (variant, tag) in variants.iter_mut().zip(tags) {
                    variant.tags = tag.into_iter().collect();
                }
                true
            }
            None => false,
        };
        let discriminator = property.filter(|_| tagged).map(|property| ir::Discriminator {
            property: property.to_owned(),
            fallback: variant_names.claim("Unknown".to_owned()),
        });
        Ok(Union { variants, discriminator })
    }

    /// The one string value a member's `property` may hold (`enum: [fed]`
    /// or `const: fed`), which tells it apart; with `required`, only when
    /// the member requires the property.
    fn constant_tag(
        &self,
        member: &'a ReferenceOr<Schema>,
        property: &str,
        required: bool,
    ) -> Option<String> {
        let (schema, _) = self.refs.resolve(member, &Pointer::root()).ok()?;
        let Shape::Object(object) = &*self.shape(schema) else { return None };
        if required && !object.required.iter().any(|name| name == property) {
            return None;
        }
        self.property_constant(object, property)
    }

    /// The one string value `object`'s `property` may hold.
    fn property_constant(&self, object: &ObjectView<'a>, property: &str) -> Option<String> {
        let ReferenceOr::Item(value) = object.properties.get(property)? else { return None };
        match &*self.shape(value) {
            Shape::String { values, .. } if values.len() == 1 => values.first().cloned(),
            _ => None,
        }
    }

    /// A discriminator the members imply without the spec naming one: a
    /// property every member requires, with one string value of its own,
    /// all different. This is how serde's internally tagged enums are
    /// written (utoipa, schemars), and a tag decodes more surely than the
    /// first member that happens to fit.
    fn implied_tags(&self, members: &'a [ReferenceOr<Schema>]) -> Option<(&'a str, Vec<String>)> {
        if members.len() < 2 {
            return None;
        }
        // Each member's object and the properties it requires, found once:
        // the first member's required properties are each tried on all.
        let mut objects = Vec::with_capacity(members.len());
        for member in members {
            let (schema, _) = self.refs.resolve(member, &Pointer::root()).ok()?;
            let shape = self.shape(schema);
            let Shape::Object(object) = &*shape else { return None };
            let required: HashSet<&'a str> = object.required.iter().map(String::as_str).collect();
            objects.push((*object, required));
        }
        let (first, _) = objects.first()?;
        first.required.iter().find_map(|property| {
            let tags: Vec<String> = objects
                .iter()
                .map(|(object, required)| {
                    required.contains(property.as_str()).then(|| self.property_constant(object, property))?
                })
                .collect::<Option<_>>()?;
            let mut seen = HashSet::new();
            let distinct = tags.iter().all(|tag| seen.insert(tag));
            distinct.then_some((property.as_str(), tags))
        })
    }
}

/// Gives each variant its discriminator values: the `mapping` keys that
/// name its schema (by `$ref` or by schema name), or else the schema's
/// name; an inline alternative, the one value its discriminator property
/// may hold (`inline_tags`). Returns whether every variant got one; if not
/// (an inline alternative without such a value), none is tagged and the
/// union stays untagged.
fn tag_variants(
    discriminator: &Discriminator,
    members: &[ReferenceOr<Schema>],
    inline_tags: &[Option<String>],
    variants: &mut [UnionVariant],
    at: &Pointer,
) -> Result<bool, SpecProblem> {
    let mut all_tags: Vec<Vec<String>> = Vec::with_capacity(members.len());
    let mut taken: HashSet<String> = HashSet::new();
    // The `mapping` keys by the schema they name, in the mapping's order.
    let mut mapped: HashMap<String, Vec<&String>> = HashMap::new();
    for (tag, target) in &discriminator.mapping {
        if let Some(schema) = named_schema(target) {
            mapped.entry(schema).or_default().push(tag);
        }
    }
    for (index, member) in members.iter().enumerate() {
        let ReferenceOr::Reference { reference } = member else {
            match &inline_tags[index] {
                Some(tag) if taken.insert(tag.clone()) => {
                    all_tags.push(vec![tag.clone()]);
                    continue;
                }
                _ => return Ok(false),
            }
        };
        let schema_name =
            refs::component_name::<Schema>(reference, &at.join(index.to_string()).join("$ref"))?;
        let mut tags: Vec<String> = mapped
            .get(&schema_name)
            .map(|tags| tags.iter().map(|tag| (*tag).clone()).collect())
            .unwrap_or_default();
        if tags.is_empty() {
            tags.push(schema_name);
        }
        // A tag can select one variant only; a later duplicate is dead.
        tags.retain(|tag| !taken.contains(tag));
        if tags.is_empty() {
            return Ok(false);
        }
        taken.extend(tags.iter().cloned());
        all_tags.push(tags);
    }
    for (variant, tags) in variants.iter_mut().zip(all_tags) {
        variant.tags = tags;
    }
    Ok(!variants.is_empty())
}

/// The component schema a `mapping` value names: as a reference
/// (`#/components/schemas/Cat`) or by name (`Cat`); `None` for a reference
/// to anything else.
fn named_schema(target: &str) -> Option<String> {
    let Some(pointer) = Pointer::from_local_ref(target) else { return Some(target.to_owned()) };
    let tokens: Vec<String> = pointer.tokens().collect();
    match <[String; 3]>::try_from(tokens) {
        Ok([components, schemas, name]) if components == "components" && schemas == "schemas" => Some(name),
        _ => None,
    }
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
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 | TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Json | TypeRef::JsonObject => "Json".to_owned(),
        TypeRef::Model(name) => name.clone(),
        TypeRef::List(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
        TypeRef::Option(inner) => variant_name(inner),
    }
}

#[cfg(test)]
mod tests {
    use super::named_schema;

    #[test]
    fn mapping_values_name_schemas_by_reference_or_by_name() {
        assert_eq!(named_schema("#/components/schemas/Cat").as_deref(), Some("Cat"));
        assert_eq!(named_schema("Cat").as_deref(), Some("Cat"));
        assert_eq!(named_schema("#/components/schemas/a~1b").as_deref(), Some("a/b"));
        assert_eq!(named_schema("#/components/responses/Cat"), None);
    }
}
