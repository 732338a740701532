//! Chainable setters for the models' optional fields: each model lists its
//! setters with `setter!`, one line each, and the macro writes the method.

/// Declares a setter in a model's `impl` block. `name: Type` writes
/// `name(value: impl Into<Type>)`, which sets the field `name` to
/// `Some(value.into())`; `exact name: Type` takes a `Type` itself, so that a
/// number literal gets the field's type; `name: [Item]` takes any
/// `IntoIterator` of items for a `Vec<Item>` field; `setter = name: ...`
/// names the method `setter`, for a field whose own name is taken by another
/// method. Attributes before the name (`#[deprecated]`) go on the method.
macro_rules! setter {
    ($(#[$attr:meta])* exact $field:ident: $ty:ty) => {
        $crate::runtime::setter!($(#[$attr])* exact $field = $field: $ty);
    };
    ($(#[$attr:meta])* exact $setter:ident = $field:ident: $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to `value`.")]
        $(#[$attr])*
        pub fn $setter(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
    ($(#[$attr:meta])* $field:ident: [$item:ty]) => {
        $crate::runtime::setter!($(#[$attr])* $field = $field: [$item]);
    };
    ($(#[$attr:meta])* $field:ident: $ty:ty) => {
        $crate::runtime::setter!($(#[$attr])* $field = $field: $ty);
    };
    ($(#[$attr:meta])* $setter:ident = $field:ident: [$item:ty]) => {
        #[doc = concat!("Sets `", stringify!($field), "` to the items of `values`.")]
        $(#[$attr])*
        pub fn $setter(mut self, values: impl IntoIterator<Item = $item>) -> Self {
            self.$field = Some(values.into_iter().collect());
            self
        }
    };
    ($(#[$attr:meta])* $setter:ident = $field:ident: $ty:ty) => {
        #[doc = concat!("Sets `", stringify!($field), "` to `value`.")]
        $(#[$attr])*
        pub fn $setter(mut self, value: impl Into<$ty>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
}

pub(crate) use setter;
