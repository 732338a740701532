//! How deep YAML flow collections (`[…]`, `{…}`) nest, found before the
//! YAML parser sees the text.
//!
//! The YAML parser keeps one entry per open flow collection and looks at all
//! of them for every token, so its work grows with the depth times the size
//! of the text: 20,000 `[` take seconds and 100,000 take minutes, although
//! serde_yaml reads no tree deeper than 128 levels and fails after the
//! parser is done. Block collections need more indentation per level, so
//! the text itself bounds their depth.
//!
//! This is a scan, not a parser: it reads quotes, comments, block scalars and
//! plain scalars well enough never to count a bracket that is text as an
//! open collection in documents the parser accepts. Where it cannot tell it
//! errs on the side of missing one, so no document serde_yaml can read is
//! refused.

/// Flow collections nested deeper than this are refused; serde_yaml
/// refuses any tree deeper than 128 levels.
pub const MAX_FLOW_DEPTH: usize = 128;

/// The line and column (1-based) of the first flow collection that opens
/// deeper than [`MAX_FLOW_DEPTH`], if there is one.
pub fn too_deep(text: &str) -> Option<(usize, usize)> {
    let mut scan = Scan { bytes: text.as_bytes(), at: 0, depth: 0 };
    scan.run()
}

struct Scan<'t> {
    bytes: &'t [u8],
    at: usize,
    /// Open flow collections.
    depth: usize,
}

