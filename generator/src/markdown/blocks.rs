//! From pulldown-cmark's events to a small block tree ([`super::render`]
//! writes it back).
//!
//! The tree keeps what reads well in rustdoc (paragraphs, headings, lists,
//! block quotes, tables, emphasis, web links) and turns the rest into plain
//! text: every code block becomes a `text` block, HTML becomes escaped text,
//! images become links, footnotes become text. Inline content is written as
//! Markdown while it is read.

use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use super::inline::{self, Context};

/// How deep containers (block quotes, lists, tables) and inline markup
/// (emphasis, links) may nest in the rewrite. Deeper ones are written as
/// the plain text they hold: the tree, and the work of writing it back
/// (each level indents every line below it), stay bounded whatever the
/// spec nests (`- - - …` thousands deep would overflow the stack).
pub(super) const MAX_NESTING: usize = 16;

/// One block of the rewritten document.
#[derive(Debug)]
pub(super) enum Block {
    /// Inline Markdown, one line per source line. `implicit` when the parser
    /// gave no paragraph tag (the text of a tight list item).
    Paragraph {
        text: String,
        implicit: bool,
    },
    Heading {
        level: usize,
        text: String,
    },
    Code(String),
    Quote(Vec<Block>),
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Rule,
    Table {
        alignments: Vec<Alignment>,
        rows: Vec<Vec<String>>,
    },
}

/// A container being filled.
enum Frame {
    Root(Vec<Block>),
    Quote(Vec<Block>),
    List { start: Option<u64>, items: Vec<Vec<Block>> },
    Item(Vec<Block>),
    Table { alignments: Vec<Alignment>, rows: Vec<Vec<String>> },
}

impl Frame {
    fn blocks(&mut self) -> Option<&mut Vec<Block>> {
        match self {
            Frame::Root(blocks) | Frame::Quote(blocks) | Frame::Item(blocks) => Some(blocks),
            Frame::List { .. } | Frame::Table { .. } => None,
        }
    }
}

/// What inline content is being written into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum InlineKind {
    Paragraph {
        implicit: bool,
    },
    Heading(usize),
    Cell,
    /// An HTML block, shown as text.
    Html,
}

/// Inline content in progress.
struct Inline {
    kind: InlineKind,
    out: String,
    context: Context,
    /// Open links and images: where their text starts, the destination to
    /// write if it may be written, and whether it is an autolink.
    links: Vec<(usize, Option<String>, bool)>,
    /// Open emphasis: where it starts and its delimiter.
    emphasis: Vec<(usize, &'static str)>,
}

impl Inline {
    fn new(kind: InlineKind) -> Self {
        let heading = matches!(kind, InlineKind::Heading(_));
        Inline {
            kind,
            out: String::new(),
            context: Context { line_start: true, autolink: true, heading },
            links: Vec::new(),
            emphasis: Vec::new(),
        }
    }

    fn single_line(&self) -> bool {
        matches!(self.kind, InlineKind::Heading(_) | InlineKind::Cell)
    }

    fn text(&mut self, text: &str) {
        if self.single_line() {
            inline::push_text(&mut self.out, &text.replace('\n', " "), &mut self.context);
        } else {
            inline::push_text(&mut self.out, text, &mut self.context);
        }
    }

    /// Markup of our own (a code span, a link), never at a line's start.
    fn markup(&mut self, markup: &str) {
        self.out.push_str(markup);
        self.context.line_start = false;
    }

    fn line_break(&mut self, hard: bool) {
        if self.single_line() {
            self.text(" ");
        } else if !self.context.line_start {
            self.out.push_str(if hard { "\\\n" } else { "\n" });
            self.context.line_start = true;
        }
    }

    fn start_link(&mut self, destination: Option<String>, autolink: bool) {
        // Too deep: the link is left as its text.
        let destination = destination.filter(|_| self.links.len() < MAX_NESTING);
        self.links.push((self.out.len(), destination, autolink));
        self.context.autolink = false;
    }

    /// Wraps the text since the link started as `[text](destination)`, or
    /// leaves the text when the destination may not be written.
    fn end_link(&mut self) {
        let Some((start, destination, autolink)) = self.links.pop() else { return };
        self.context.autolink = self.links.is_empty();
        let Some(destination) = destination else { return };
        let mut text = self.out.split_off(start);
        if autolink {
            // `<https://…>`: the destination is percent-encoded, so it holds
            // no `<`, `>` or blank.
            self.out.push('<');
            self.out.push_str(&destination);
            self.out.push('>');
            self.context.line_start = false;
            return;
        }
        if text.trim().is_empty() {
            text.clear();
            let mut context = Context::default();
            inline::push_text(&mut text, &destination, &mut context);
        }
        // The text was escaped as if it began the line; inside brackets it
        // does not, and the escapes are harmless.
        self.out.push('[');
        self.out.push_str(text.trim_end_matches('\n'));
        self.out.push_str("](");
        self.out.push_str(&destination);
        self.out.push(')');
        self.context.line_start = false;
    }

