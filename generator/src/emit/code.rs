//! Rust source written an item at a time, laid out as rustfmt lays it out
//! with the crate's `rustfmt.toml` (`use_small_heuristics = "Max"`, 100
//! columns): a line is kept whole when it fits, and otherwise broken the way
//! rustfmt breaks it. The generated code uses a few shapes of expression
//! ([`Expr`]), and this module knows how rustfmt breaks each of them; the
//! fixture crates' `cargo fmt --check` holds it to that.
//!
//! Nothing from a spec reaches the text but as identifiers the normalizer
//! made and `validate` checked, through [`string`] (Rust string literals,
//! escaped by proc-macro2 as `quote!` escapes them), and through
//! [`Code::docs`] (sanitized Markdown).

use proc_macro2::Literal;

use crate::markdown;

/// The width rustfmt fills.
const MAX_WIDTH: usize = 100;
const INDENT: usize = 4;

/// An expression, in the shapes the generated code uses.
#[derive(Clone, Debug)]
pub enum Expr {
    /// Text that is never broken: a path, a literal, `&self.name`.
    Atom(String),
    /// `head(args)`: a function call, or a tuple struct or variant.
    Call(String, Vec<Expr>),
    /// `receiver.a(..).b(..)?`: method calls, each maybe followed by `?`.
    Chain(String, Vec<Link>),
    /// `Path { field: value, .. }`; a field named `..base` whose value is that same atom is the
    /// base of a functional update.
    Struct(String, Vec<(String, Expr)>),
    /// `|params| body`.
    Closure(String, Box<Expr>),
    /// `{ statements }`, each statement an expression with its `;` (or none, for the tail).
    Block(Vec<(Expr, &'static str)>),
    /// `match scrutinee { pattern => value, .. }`.
    Match(String, Vec<(String, Expr)>),
    /// `&[items]`: a slice of references.
    Slice(Vec<Expr>),
}

/// One method call of a [`Expr::Chain`].
#[derive(Clone, Debug)]
pub struct Link {
    pub method: String,
    pub args: Vec<Expr>,
    /// Followed by `?`.
    pub tried: bool,
}

impl Expr {
    pub fn atom(text: impl Into<String>) -> Expr {
        Expr::Atom(text.into())
    }

    pub fn call(head: impl Into<String>, args: Vec<Expr>) -> Expr {
        Expr::Call(head.into(), args)
    }

    /// `receiver.method(args)`.
    pub fn method(receiver: impl Into<String>, method: &str, args: Vec<Expr>) -> Expr {
        let link = Link { method: method.to_owned(), args, tried: false };
        Expr::Chain(receiver.into(), vec![link])
    }

    /// The expression on one line.
    fn flat(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(head, args) => format!("{head}({})", flat_list(args)),
            Expr::Chain(receiver, links) => {
                let mut text = receiver.clone();
                for link in links {
                    text.push_str(&link.flat());
                }
                text
            }
            Expr::Struct(path, fields) if fields.is_empty() => format!("{path} {{}}"),
            Expr::Struct(path, fields) => {
                let fields: Vec<String> = fields.iter().map(|(name, value)| field(name, value)).collect();
                format!("{path} {{ {} }}", fields.join(", "))
            }
            Expr::Closure(params, body) => format!("{params} {}", body.flat()),
            Expr::Slice(items) => format!("&[{}]", flat_list(items)),
            // Never on one line: rustfmt breaks blocks and matches.
            Expr::Block(_) | Expr::Match(..) => "\n".to_owned(),
        }
    }

    /// Whether a call can let this, its only argument, run over several lines while the call
    /// itself stays on the first one.
    fn overflows(&self) -> bool {
        match self {
            Expr::Struct(_, fields) => !fields.is_empty(),
            Expr::Call(_, args) => !args.is_empty(),
            Expr::Closure(..) | Expr::Match(..) | Expr::Block(_) => true,
            Expr::Slice(items) => !items.is_empty(),
            Expr::Atom(_) | Expr::Chain(..) => false,
        }
    }
}

impl Link {
    fn flat(&self) -> String {
        let tried = if self.tried { "?" } else { "" };
        format!(".{}({}){tried}", self.method, flat_list(&self.args))
    }
}

fn flat_list(items: &[Expr]) -> String {
    items.iter().map(Expr::flat).collect::<Vec<_>>().join(", ")
}

/// `name: value`, or `name` alone when the value is a variable of that name.
fn field(name: &str, value: &Expr) -> String {
    match value {
        Expr::Atom(text) if text == name => name.to_owned(),
        _ => format!("{name}: {}", value.flat()),
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn fits(indent: usize, line: &str) -> bool {
    !line.contains('\n') && indent + width(line) <= MAX_WIDTH
}

fn all_fit(lines: &[String]) -> bool {
    lines.iter().all(|line| width(line) <= MAX_WIDTH)
}

fn pad(indent: usize, text: &str) -> String {
    format!("{:indent$}{text}", "")
}

/// The lines of `expr` at `indent`, the first starting with `lead` and the last ending with
/// `tail`.
fn layout(expr: &Expr, indent: usize, lead: &str, tail: &str) -> Vec<String> {
    let flat = format!("{lead}{}{tail}", expr.flat());
    if fits(indent, &flat) {
        return vec![pad(indent, &flat)];
    }
    match expr {
        Expr::Atom(text) => vec![pad(indent, &format!("{lead}{text}{tail}"))],
        Expr::Call(head, args) => call(indent, &format!("{lead}{head}("), args, &format!("){tail}")),
        Expr::Chain(receiver, links) => chain(indent, lead, receiver, links, tail),
        Expr::Struct(path, fields) => {
            let mut lines = vec![pad(indent, &format!("{lead}{path} {{"))];
            for (name, value) in fields {
                match value {
                    // `..base` comes last, without a comma.
                    Expr::Atom(text) if text == name && name.starts_with("..") => {
                        lines.push(pad(indent + INDENT, name))
                    }
                    Expr::Atom(text) if text == name => lines.push(pad(indent + INDENT, &format!("{name},"))),
                    _ => lines.extend(layout(value, indent + INDENT, &format!("{name}: "), ",")),
                }
            }
            lines.push(pad(indent, &format!("}}{tail}")));
            lines
        }
        Expr::Closure(params, body) => match &**body {
            Expr::Block(_) => layout(body, indent, &format!("{lead}{params} "), tail),
            // A body that does not fit goes into a block.
            other => {
                let block = Expr::Block(vec![(other.clone(), "")]);
                layout(&block, indent, &format!("{lead}{params} "), tail)
            }
        },
        Expr::Block(statements) => {
            let mut lines = vec![pad(indent, &format!("{lead}{{"))];
            for (statement, end) in statements {
                lines.extend(layout(statement, indent + INDENT, "", end));
            }
            lines.push(pad(indent, &format!("}}{tail}")));
            lines
        }
        Expr::Slice(items) => {
            let mut lines = vec![pad(indent, &format!("{lead}&["))];
            for item in items {
                lines.extend(layout(item, indent + INDENT, "", ","));
            }
            lines.push(pad(indent, &format!("]{tail}")));
            lines
        }
        Expr::Match(scrutinee, arms) => {
            let mut lines = vec![pad(indent, &format!("{lead}match {scrutinee} {{"))];
            for (pattern, value) in arms {
                lines.extend(arm(indent + INDENT, pattern, value));
            }
            lines.push(pad(indent, &format!("}}{tail}")));
            lines
        }
    }
}

/// `open` (which ends with `(`), the arguments, `close`: an only argument that can overflow
/// stays on the first line and runs over the next ones; otherwise one argument per line.
fn call(indent: usize, open: &str, args: &[Expr], close: &str) -> Vec<String> {
    if let [only] = args {
        if only.overflows() {
            return layout(only, indent, open, close);
        }
    }
    let mut lines = vec![pad(indent, open)];
    for arg in args {
        lines.extend(layout(arg, indent + INDENT, "", ","));
    }
    lines.push(pad(indent, close));
    lines
}

/// A chain that does not fit. One call goes below the receiver when it fits there (and the
/// receiver is wider than an indent), and otherwise stays and breaks its arguments. Several calls
/// go one per line below the receiver, but the first stays with a receiver no wider than an
/// indent (`self`).
fn chain(indent: usize, lead: &str, receiver: &str, links: &[Link], tail: &str) -> Vec<String> {
    let inner = indent + INDENT;
    let short = width(receiver) <= INDENT;
    let head = format!("{lead}{receiver}");
    if let [only] = links {
        let below = format!("{}{tail}", only.flat());
        if !short && fits(inner, &below) {
            return vec![pad(indent, &head), pad(inner, &below)];
        }
        return link(indent, &head, only, tail);
    }
    let (mut lines, rest) = if short {
        (link(indent, &head, &links[0], ""), &links[1..])
    } else {
        (vec![pad(indent, &head)], links)
    };
    for (index, next) in rest.iter().enumerate() {
        let end = if index + 1 == rest.len() { tail } else { "" };
        lines.extend(link(inner, "", next, end));
    }
    lines
}

/// One call of a chain, after `lead`.
fn link(indent: usize, lead: &str, link: &Link, tail: &str) -> Vec<String> {
    let tried = if link.tried { "?" } else { "" };
    let flat = format!("{lead}{}{tail}", link.flat());
    if fits(indent, &flat) {
        return vec![pad(indent, &flat)];
    }
    call(indent, &format!("{lead}.{}(", link.method), &link.args, &format!("){tried}{tail}"))
}

/// A match arm: on one line, in a block when that fits, or broken in place.
fn arm(indent: usize, pattern: &str, value: &Expr) -> Vec<String> {
    let lead = format!("{pattern} => ");
    let flat = format!("{lead}{},", value.flat());
    if fits(indent, &flat) {
        return vec![pad(indent, &flat)];
    }
    let in_block = value.flat();
    if !matches!(value, Expr::Block(_) | Expr::Match(..)) && fits(indent + INDENT, &in_block) {
        return vec![pad(indent, &format!("{lead}{{")), pad(indent + INDENT, &in_block), pad(indent, "}")];
    }
    layout(value, indent, &lead, ",")
}

/// The right-hand side of `lhs` (which ends with `=` or `:`), as rustfmt places it: on the same
/// line when it fits there, on the next line when it fits there (or breaks into fewer lines
/// there), and otherwise broken after `lhs`.
fn assignment(indent: usize, lhs: &str, rhs: &Expr, tail: &str) -> Vec<String> {
    let same = layout(rhs, indent, &format!("{lhs} "), tail);
    if same.len() == 1 && all_fit(&same) {
        return same;
    }
    let next = layout(rhs, indent + INDENT, "", tail);
    let newlines = |lines: &[String]| lines.len() - 1;
    let ends_with = |lines: &[String], c: char| lines[0].ends_with(c);
    let prefer_next = next.len() == 1
        || newlines(&same) > newlines(&next) + 1
        || ['(', '{', '['].iter().any(|&c| ends_with(&same, c) && !ends_with(&next, c));
    if all_fit(&next) && (prefer_next || !all_fit(&same)) {
        let mut lines = vec![pad(indent, lhs)];
        lines.extend(next);
        lines
    } else {
        same
    }
}

/// A file being written.
pub struct Code {
    text: String,
    depth: usize,
    /// The last line opened a block (or the file has only its header): no blank line goes here.
    at_start: bool,
}

impl Code {
    /// A file that starts with the `// header` line.
    pub fn new(header: &str) -> Code {
        Code { text: format!("// {header}\n"), depth: 0, at_start: false }
    }

    fn indent(&self) -> usize {
        self.depth * INDENT
    }

    /// A line at the current depth.
    pub fn line(&mut self, text: &str) {
        self.push(&pad(self.indent(), text));
    }

    fn push(&mut self, line: &str) {
        self.text.push_str(line.trim_end());
        self.text.push('\n');
        self.at_start = false;
    }

    fn push_all(&mut self, lines: Vec<String>) {
        lines.iter().for_each(|line| self.push(line));
    }

    /// A blank line before the next item, unless a block was just opened.
    pub fn gap(&mut self) {
        if !self.at_start && !self.text.ends_with("\n\n") {
            self.text.push('\n');
        }
    }

    /// `head {`, and what follows inside the block.
    pub fn open(&mut self, head: &str) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
        self.at_start = true;
    }

    /// The end of the innermost block: `}` followed by `tail`.
    pub fn close(&mut self, tail: &str) {
        self.depth -= 1;
        self.line(&format!("}}{tail}"));
    }

    /// `///` lines of sanitized Markdown; `fallback` when the text is empty.
    pub fn docs(&mut self, text: &str, fallback: impl FnOnce() -> String) {
        let text = if text.trim().is_empty() { fallback() } else { text.to_owned() };
        self.doc_lines("///", &text);
    }

    /// `//!` lines: the docs of the module.
    pub fn module_docs(&mut self, text: &str) {
        self.doc_lines("//!", text);
    }

    fn doc_lines(&mut self, marker: &str, text: &str) {
        for line in markdown::ensure_inert(text).lines() {
            if line.is_empty() {
                self.line(marker);
            } else {
                self.line(&format!("{marker} {line}"));
            }
        }
    }

    /// `#[name(args)]`, with one argument per line when it does not fit on one (rustfmt keeps an
    /// attribute one column short of the width).
    pub fn attr(&mut self, name: &str, args: &[String]) {
        self.attribute("#", name, args);
    }

    /// `#![name(args)]`, an attribute of the module, laid out as [`Code::attr`].
    pub fn inner_attr(&mut self, name: &str, args: &[String]) {
        self.attribute("#!", name, args);
    }

    fn attribute(&mut self, hash: &str, name: &str, args: &[String]) {
        let flat = format!("{hash}[{name}({})]", args.join(", "));
        if fits(self.indent() + 1, &flat) {
            return self.line(&flat);
        }
        self.line(&format!("{hash}[{name}("));
        for (index, arg) in args.iter().enumerate() {
            let comma = if index + 1 < args.len() { "," } else { "" };
            self.push(&pad(self.indent() + INDENT, &format!("{arg}{comma}")));
        }
        self.line(")]");
    }

    /// `//` lines: a comment for the reader of the generated code.
    pub fn comment(&mut self, text: &str) {
        for line in text.lines() {
            self.line(&format!("// {line}"));
        }
    }

    /// `prefix{names};`: a `use` of several names, filled over lines as rustfmt does when they do
    /// not fit on one.
    pub fn use_list(&mut self, prefix: &str, names: &[&str]) {
        if let [name] = names {
            return self.line(&format!("{prefix}{name};"));
        }
        let flat = format!("{prefix}{{{}}};", names.join(", "));
        if fits(self.indent(), &flat) {
            return self.line(&flat);
        }
        self.line(&format!("{prefix}{{"));
        let inner = self.indent() + INDENT;
        let mut line = String::new();
        for name in names {
            let longer = if line.is_empty() { format!("{name},") } else { format!("{line} {name},") };
            if fits(inner, &longer) {
                line = longer;
            } else {
                self.push(&pad(inner, &line));
                line = format!("{name},");
            }
        }
        self.push(&pad(inner, &line));
        self.line("};");
    }

    /// `head(params) -> ret {`, with one parameter per line when it does not fit on one line;
    /// what follows is the body. A generic return type too long for the last line pushes the `{`
    /// onto a line of its own, or, longer still, is broken after its `<` with one argument per
    /// line.
    pub fn open_fn(&mut self, head: &str, params: &[String], ret: Option<&str>) {
        let arrow = ret.map(|ret| format!(" -> {ret}")).unwrap_or_default();
        let flat = format!("{head}({}){arrow} {{", params.join(", "));
        if fits(self.indent(), &flat) {
            self.line(&flat);
        } else {
            self.line(&format!("{head}("));
            for param in params {
                self.push(&pad(self.indent() + INDENT, &format!("{param},")));
            }
            let close = format!("){arrow} {{");
            match ret.and_then(generic_args) {
                // rustfmt 1.95's budgets for a generic return type, found by trying: it keeps the
                // brace when the line fits with the indent counted twice, and breaks the type
                // when it would run more than 2 columns past the width.
                Some(_) if fits(self.indent() * 2, &close) => self.line(&close),
                Some(_) if fits(self.indent().saturating_sub(2), &format!("){arrow}")) => {
                    self.line(&format!("){arrow}"));
                    self.line("{");
                }
                Some((outer, args)) => {
                    self.line(&format!(") -> {outer}<"));
                    for arg in args {
                        self.push(&pad(self.indent() + INDENT, &format!("{arg},")));
                    }
                    self.line("> {");
                }
                None => self.line(&close),
            }
        }
        self.depth += 1;
        self.at_start = true;
    }

    /// An expression followed by `tail` (`;`, `,`, or nothing for a block's value).
    pub fn expr(&mut self, expr: &Expr, tail: &str) {
        self.push_all(layout(expr, self.indent(), "", tail));
    }

    /// `lhs rhs tail`, where `lhs` ends with `=` or `:` (a `let`, a `const`, a field).
    pub fn assign(&mut self, lhs: &str, rhs: &Expr, tail: &str) {
        self.push_all(assignment(self.indent(), lhs, rhs, tail));
    }

    /// The text of the file.
    pub fn finish(self) -> String {
        self.text
    }
}

/// `Outer<a, b<c, d>>` as `Outer` and its arguments `a` and `b<c, d>`; `None` for a type without
/// generic arguments.
fn generic_args(ty: &str) -> Option<(&str, Vec<&str>)> {
    let (outer, inner) = ty.strip_suffix('>')?.split_once('<')?;
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, c) in inner.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(inner[start..at].trim());
                start = at + 1;
            }
            _ => {}
        }
    }
    args.push(inner[start..].trim());
    Some((outer, args))
}

/// `text` as a Rust string literal.
pub fn string(text: &str) -> String {
    Literal::string(text).to_string()
}

#[cfg(test)]
mod tests;
