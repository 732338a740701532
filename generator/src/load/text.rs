//! Spec text to a document tree, YAML or JSON.
//!
//! The tree is serde_yaml's `Value`, read through a visitor of our own so
//! that an integer no 64-bit type holds (`minimum: -9223372036854776000` is
//! in real documents) becomes a float instead of failing the whole parse:
//! serde_yaml's own `Value` refuses 128-bit integers.
//!
//! The visitor also bounds the tree. A YAML alias copies the node it names
//! wherever it stands, so a small file can name a node that names others
//! thousands of times and load into billions of nodes; serde_yaml's own
//! limit counts the aliases followed, not what each one copies. So every
//! node is counted as it is built, copies included, against
//! [`node_budget`]. Mapping keys that serde_yaml hashes alike (every float
//! hashes the same) are made strings, so a mapping of many such keys is not
//! filled in quadratic time, and a key that is a collection is refused (no
//! OpenAPI key is one). Before YAML is parsed at all, its flow collections
//! (`[`, `{`) are checked to nest no deeper than serde_yaml reads
//! ([`super::nesting`]): the parser's work grows with that depth for every
//! token. Last, the JSON pointers of all nodes may not add up to more than
//! a few times the text ([`POINTER_BYTES_PER_BYTE`]): every stage builds
//! them.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Value};

use crate::error::{Error, SpecProblem};
use crate::pointer::Pointer;

/// The largest spec file (or file a `$ref` names) read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// The most nodes any document loads into, whatever its size.
pub const MAX_NODES: usize = 2_000_000;

/// What YAML aliases may add to a small document beyond one node per byte.
const ALIAS_ALLOWANCE: usize = 100_000;

/// The nodes a document of `text_len` bytes may load into. Written out,
/// a node takes at least a byte (`[a,a]`, `{a,b}`), so only aliases can
/// pass one per byte; they get [`ALIAS_ALLOWANCE`] more, and no document
/// passes [`MAX_NODES`].
pub fn node_budget(text_len: usize) -> usize {
    text_len.saturating_add(ALIAS_ALLOWANCE).min(MAX_NODES)
}

/// The text of the file at `path`: only a regular file (a named pipe or a
/// device would block the read or never end), of at most
/// [`MAX_FILE_BYTES`], checked on the opened file so that nothing can be
/// swapped in between.
pub fn read(path: &Path) -> io::Result<String> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a named pipe waits for a writer; without waiting, the
    // check below refuses it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    let too_large = |size: u64| {
        io::Error::other(format!("{size} bytes; a spec file may hold at most {MAX_FILE_BYTES} bytes"))
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    // A file that grows while it is read stops at the limit all the same.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
}

/// Parses `text` as JSON or YAML; `label` names the file in messages.
pub fn parse(label: &str, text: &str, is_json: bool) -> Result<Value, Error> {
    let value = tree(label, text, is_json)?;
    match long_pointer(&value, pointer_budget(text.len())) {
        None => Ok(value),
        Some(pointer) => Err(Error::Spec {
            file: label.to_owned(),
            problems: vec![SpecProblem::invalid(
                &pointer,
                format!(
                    "nodes nested deep under long names: the JSON pointers that locate the document's \
                     nodes (every type and message is located by one) add up to more than \
                     {POINTER_BYTES_PER_BYTE} bytes per byte of text"
                ),
            )],
        }),
    }
}

/// How many bytes the JSON pointers of a document's nodes may add up to,
/// per byte of its text; real specs stay near 2 (each node sits a few
/// short names deep). Every node is located by its pointer, built (and
/// often kept) by each stage, so the sum is work every stage does: a
/// document of names of 100 KB nested 60 deep sums to 90 per byte.
const POINTER_BYTES_PER_BYTE: usize = 16;

/// What the pointers of the nodes YAML aliases add may take beyond that.
const POINTER_ALLOWANCE: usize = 8 << 20;

fn pointer_budget(text_len: usize) -> usize {
    text_len.saturating_mul(POINTER_BYTES_PER_BYTE).saturating_add(POINTER_ALLOWANCE)
}