    fn start_emphasis(&mut self, delimiter: &'static str) {
        // Too deep: the emphasis is left as its text.
        let delimiter = if self.emphasis.len() < MAX_NESTING { delimiter } else { "" };
        self.emphasis.push((self.out.len(), delimiter));
    }

    /// Wraps the text since the emphasis started in its delimiter; nothing
    /// when it is empty (`****` would be a thematic break).
    fn end_emphasis(&mut self) {
        let Some((start, delimiter)) = self.emphasis.pop() else { return };
        if delimiter.is_empty() {
            return;
        }
        let text = self.out.split_off(start);
        if text.trim().is_empty() || text.starts_with([' ', '\n']) || text.ends_with([' ', '\n']) {
            self.out.push_str(&text);
            return;
        }
        self.out.push_str(delimiter);
        self.out.push_str(&text);
        self.out.push_str(delimiter);
    }

    fn finish(self) -> String {
        self.out.trim_end().to_owned()
    }
}

/// The block tree of `text`, parsed as rustdoc parses docs.
pub(super) fn parse(text: &str) -> Vec<Block> {
    let mut builder =
        Builder { frames: vec![Frame::Root(Vec::new())], inline: None, code: None, too_deep: 0 };
    // Smart punctuation changes no structure, only how quotes are shown:
    // off, so the docs keep the spec's own characters (rustdoc still
    // renders them curly).
    let options = super::options() - Options::ENABLE_SMART_PUNCTUATION;
    for event in Parser::new_ext(text, options) {
        builder.event(event);
    }
    builder.close_inline();
    while builder.frames.len() > 1 {
        builder.end_frame();
    }
    match builder.frames.pop() {
        Some(Frame::Root(blocks)) => blocks,
        _ => Vec::new(),
    }
}

struct Builder {
    frames: Vec<Frame>,
    inline: Option<Inline>,
    /// The text of a code block being read.
    code: Option<String>,
    /// Containers open beyond [`MAX_NESTING`], whose content goes to the
    /// deepest one kept, as text.
    too_deep: usize,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        if let Some(code) = &mut self.code {
            match event {
                Event::End(TagEnd::CodeBlock) => {
                    let code = self.code.take().unwrap_or_default();
                    self.push_block(Block::Code(code));
                }
                Event::Text(text) | Event::Html(text) => code.push_str(&text),
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.inline(InlineKind::Paragraph { implicit: true }).text(&text),
            Event::Code(code) => {
                let in_table = self.inline.as_ref().is_some_and(|inline| inline.kind == InlineKind::Cell);
                let span = inline::code_span(&code, in_table);
                self.inline(InlineKind::Paragraph { implicit: true }).markup(&span);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let kind = match &self.inline {
                    Some(inline) => inline.kind,
                    None => InlineKind::Html,
                };
                self.inline(kind).text(&html);
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => {
                self.inline(InlineKind::Paragraph { implicit: true }).text(&text);
            }
            Event::FootnoteReference(label) => {
                self.inline(InlineKind::Paragraph { implicit: true }).text(&format!("[^{label}]"));
            }
            Event::SoftBreak => self.inline(InlineKind::Paragraph { implicit: true }).line_break(false),
            Event::HardBreak => self.inline(InlineKind::Paragraph { implicit: true }).line_break(true),
            Event::Rule => self.push_block(Block::Rule),
            Event::TaskListMarker(done) => {
                let marker = if done { "[x] " } else { "[ ] " };
                let inline = self.inline(InlineKind::Paragraph { implicit: true });
                if inline.out.is_empty() {
                    inline.markup(marker);
                }
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        let container = matches!(tag, Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::Table(_));
        if self.too_deep > 0 || (container && self.frames.len() > MAX_NESTING) {
            if container {
                self.too_deep += 1;
            }
            if container || matches!(tag, Tag::TableRow | Tag::TableHead | Tag::TableCell) {
                // What separated the content now separates its text.
                if let Some(inline) = &mut self.inline {
                    inline.line_break(false);
                }
                return;
            }
        }
        match tag {
            Tag::Paragraph => {
                self.close_inline();
                self.inline = Some(Inline::new(InlineKind::Paragraph { implicit: false }));
            }
            Tag::Heading { level, .. } => {
                self.close_inline();
                self.inline = Some(Inline::new(InlineKind::Heading(heading_level(level))));
            }
            Tag::BlockQuote(_) => self.open(Frame::Quote(Vec::new())),
            Tag::CodeBlock(_) => {
                self.close_inline();
                self.code = Some(String::new());
            }
            Tag::HtmlBlock => {
                self.close_inline();
                self.inline = Some(Inline::new(InlineKind::Html));
            }
            Tag::List(start) => self.open(Frame::List { start, items: Vec::new() }),
            Tag::Item => self.open(Frame::Item(Vec::new())),
            Tag::FootnoteDefinition(label) => {
                // Written as text where it stands: `[^1]:` and its content.
                self.close_inline();
                let mut inline = Inline::new(InlineKind::Paragraph { implicit: false });
                inline.text(&format!("[^{label}]:"));
                self.push_block(Block::Paragraph { text: inline.finish(), implicit: false });
            }
            Tag::Table(alignments) => self.open(Frame::Table { alignments, rows: Vec::new() }),
            Tag::TableHead | Tag::TableRow => {
                if let Some(Frame::Table { rows, .. }) = self.frames.last_mut() {
                    rows.push(Vec::new());
                }
            }
            Tag::TableCell => self.inline = Some(Inline::new(InlineKind::Cell)),
            Tag::Emphasis => self.inline(InlineKind::Paragraph { implicit: true }).start_emphasis("*"),
            Tag::Strong => self.inline(InlineKind::Paragraph { implicit: true }).start_emphasis("**"),
            // Strikethrough is left out: its `~~` could open a fence at the
            // start of a line.
            Tag::Strikethrough | Tag::MetadataBlock(_) => {}
            Tag::Link { link_type, dest_url, .. } | Tag::Image { link_type, dest_url, .. } => {
                let destination = match link_type {
                    LinkType::Email => None,
                    _ => inline::link_destination(&dest_url),
                };
                let autolink = link_type == LinkType::Autolink;
                self.inline(InlineKind::Paragraph { implicit: true }).start_link(destination, autolink);
            }
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if self.too_deep > 0 {
            match tag {
                TagEnd::BlockQuote | TagEnd::List(_) | TagEnd::Item | TagEnd::Table => {
                    self.too_deep -= 1;
                    return;
                }
                TagEnd::TableCell | TagEnd::TableHead | TagEnd::TableRow => return,
                _ => {}
            }
        }
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::HtmlBlock => self.close_inline(),
            TagEnd::TableCell => {
                let cell = self.inline.take().map(Inline::finish).unwrap_or_default();
                if let Some(Frame::Table { rows, .. }) = self.frames.last_mut() {
                    if let Some(row) = rows.last_mut() {
                        row.push(cell);
                    }
                }
            }
            TagEnd::BlockQuote | TagEnd::List(_) | TagEnd::Item | TagEnd::Table => {
                self.close_inline();
                self.end_frame();
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                if let Some(inline) = &mut self.inline {
                    inline.end_emphasis();
                }
            }
            TagEnd::Link | TagEnd::Image => {
                if let Some(inline) = &mut self.inline {
                    inline.end_link();
                }
            }
            TagEnd::CodeBlock
            | TagEnd::FootnoteDefinition
            | TagEnd::TableHead
            | TagEnd::TableRow
            | TagEnd::Strikethrough
            | TagEnd::MetadataBlock(_) => {}
        }
    }

    /// The inline content being written, opened as `kind` if there is none.
    fn inline(&mut self, kind: InlineKind) -> &mut Inline {
        self.inline.get_or_insert_with(|| Inline::new(kind))
    }

    fn close_inline(&mut self) {
        let Some(inline) = self.inline.take() else { return };
        let kind = inline.kind;
        let text = inline.finish();
        if text.is_empty() {
            return;
        }
        let block = match kind {
            InlineKind::Heading(level) => Block::Heading { level, text },
            InlineKind::Paragraph { implicit } => Block::Paragraph { text, implicit },
            InlineKind::Html | InlineKind::Cell => Block::Paragraph { text, implicit: false },
        };
        self.push_block(block);
    }

    fn open(&mut self, frame: Frame) {
        self.close_inline();
        self.frames.push(frame);
    }

    fn end_frame(&mut self) {
        if self.frames.len() < 2 {
            return;
        }
        let Some(frame) = self.frames.pop() else { return };
        match frame {
            Frame::Root(_) => {}
            Frame::Quote(blocks) => self.push_block(Block::Quote(blocks)),
            Frame::List { start, items } => self.push_block(Block::List { start, items }),
            Frame::Item(blocks) => match self.frames.last_mut() {
                Some(Frame::List { items, .. }) => items.push(blocks),
                _ => {
                    for block in blocks {
                        self.push_block(block);
                    }
                }
            },
            Frame::Table { alignments, rows } => self.push_block(Block::Table { alignments, rows }),
        }
    }

    fn push_block(&mut self, block: Block) {
        if let Some(blocks) = self.frames.iter_mut().rev().find_map(Frame::blocks) {
            blocks.push(block);
        }
    }
}

fn heading_level(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}
