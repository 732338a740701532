//! A generated Rust file, built an item at a time: each item is a `quote!`
//! template that syn parses and prettyplease prints, and is dropped before the
//! next one is built, so a file of thousands of operations never holds more
//! than one item's syntax tree. What tokens cannot carry is written here: the
//! header and the other `//` comments, and the blank lines between items
//! (prettyplease prints items back to back, and rustfmt, which lays the whole
//! file out afterwards, keeps the blank lines it finds and adds none). The
//! file's inner attributes and its items are kept apart: they are the two
//! sections rustfmt is given (see `crate::rustfmt`).

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::quote;

use crate::error::Error;
use crate::rustfmt::Sections;

/// The width of one level of indentation.
const INDENT: &str = "    ";

/// A file being written.
pub struct RustFile {
    /// Its path in the crate, for errors.
    path: &'static str,
    header: String,
    /// The module's docs and inner attributes, and the comments among them.
    inner: String,
    /// The items, and the comments before them.
    items: String,
    /// A comment that goes with what comes next.
    comment: String,
    /// The first template that did not parse: a generator bug, reported by [`RustFile::finish`].
    error: Option<String>,
}

/// The text of a file in the sections rustfmt is given: its module docs and inner attributes,
/// which only the start of a file may hold, and its items.
pub struct RustText {
    /// Its path in the crate.
    pub path: &'static str,
    pub header: String,
    pub sections: Sections,
}

impl RustText {
    /// The whole file: the `// header` line, then each section after a blank line.
    pub fn text(&self) -> String {
        let mut text = format!("// {}\n", self.header);
        for section in [&self.sections.inner, &self.sections.items] {
            if !section.is_empty() {
                text.push('\n');
                text.push_str(section);
            }
        }
        text
    }
}

impl RustFile {
    /// A file that starts with the `// header` line.
    pub fn new(path: &'static str, header: &str) -> RustFile {
        RustFile {
            path,
            header: header.to_owned(),
            inner: String::new(),
            items: String::new(),
            comment: String::new(),
            error: None,
        }
    }

    /// The module's docs and inner attributes (`//!`, `#![...]`), which the file starts with.
    pub fn inner(&mut self, attrs: TokenStream) {
        if !self.items.is_empty() {
            self.error.get_or_insert_with(|| "inner attributes after an item".to_owned());
        }
        self.inner.push_str(&std::mem::take(&mut self.comment));
        // One at a time: alone in a file, several would share a line when they fit on one.
        if let Some(mut file) = self.parse(attrs) {
            for attr in std::mem::take(&mut file.attrs) {
                file.attrs = vec![attr];
                push_lines(&mut self.inner, &prettyplease::unparse(&file));
            }
        }
    }

