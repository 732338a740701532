//! String enums that keep values the spec does not list: the models declare
//! them with `string_enum!`, which writes the enum and what every such enum
//! has (wire value, parsing, serde, use as a parameter) once.

use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Declares a string enum: a unit variant per value the spec lists, and a fallback variant that
/// keeps any other value as it arrived, so a server that adds a value does not break decoding.
/// The enum is `#[non_exhaustive]`, so a value the spec adds later is a compatible change.
///
/// Each listed variant starts with its docs (an attribute, so the fallback, which has none, is
/// told apart from it).
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(#[$docs:meta] $(#[$variant_meta:meta])* $variant:ident = $value:literal,)*
            $fallback:ident(String),
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[$docs] $(#[$variant_meta])* $variant,)*
            /// A value this client does not know, kept as it arrived.
            $fallback(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$fallback(value) => value,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            /// Parses a wire value; a value this client does not know becomes the fallback.
            // Not `Self::Err`: a value `Err` makes a variant of that name, which `Self::Err`
            // would name too (rustc rejects the ambiguity). Nothing in these impls names an
            // associated item through `Self::`, for the same reason.
            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(match value {
                    $($value => Self::$variant,)*
                    other => Self::$fallback(other.to_owned()),
                })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::deserialize_str(deserializer)
            }
        }

        impl $crate::runtime::ToParam for $name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                self.as_str().into()
            }
        }
    };
}

pub(crate) use string_enum;

/// Reads a string into a type that parses any string.
pub(crate) fn deserialize_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr<Err = Infallible>,
{
    struct Text<T>(PhantomData<T>);

    impl<T: FromStr<Err = Infallible>> Visitor<'_> for Text<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            value.parse().map_err(|never| match never {})
        }
    }

    deserializer.deserialize_str(Text(PhantomData))
}
