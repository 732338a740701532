//! JSON pointers (RFC 6901) into the spec, so every problem names the node it is about.

use std::fmt;

/// A location in the spec, printed as a URI fragment: `#/paths/~1arrays/get`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The document root, `#`.
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// This pointer extended by one reference token, escaped as RFC 6901 asks
    /// (`~` as `~0`, `/` as `~1`).
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut out = String::with_capacity(self.0.len() + token.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
        Pointer(out)
    }

    /// Parses a local `$ref` (`#/components/schemas/Foo`) into a pointer, or
    /// `None` when the reference points outside this document.
    pub fn from_local_ref(reference: &str) -> Option<Self> {
        reference.starts_with('#').then(|| Pointer(reference.to_owned()))
    }

    /// A pointer from its `#/...` text, already escaped.
    pub(crate) fn from_raw(text: String) -> Self {
        Pointer(text)
    }

    /// The unescaped reference tokens, in order.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .trim_start_matches('#')
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }

    /// Whether this pointer is `outer` or a node below it.
    pub fn is_within(&self, outer: &Pointer) -> bool {
        self.0.strip_prefix(outer.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The pointer text, `#/...`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    /// The pointer text, escaped for a message (see [`crate::message`]):
    /// its tokens are the spec's keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::message::escaped(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn escapes_slash_and_tilde() {
        let pointer = Pointer::root().join("paths").join("/arrays/{a}").join("x~y");
        assert_eq!(pointer.as_str(), "#/paths/~1arrays~1{a}/x~0y");
        let tokens: Vec<_> = pointer.tokens().collect();
        assert_eq!(tokens, ["paths", "/arrays/{a}", "x~y"]);
    }

    #[test]
    fn nodes_below_a_pointer_are_within_it() {
        let outer = Pointer::root().join("components").join("A");
        assert!(outer.is_within(&outer));
        assert!(outer.join("x").is_within(&outer));
        assert!(!Pointer::root().join("components").join("AB").is_within(&outer));
        assert!(!Pointer::root().is_within(&outer));
    }

    #[test]
    fn external_refs_are_not_pointers() {
        assert!(Pointer::from_local_ref("other.yaml#/components/schemas/A").is_none());
        assert!(Pointer::from_local_ref("#/components/schemas/A").is_some());
    }
}