    /// `//` lines for the reader of the generated code, attached to what follows. The text is
    /// the generator's own, never the spec's.
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.comment.push_str(&format!("// {line}\n"));
        }
    }

    /// One item or several, after a blank line, with none between them: a group of `use`s or
    /// `mod`s is one call.
    pub fn items(&mut self, items: TokenStream) {
        self.gap();
        if let Some(file) = self.parse(items) {
            push_lines(&mut self.items, &prettyplease::unparse(&file));
        }
    }

    /// `head { members }` (an `impl` block), printed a member at a time. A blank line sets each
    /// function apart from the members around it; constants, types and macro calls stay
    /// together.
    pub fn block(&mut self, head: TokenStream, members: impl IntoIterator<Item = TokenStream>) {
        self.gap();
        let Some(empty) = self.parse(quote!(#head {})) else { return };
        let empty = prettyplease::unparse(&empty);
        let Some(opening) = empty.strip_suffix("{}\n") else {
            self.error.get_or_insert_with(|| format!("a block's head printed as `{empty}`"));
            return;
        };
        let head_lines = empty.lines().count();
        let mut body = String::new();
        let mut previous_is_fn = None;
        for member in members {
            let Some((text, is_fn)) = self.member(&head, member, head_lines) else { continue };
            if previous_is_fn.is_some_and(|previous| previous || is_fn) {
                body.push('\n');
            }
            body.push_str(&text);
            previous_is_fn = Some(is_fn);
        }
        if body.is_empty() {
            self.items.push_str(&empty);
        } else {
            self.items.push_str(&format!("{opening}{{\n{body}}}\n"));
        }
    }

    /// `name! { item }`: an item the runtime's macro `name` completes (`string_enum!`). The
    /// item is printed as Rust; rustfmt leaves what is inside a macro's braces as it is.
    pub fn macro_item(&mut self, name: &str, item: TokenStream) {
        self.gap();
        let Some(file) = self.parse(item) else { return };
        self.items.push_str(&format!("{name}! {{\n"));
        for line in prettyplease::unparse(&file).lines() {
            if !line.is_empty() {
                self.items.push_str(INDENT);
            }
            self.items.push_str(line);
            self.items.push('\n');
        }
        self.items.push_str("}\n");
    }

    /// The text of the file, or the internal error of a template that did not parse.
    pub fn finish(self) -> Result<RustText, Error> {
        match self.error {
            None => {
                let mut inner = self.inner;
                // A comment nothing followed.
                inner.push_str(&self.comment);
                Ok(RustText {
                    path: self.path,
                    header: self.header,
                    sections: Sections { inner, items: self.items },
                })
            }
            Some(message) => Err(Error::Internal { what: self.path.to_owned(), message }),
        }
    }

    /// A blank line before the next item, unless it is the first; then the comment that goes
    /// with it.
    fn gap(&mut self) {
        if !self.items.is_empty() {
            self.items.push('\n');
        }
        self.items.push_str(&std::mem::take(&mut self.comment));
    }

    fn parse(&mut self, tokens: TokenStream) -> Option<syn::File> {
        match syn::parse2::<syn::File>(tokens) {
            Ok(file) => Some(file),
            Err(error) => {
                self.error.get_or_insert_with(|| format!("emitted tokens do not parse: {error}"));
                None
            }
        }
    }

    /// One member of a block, printed inside `head { member }`, whose head takes `head_lines`:
    /// its lines, and whether it is a function.
    fn member(
        &mut self,
        head: &TokenStream,
        member: TokenStream,
        head_lines: usize,
    ) -> Option<(String, bool)> {
        let file = self.parse(quote!(#head { #member }))?;
        let member = match file.items.first() {
            Some(syn::Item::Impl(block)) => block.items.first(),
            _ => None,
        };
        match member {
            Some(syn::ImplItem::Macro(call)) => Some((format!("{INDENT}{}\n", macro_call(&call.mac)), false)),
            Some(member) => {
                let is_fn = matches!(member, syn::ImplItem::Fn(_));
                let printed = prettyplease::unparse(&file);
                let lines: Vec<&str> = printed.lines().collect();
                let body = lines.get(head_lines..lines.len().saturating_sub(1)).unwrap_or_default();
                Some((body.iter().map(|line| format!("{line}\n")).collect(), is_fn))
            }
            None => {
                self.error.get_or_insert_with(|| "a block that is not an `impl` with a member".to_owned());
                None
            }
        }
    }
}

/// Printed lines, ending with a line break whether or not prettyplease ended them with one (it
/// does not after inner attributes alone).
fn push_lines(text: &mut String, printed: &str) {
    text.push_str(printed.trim_end_matches('\n'));
    text.push('\n');
}

/// `name!(arguments);` on one line, its arguments spaced as Rust is written by hand. A macro's
/// arguments need not be Rust, so prettyplease prints them as bare tokens (`name : Type`) and
/// rustfmt leaves them alone; the runtime's `setter!` takes attributes, words, `=`, `:` and a
/// type, which this prints as a person writes them.
fn macro_call(mac: &syn::Macro) -> String {
    let path: Vec<String> = mac.path.segments.iter().map(|segment| segment.ident.to_string()).collect();
    format!("{}!({});", path.join("::"), hand_written(mac.tokens.clone()))
}

/// Tokens spaced as Rust is written by hand: `#[deprecated] exact name = field: Vec<A, B>`.
fn hand_written(tokens: TokenStream) -> String {
    let mut text = String::new();
    // Whether a word (or a group) here is set apart from what precedes it.
    let mut spaced = false;
    let mut joint_colon = false;
    for token in tokens {
        match token {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if spaced {
                    text.push(' ');
                }
                text.push_str(&token.to_string());
                spaced = true;
            }
            TokenTree::Group(group) => {
                if spaced {
                    text.push(' ');
                }
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                text.push_str(open);
                text.push_str(&hand_written(group.stream()));
                text.push_str(close);
                spaced = true;
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                match c {
                    // The second `:` of a `::`, or a `:` before a type.
                    ':' if joint_colon => spaced = false,
                    ':' if punct.spacing() == Spacing::Joint => spaced = false,
                    ':' | ',' => spaced = true,
                    '=' => {
                        text.push(' ');
                        spaced = true;
                    }
                    _ => spaced = false,
                }
                joint_colon = c == ':' && punct.spacing() == Spacing::Joint;
                text.push(c);
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(build: impl FnOnce(&mut RustFile)) -> String {
        let mut file = RustFile::new("src/test.rs", "Header.");
        build(&mut file);
        file.finish().expect("the templates parse").text()
    }

    #[test]
    fn macro_arguments_read_as_written_by_hand() {
        let tokens =
            quote!(#[deprecated] exact set_kind = r#type: std::collections::BTreeMap<String, Vec<A>>);
        assert_eq!(
            hand_written(tokens),
            "#[deprecated] exact set_kind = r#type: std::collections::BTreeMap<String, Vec<A>>"
        );
        assert_eq!(hand_written(quote!(tags: [models::Tag])), "tags: [models::Tag]");
    }

    #[test]
    fn blocks_set_functions_apart_and_keep_the_rest_together() {
        let text = printed(|file| {
            file.block(
                quote!(impl Operation for Get),
                [
                    quote!(
                        type Output = ();
                    ),
                    quote!(
                        const READ: Reader<Self::Output> = Response::empty;
                    ),
                    quote!(
                        fn write(&self) {}
                    ),
                    quote!(setter!(exact size: u64);),
                    quote!(setter!(name: String);),
                ],
            )
        });
        let expected = "// Header.\n\nimpl Operation for Get {\n    type Output = ();\n    \
            const READ: Reader<Self::Output> = Response::empty;\n\n    fn write(&self) {}\n\n    \
            setter!(exact size: u64);\n    setter!(name: String);\n}\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn items_comments_and_inner_attributes_are_spaced_as_written_by_hand() {
        let text = printed(|file| {
            file.inner(quote!(#![forbid(unsafe_code)]));
            file.comment("Why the lints are allowed.");
            file.inner(quote!(#![allow(clippy::too_many_arguments)]));
            file.items(quote!(
                mod a;
                mod b;
            ));
            file.items(quote!(
                pub use a::A;
            ));
            file.macro_item(
                "string_enum",
                quote!(
                    pub enum E {
                        A = "a",
                        Unknown(String),
                    }
                ),
            );
        });
        let expected = "// Header.\n\n#![forbid(unsafe_code)]\n// Why the lints are allowed.\n\
            #![allow(clippy::too_many_arguments)]\n\nmod a;\nmod b;\n\npub use a::A;\n\n\
            string_enum! {\n    pub enum E {\n        A = \"a\",\n        Unknown(String),\n    }\n}\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn a_template_that_does_not_parse_is_an_internal_error() {
        let mut file = RustFile::new("src/test.rs", "Header.");
        file.items(quote!(pub struct;));
        file.items(quote!(
            pub struct Fine;
        ));
        assert!(matches!(file.finish(), Err(Error::Internal { what, .. }) if what == "src/test.rs"));
    }
}