impl Scan<'_> {
    fn run(&mut self) -> Option<(usize, usize)> {
        // Whether the next character starts a node (after indentation, an
        // indicator, an anchor or a tag): only there does a bracket outside
        // flow collections open one, and a quote open a quoted scalar.
        let mut node_start = true;
        // Whether that node starts a line; see the quotes below.
        let mut line_start = true;
        // The indentation of the current line's first node, for block scalars.
        let mut indent = 0;
        // Whether a quoted scalar just ended (`"a":` is a key in flow).
        let mut after_quoted = false;
        while let Some(&byte) = self.bytes.get(self.at) {
            if line_start && self.at_line_start() {
                indent = self.skip_indentation();
                node_start = node_start || self.depth == 0;
            }
            let starts_line = std::mem::replace(&mut line_start, false);
            let quoted = std::mem::replace(&mut after_quoted, false);
            match byte {
                b'\n' => {
                    self.at += 1;
                    line_start = true;
                }
                b' ' | b'\t' | b'\r' => {
                    self.at += 1;
                    line_start = starts_line;
                    after_quoted = quoted;
                }
                b'#' if self.after_blank() => {
                    self.skip_while(|byte| byte != b'\n');
                }
                // Outside flow collections a quote that starts a line may be
                // the continuation of a plain scalar, which the parser reads
                // as text; taken for a quote, it could hide what follows.
                b'\'' | b'"' if node_start && (self.depth > 0 || !starts_line) => {
                    self.skip_quoted(byte);
                    node_start = false;
                    after_quoted = true;
                }
                b'&' | b'!' if node_start => {
                    // An anchor or a tag: the node starts after it.
                    self.skip_while(|byte| !matches!(byte, b' ' | b'\t' | b'\n'));
                }
                b'[' | b'{' if node_start || self.depth > 0 => {
                    self.depth += 1;
                    if self.depth > MAX_FLOW_DEPTH {
                        return Some(self.position());
                    }
                    self.at += 1;
                    node_start = true;
                }
                b']' | b'}' if self.depth > 0 => {
                    self.depth -= 1;
                    self.at += 1;
                    node_start = false;
                }
                b',' if self.depth > 0 => {
                    self.at += 1;
                    node_start = true;
                }
                b'|' | b'>' if node_start && self.depth == 0 => self.skip_block_scalar(indent),
                b':' if quoted && self.depth > 0 => {
                    self.at += 1;
                    node_start = true;
                }
                b'-' | b'?' | b':' if self.indicator_here() => {
                    self.at += 1;
                    node_start = true;
                }
                _ => {
                    self.at += 1;
                    node_start = false;
                }
            }
        }
        None
    }

    /// Whether the cursor is at the start of a line.
    fn at_line_start(&self) -> bool {
        self.at == 0 || self.bytes[self.at - 1] == b'\n'
    }

    /// Skips a line's indentation, with the block sequence entries and
    /// explicit keys (`- `, `? `) that open on it and a document marker
    /// (`--- `): what is left is the line's first node. Returns its column.
    fn skip_indentation(&mut self) -> usize {
        let start = self.at;
        if self.bytes[self.at..].starts_with(b"---") && self.blank_or_end(self.at + 3) {
            self.at += 3;
        }
        loop {
            self.skip_while(|byte| byte == b' ');
            match self.bytes.get(self.at) {
                Some(b'-' | b'?') if self.blank_or_end(self.at + 1) => self.at += 1,
                _ => return self.at - start,
            }
        }
    }

    fn blank_or_end(&self, at: usize) -> bool {
        matches!(self.bytes.get(at), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
    }

    /// Whether the character at the cursor is an indicator (`- `, `? `,
    /// `: `, or `:` before a flow character inside a flow collection).
    fn indicator_here(&self) -> bool {
        match self.bytes.get(self.at + 1) {
            None | Some(b' ' | b'\t' | b'\n' | b'\r') => true,
            Some(b',' | b'[' | b']' | b'{' | b'}') => self.depth > 0,
            Some(_) => false,
        }
    }

    fn after_blank(&self) -> bool {
        self.at == 0 || matches!(self.bytes[self.at - 1], b' ' | b'\t' | b'\n' | b'\r')
    }

    /// Skips a quoted scalar from its opening quote to past its closing one.
    fn skip_quoted(&mut self, quote: u8) {
        self.at += 1;
        while let Some(&byte) = self.bytes.get(self.at) {
            self.at += 1;
            match byte {
                b'\\' if quote == b'"' => self.at += 1,
                // `''` is a quote inside single quotes.
                b'\'' if quote == b'\'' && self.bytes.get(self.at) == Some(&b'\'') => self.at += 1,
                byte if byte == quote => return,
                _ => {}
            }
        }
    }

    /// Skips a block scalar (`|` or `>` on a line whose first node is at
    /// column `indent`): the rest of its line, and every following line
    /// that is blank or indented more.
    fn skip_block_scalar(&mut self, indent: usize) {
        self.skip_while(|byte| byte != b'\n');
        while self.at < self.bytes.len() {
            let line = &self.bytes[self.at + 1..];
            let spaces = line.iter().take_while(|&&byte| byte == b' ').count();
            let blank = matches!(line.get(spaces), None | Some(b'\n' | b'\r'));
            if !blank && spaces <= indent {
                return;
            }
            self.at += 1;
            self.skip_while(|byte| byte != b'\n');
        }
    }

    fn skip_while(&mut self, keep: impl Fn(u8) -> bool) -> usize {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(|&byte| keep(byte)) {
            self.at += 1;
        }
        self.at - start
    }

    fn position(&self) -> (usize, usize) {
        let before = &self.bytes[..self.at];
        let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&byte| byte == b'\n').map_or(0, |at| at + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::{too_deep, MAX_FLOW_DEPTH};

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn deep_flow_collections_are_found_where_they_pass_the_limit() {
        let deep = MAX_FLOW_DEPTH + 1;
        assert_eq!(too_deep(&format!("a: {}\n", nested(MAX_FLOW_DEPTH))), None);
        assert_eq!(too_deep(&format!("a: {}\n", nested(deep))), Some((1, 4 + MAX_FLOW_DEPTH)));
        assert_eq!(too_deep(&format!("a:\n  b: &x !t {}\n", nested(deep))), Some((2, 12 + MAX_FLOW_DEPTH)));
        let mixed = format!("- {}x{}\n", "{a: [".repeat(deep), "]}".repeat(deep));
        assert!(too_deep(&mixed).is_some());
        // Inside a flow collection, a quoted scalar holding `]` closes nothing.
        let quoted = format!("a: {}\n", "[ \"]\", '] '' ]', ".repeat(deep));
        assert!(too_deep(&quoted).is_some());
        // A quote inside a plain scalar is text, and hides nothing.
        assert!(too_deep(&format!("a: [it's, {}]\n", nested(deep))).is_some());
        // Neither does a quote that continues a plain scalar on a new line.
        assert!(too_deep(&format!("a: b\n  'c\nd: {} 'e'\n", nested(deep))).is_some());
        // Nor a line indented less than a block scalar's content.
        assert!(too_deep(&format!("- a: |\n    text\n  b: {}\n", nested(deep))).is_some());
        // A JSON-like key before its colon.
        let json_keys = format!("a: {}\n", "{\"k\":']', \"v\": [".repeat(deep));
        assert!(too_deep(&json_keys).is_some());
    }

    #[test]
    fn brackets_that_are_text_are_not_counted() {
        let many = "[".repeat(MAX_FLOW_DEPTH * 2);
        for text in [
            format!("a: x {many}\n"),
            format!("a: \"{many}\"\n"),
            format!("a: '{many}'\n"),
            format!("a: b # {many}\n"),
            format!("a: |\n  {many}\n  {many}\n\n  more\nb: c\n"),
            format!("a: >-\n    {many}\nb: [x, y]\n"),
            format!("a: [\"{many}\", '{many}', x # {many}\n  ]\n"),
            format!("a: b:{many}\n"),
        ] {
            assert_eq!(too_deep(&text), None, "{text}");
        }
    }
}