/// The pointer of the node at which the lengths of all nodes' pointers, in
/// document order, pass `budget`, if they do.
fn long_pointer(value: &Value, budget: usize) -> Option<Pointer> {
    /// The children of a node still to visit, and its pointer token and
    /// pointer length.
    struct Frame<'v> {
        children: Box<dyn Iterator<Item = (String, &'v Value)> + 'v>,
        token: String,
        length: usize,
    }
    fn children(value: &Value) -> Option<Box<dyn Iterator<Item = (String, &Value)> + '_>> {
        match value {
            Value::Mapping(mapping) => Some(Box::new(
                mapping.iter().map(|(key, value)| (super::places::key_text(key).unwrap_or_default(), value)),
            )),
            Value::Sequence(items) => {
                Some(Box::new(items.iter().enumerate().map(|(index, item)| (index.to_string(), item))))
            }
            Value::Tagged(tagged) => children(&tagged.value),
            _ => None,
        }
    }
    let root = Frame { children: children(value)?, token: String::new(), length: 1 };
    let mut total = root.length;
    let mut stack = vec![root];
    while let Some(frame) = stack.last_mut() {
        let Some((token, child)) = frame.children.next() else {
            stack.pop();
            continue;
        };
        let length = frame.length + 1 + token.len();
        total = total.saturating_add(length);
        if total > budget {
            let parents = stack.iter().skip(1).map(|frame| frame.token.as_str());
            return Some(
                parents.chain([token.as_str()]).fold(Pointer::root(), |pointer, token| pointer.join(token)),
            );
        }
        if let Some(children) = children(child) {
            stack.push(Frame { children, token, length });
        }
    }
    None
}

/// The document tree of `text`, bounded as the module says.
fn tree(label: &str, text: &str, is_json: bool) -> Result<Value, Error> {
    let budget = Cell::new(node_budget(text.len()));
    if is_json {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        // Big specs nest deeply (schemas inside schemas); the tree is walked
        // without recursion limits of its own, so stay with serde_json's.
        let value = Node { budget: &budget }.deserialize(&mut deserializer).and_then(|value| {
            deserializer.end()?;
            Ok(value)
        });
        return value.map_err(|error| Error::Syntax {
            file: label.to_owned(),
            line: error.line(),
            column: error.column(),
            format: "JSON",
            message: error.to_string(),
        });
    }
    if let Some((line, column)) = super::nesting::too_deep(text) {
        let message =
            format!("flow collections (`[`, `{{`) nested more than {} deep", super::nesting::MAX_FLOW_DEPTH);
        return Err(Error::Syntax { file: label.to_owned(), line, column, format: "YAML", message });
    }
    let node = Node { budget: &budget }.deserialize(serde_yaml::Deserializer::from_str(text));
    let mut yaml = node.map_err(|error| {
        let (line, column) = error.location().map_or((0, 0), |at| (at.line(), at.column()));
        // The location is already in front; serde_yaml repeats it at the end.
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or_default().to_owned();
        Error::Syntax { file: label.to_owned(), line, column, format: "YAML", message }
    })?;
    // Real-world specs share fragments with YAML merge keys (`<<: *base`).
    yaml.apply_merge().map_err(|error| Error::Spec {
        file: label.to_owned(),
        problems: vec![SpecProblem::invalid(&Pointer::root(), error.to_string())],
    })?;
    Ok(yaml)
}

/// A document node, with oversized integers read as floats, counted
/// against `budget` (the nodes still allowed).
#[derive(Clone, Copy)]
struct Node<'b> {
    budget: &'b Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        match self.budget.get().checked_sub(1) {
            Some(left) => self.budget.set(left),
            None => {
                return Err(de::Error::custom(format_args!(
                    "the document loads into more nodes than its size allows (YAML aliases copy the \
                     nodes they name; at most {ALIAS_ALLOWANCE} more than one per byte of text, and \
                     {MAX_NODES} in all)"
                )))
            }
        }
        deserializer.deserialize_any(LenientVisitor(self))
    }
}

struct LenientVisitor<'b>(Node<'b>);

