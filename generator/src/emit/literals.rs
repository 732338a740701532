//! Literals from the spec (enum values, defaults) as Rust expressions.

use proc_macro2::{Literal as Lit, TokenStream};
use quote::{quote, ToTokens as _};

use super::tokens::ident;
use crate::ir::{DefaultValue, Field, FloatType, Literal, TypeRef};

/// A literal as a Rust expression or pattern: `true`, `-3`, `1.5`, `"a"`. Integers and floats
/// are unsuffixed, so they take the type the context gives them; a float for an `f32` is written
/// with `f32` precision.
pub fn literal(value: &Literal, float: FloatType) -> TokenStream {
    match value {
        Literal::Bool(flag) => quote!(#flag),
        Literal::Int(int) => negated(*int < 0, Lit::u128_unsuffixed(int.unsigned_abs()).into_token_stream()),
        Literal::Float(number) => {
            // The normalizer keeps only values the type holds; an infinity has no literal.
            let magnitude = match float {
                FloatType::F32 if !(number.abs() as f32).is_finite() => quote!(f32::INFINITY),
                FloatType::F64 if !number.is_finite() => quote!(f64::INFINITY),
                FloatType::F32 => {
                    let magnitude = number.abs() as f32;
                    float_literal(f64::from(magnitude), format!("{magnitude:e}"), || {
                        Lit::f32_unsuffixed(magnitude)
                    })
                }
                FloatType::F64 => {
                    let magnitude = number.abs();
                    float_literal(magnitude, format!("{magnitude:e}"), || Lit::f64_unsuffixed(magnitude))
                }
            };
            negated(number.is_sign_negative(), magnitude)
        }
        Literal::String(text) => Lit::string(text).into_token_stream(),
    }
}

/// A default or a tag as a value of the field's type.
pub fn value(field: &Field, value: &DefaultValue) -> TokenStream {
    match value {
        DefaultValue::Literal(Literal::String(text)) => {
            let text = Lit::string(text);
            quote!(#text.to_owned())
        }
        DefaultValue::Literal(other) => {
            let float =
                if field.ty == TypeRef::Float(FloatType::F32) { FloatType::F32 } else { FloatType::F64 };
            literal(other, float)
        }
        DefaultValue::Variant { model, variant } => {
            let (model, variant) = (ident(model), ident(variant));
            quote!(#model::#variant)
        }
    }
}

/// `-magnitude` when `negative`.
fn negated(negative: bool, magnitude: TokenStream) -> TokenStream {
    if negative {
        quote!(-#magnitude)
    } else {
        magnitude
    }
}

/// A non-negative float literal: written out (`1.5`) in the usual range, in scientific notation
/// (`1e300`, `5e-324`) beyond it, where written out it would run to hundreds of digits.
fn float_literal(magnitude: f64, scientific: String, written_out: impl FnOnce() -> Lit) -> TokenStream {
    let scientific = (magnitude != 0.0 && !(1e-5..1e16).contains(&magnitude))
        .then(|| scientific.parse::<Lit>().ok())
        .flatten();
    scientific.unwrap_or_else(written_out).into_token_stream()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_literals_exist_for_every_value() {
        let text = |number: f64, float: FloatType| literal(&Literal::Float(number), float).to_string();
        assert_eq!(text(1e300, FloatType::F32), "f32 :: INFINITY");
        assert_eq!(text(-1e300, FloatType::F32), "- f32 :: INFINITY");
        assert_eq!(text(-0.0, FloatType::F64), "- 0.0");
        assert_eq!(text(5e-324, FloatType::F64), "5e-324");
        assert_eq!(text(5e-324, FloatType::F32), "0.0");
        assert_eq!(text(3.5, FloatType::F32), "3.5");
        assert_eq!(text(1e300, FloatType::F64), "1e300");
        assert_eq!(text(3e38, FloatType::F32), "3e38");
        assert_eq!(literal(&Literal::Int(-3), FloatType::F64).to_string(), "- 3");
        assert_eq!(literal(&Literal::String("a\"b".to_owned()), FloatType::F64).to_string(), r#""a\"b""#);
    }
}
