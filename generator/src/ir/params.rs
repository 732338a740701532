//! Which types are written as one parameter value, and which as one value or
//! several: the normalizer asks while it builds the models (to decide how an
//! argument is taken), the emitters when they write the conversions.

use super::{ModelKind, TypeRef};

/// How deep aliases and unions of unions are followed: a chain that long is
/// not a parameter anyone sends, and the bound keeps a cycle finite.
const MAX_DEPTH: usize = 16;

impl TypeRef {
    /// Whether a value of the type is written as one parameter value (it implements the
    /// runtime's `ToParam`): a primitive, an enum, a union of such, or an alias of one.
    /// `kind_of` finds a model by name.
    pub fn is_scalar<'a>(&self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>) -> bool {
        self.is_scalar_within(kind_of, MAX_DEPTH)
    }

    fn is_scalar_within<'a>(&self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>, depth: usize) -> bool {
        match self {
            TypeRef::Bool
            | TypeRef::Int(_)
            | TypeRef::Float(_)
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Uuid
            | TypeRef::Base64 => true,
            TypeRef::Model(name) if depth > 0 => match kind_of(name) {
                Some(ModelKind::Enum(_)) => true,
                Some(ModelKind::Alias(target)) => target.is_scalar_within(kind_of, depth - 1),
                Some(ModelKind::Union(union)) => {
                    union.variants.iter().all(|variant| variant.ty.is_scalar_within(kind_of, depth - 1))
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Whether the type is a union (seen through aliases) of scalars and lists of scalars,
    /// with at least one list: a parameter that takes one value or several.
    pub fn is_one_or_many<'a>(&self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>) -> bool {
        let Some(ModelKind::Union(union)) = self.resolve(kind_of).model_kind(kind_of) else {
            return false;
        };
        let is_list =
            |ty: &TypeRef| matches!(ty.resolve(kind_of), TypeRef::List(item) if item.is_scalar(kind_of));
        union.variants.iter().any(|variant| is_list(&variant.ty))
            && union.variants.iter().all(|variant| is_list(&variant.ty) || variant.ty.is_scalar(kind_of))
    }

    /// Whether the type names a union, seen through aliases: an argument of that type takes
    /// anything that converts into it.
    pub fn is_union<'a>(&self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>) -> bool {
        matches!(self.resolve(kind_of).model_kind(kind_of), Some(ModelKind::Union(_)))
    }

    /// The type an alias stands for, through chains of aliases; any other type is itself.
    pub fn resolve<'a, 't>(&'t self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>) -> &'t TypeRef
    where
        'a: 't,
    {
        let mut current = self;
        for _ in 0..MAX_DEPTH {
            match current.model_kind(kind_of) {
                Some(ModelKind::Alias(target)) => current = target,
                _ => break,
            }
        }
        current
    }

    fn model_kind<'a>(&self, kind_of: &impl Fn(&str) -> Option<&'a ModelKind>) -> Option<&'a ModelKind> {
        match self {
            TypeRef::Model(name) => kind_of(name),
            _ => None,
        }
    }
}