impl<'de> Visitor<'de> for LenientVisitor<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(small) => Value::Number(small.into()),
            Err(_) => Value::Number(Number::from(value as f64)),
        })
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(access.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = access.next_element_seed(self.0)? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut mapping = Mapping::new();
        while let Some(key) = access.next_key_seed(self.0)? {
            let key = match key {
                // serde_yaml hashes every float alike: as keys they would
                // make each insertion compare with all the others.
                Value::Number(number) if number.is_f64() => Value::String(number.to_string()),
                Value::Sequence(_) | Value::Mapping(_) | Value::Tagged(_) => {
                    return Err(de::Error::custom("a mapping key must be a string, a number or a boolean"));
                }
                key => key,
            };
            let value = access.next_value_seed(self.0)?;
            // A repeated key keeps its first value, as YAML parsers that
            // accept repeats do; JSON parsers keep the last. Both are rare.
            if !mapping.contains_key(&key) {
                mapping.insert(key, value);
            }
        }
        Ok(Value::Mapping(mapping))
    }

    /// A YAML tag (`!name value`).
    fn visit_enum<A: de::EnumAccess<'de>>(self, access: A) -> Result<Value, A::Error> {
        let (tag, variant): (String, _) = access.variant()?;
        let value = variant.newtype_variant_seed(self.0)?;
        Ok(Value::Tagged(Box::new(TaggedValue { tag: Tag::new(tag), value })))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn integers_beyond_64_bits_become_floats() {
        let yaml =
            parse("a.yaml", "minimum: -9223372036854776000\nmax: 99999999999999999999999\nn: 3\n", false)
                .expect("parses");
        assert_eq!(yaml.get("minimum").and_then(serde_yaml::Value::as_f64), Some(-9.223372036854776e18));
        assert!(yaml.get("max").is_some_and(serde_yaml::Value::is_f64));
        assert_eq!(yaml.get("n").and_then(serde_yaml::Value::as_i64), Some(3));
        let json = parse("a.json", r#"{"m": -9223372036854776000, "k": [1, 2.5]}"#, true).expect("parses");
        assert!(json.get("m").is_some_and(serde_yaml::Value::is_f64));
    }

    /// Names of kilobytes nested 60 deep make pointers that add up to many
    /// times the text: refused at the node where they pass the budget.
    #[test]
    fn long_names_nested_deep_are_refused_where_their_pointers_outgrow_the_text() {
        let name = "x".repeat(20_000);
        let mut nested = String::from("{}");
        for level in (0..60).rev() {
            nested = format!("{{\"{level}{name}\": {nested}}}");
        }
        let error = parse("a.json", &nested, true).expect_err("too long").to_string();
        assert!(error.starts_with("a.json: #/0x"), "{:.100}", error);
        assert!(error.contains("add up to more than 16 bytes per byte of text"), "{:.100}", error);
        let shallow = format!("{{\"a\": {{\"{name}\": [1, 2]}}, \"b\": {{\"{name}\": {{}}}}}}");
        parse("a.json", &shallow, true).expect("a long name is no problem by itself");
    }

    /// Aliases that copy more nodes than the text could hold written out
    /// are refused where the budget runs out; a few copies are not.
    #[test]
    fn aliases_may_not_outgrow_the_text() {
        // serde_yaml's own limit counts the aliases followed: a few hundred
        // pass it, each copying thousands of nodes.
        let bomb = format!("big: &big [{}]\ncopies: [{}]\n", ["x"; 2000].join(","), ["*big"; 200].join(","));
        let error = parse("a.yaml", &bomb, false).expect_err("400,000 nodes").to_string();
        // Located at the node copied, in the copy where the budget ran out.
        assert!(error.starts_with("a.yaml:1:6: not valid YAML: copies[51]:"), "{error}");
        assert!(error.contains("loads into more nodes than its size allows"), "{error}");
        let shared = "base: &base {a: 1, b: 2}\none: {<<: *base, c: 3}\ntwo: {<<: *base}\n";
        let value = parse("a.yaml", shared, false).expect("merge keys");
        assert_eq!(value["two"]["b"].as_i64(), Some(2));
    }

    /// Float keys are their text (serde_yaml hashes every float alike), and
    /// a collection is no key.
    #[test]
    fn keys_are_scalars_and_floats_are_text() {
        let value = parse("a.yaml", "1.5: a\n2: b\n", false).expect("parses");
        assert_eq!(value.get("1.5").and_then(serde_yaml::Value::as_str), Some("a"));
        assert_eq!(value.get(2).and_then(serde_yaml::Value::as_str), Some("b"));
        let error = parse("a.yaml", "? [a]\n: b\n", false).expect_err("a sequence key").to_string();
        assert!(error.contains("a mapping key must be a string, a number or a boolean"), "{error}");
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let error = parse("a.yaml", "a: [1,\n", false).expect_err("unclosed");
        assert!(error.to_string().starts_with("a.yaml:"), "{error}");
        let error = parse("a.json", "{\"a\": }", true).expect_err("no value");
        assert!(error.to_string().starts_with("a.json:1:"), "{error}");
    }
}
