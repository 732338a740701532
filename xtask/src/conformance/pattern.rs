//! Patterns (`pattern`) as the sweep reads them: the regex crate's syntax,
//! plus the negative look-aheads at the start that specs use to keep a name
//! from looking like an ID (`^(?![0-9a-f]{8}-...$)^[a-z][a-z0-9-]*$`), which
//! the regex crate does not have. And a string that a simple pattern
//! matches: parsed with `regex-syntax`, each piece written out with the
//! fewest repetitions and the plainest character of each class. Patterns
//! that need more (other look-arounds, back references) give `None`, and
//! the caller writes the value another way.

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A compiled pattern.
pub struct Pattern {
    /// What the string must match, without the leading look-aheads.
    rest: Regex,
    /// The source of `rest`.
    rest_source: String,
    /// What the start of the string must not match (each look-ahead).
    excluded: Vec<Regex>,
}

impl Pattern {
    /// The pattern, when the regex crate reads it once its leading
    /// look-aheads are split off.
    pub fn new(source: &str) -> Option<Pattern> {
        let mut rest = source;
        let mut anchored = false;
        let mut excluded = Vec::new();
        loop {
            if let Some(after) = rest.strip_prefix('^') {
                anchored = true;
                rest = after;
            } else if let Some(after) = rest.strip_prefix("(?!") {
                let end = group_end(after)?;
                excluded.push(Regex::new(&format!("^(?:{})", &after[..end])).ok()?);
                rest = &after[end + 1..];
            } else {
                break;
            }
        }
        let rest_source = if anchored { format!("^{rest}") } else { rest.to_owned() };
        Some(Pattern { rest: Regex::new(&rest_source).ok()?, rest_source, excluded })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.rest.is_match(text) && !self.excluded.iter().any(|excluded| excluded.is_match(text))
    }
}

/// Where the group whose content starts `text` ends: the index of its `)`.
fn group_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut escaped = false;
    for (index, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class && depth == 0 => return Some(index),
            ')' if !in_class => depth -= 1,
            _ => {}
        }
    }
    None
}

/// A string of at least `min_length` characters that `pattern` matches, when
/// the pattern is simple enough to write one and the result checks out.
pub fn sample(pattern: &str, min_length: usize, max_length: Option<usize>) -> Option<String> {
    let checker = Pattern::new(pattern)?;
    let hir = regex_syntax::parse(&checker.rest_source).ok()?;
    let fits = |text: &str| {
        let length = text.chars().count();
        length >= min_length && max_length.is_none_or(|max| length <= max) && checker.is_match(text)
    };
    let shortest = write(&hir, 0)?;
    if fits(&shortest) {
        return Some(shortest);
    }
    // Too short: let the first repetition with room take the characters missing.
    let missing = min_length.saturating_sub(shortest.chars().count());
    let stretched = write(&hir, missing)?;
    fits(&stretched).then_some(stretched)
}

/// Writes the shortest match of `hir`, giving up to `stretch` more
/// repetitions to the first repetition that allows them.
fn write(hir: &Hir, stretch: usize) -> Option<String> {
    let mut out = String::new();
    let mut stretch = stretch;
    write_into(hir, &mut stretch, &mut out)?;
    Some(out)
}

fn write_into(hir: &Hir, stretch: &mut usize, out: &mut String) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => Some(()),
        HirKind::Literal(literal) => {
            out.push_str(std::str::from_utf8(&literal.0).ok()?);
            Some(())
        }
        HirKind::Class(class) => {
            out.push(plain_char(class)?);
            Some(())
        }
        // Anchors match where the string starts and ends anyway; other
        // assertions (word boundaries) are checked on the result.
        HirKind::Look(
            Look::Start | Look::End | Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF,
        ) => Some(()),
        HirKind::Look(_) => Some(()),
        HirKind::Repetition(repetition) => {
            // One at least where the pattern allows it: `a*` as `a` reads as a
            // value rather than as nothing.
            let base = repetition.min.max(u32::from(repetition.max != Some(0)));
            let room = repetition.max.map_or(usize::MAX, |max| (max - base) as usize);
            let extra = (*stretch).min(room);
            *stretch -= extra;
            for _ in 0..(base as usize + extra) {
                write_into(&repetition.sub, stretch, out)?;
            }
            Some(())
        }
        HirKind::Capture(capture) => write_into(&capture.sub, stretch, out),
        HirKind::Concat(parts) => parts.iter().try_for_each(|part| write_into(part, stretch, out)),
        HirKind::Alternation(choices) => write_into(choices.first()?, stretch, out),
    }
}

/// The plainest character of a class: a lowercase letter, then an uppercase
/// one, a digit, and otherwise the first printable one.
fn plain_char(class: &Class) -> Option<char> {
    let ranges: Vec<(char, char)> = match class {
        Class::Unicode(class) => class.ranges().iter().map(|range| (range.start(), range.end())).collect(),
        Class::Bytes(class) => {
            class.ranges().iter().map(|range| (char::from(range.start()), char::from(range.end()))).collect()
        }
    };
    let contains = |c: char| ranges.iter().any(|&(start, end)| start <= c && c <= end);
    ['a', 'x', 'A', 'X', '1', '0', '-', '_']
        .into_iter()
        .chain('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .find(|&c| contains(c))
        .or_else(|| {
            // The first printable character among the first few of each range.
            ranges
                .iter()
                .flat_map(|&(start, end)| (start..=end).take(256))
                .find(|c| !c.is_control() && !c.is_whitespace())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_vendor_patterns() {
        assert_eq!(
            sample("^CA[0-9a-fA-F]{32}$", 0, None).as_deref(),
            Some("CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        );
        assert_eq!(sample("^[a-z0-9-]+$", 0, None).as_deref(), Some("a"));
        assert_eq!(sample("^(abc|def)-\\d{2}$", 0, None).as_deref(), Some("abc-11"));
        assert_eq!(sample("^\\+?[1-9]\\d{1,14}$", 0, None).as_deref(), Some("+11"));
    }

    #[test]
    fn stretches_to_the_minimum_length() {
        assert_eq!(sample("^[a-z]+$", 5, Some(8)).as_deref(), Some("aaaaa"));
        assert_eq!(sample("^[a-z]{2}$", 5, None), None);
    }

    #[test]
    fn leading_look_aheads_exclude_what_they_match() {
        let name = "^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$";
        let pattern = Pattern::new(name).unwrap();
        assert!(pattern.is_match("my-disk"));
        assert!(!pattern.is_match("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!pattern.is_match("My-disk"));
        assert_eq!(sample(name, 0, None).as_deref(), Some("aaa"));
        // A `)` in a class or escaped does not close the look-ahead.
        let nested = Pattern::new("^(?!(a|b)[)]\\))x").unwrap();
        assert!(nested.is_match("x") && Pattern::new("^(?!a").is_none());
    }

    #[test]
    fn gives_up_on_what_it_cannot_write() {
        assert_eq!(sample("(", 0, None), None);
        assert_eq!(sample("^\\bword\\B", 0, None), None);
    }
}
