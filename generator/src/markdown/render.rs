//! From the block tree back to Markdown. Containers are written with
//! exactly the indentation or `>` their content needs, on every line, so a
//! line never leaves the block it belongs to.

use pulldown_cmark::Alignment;

use super::blocks::Block;

/// Markdown for `blocks`: separated by blank lines, or by line breaks in a
/// tight list item.
pub(super) fn render(blocks: &[Block], tight: bool) -> String {
    let separator = if tight { "\n" } else { "\n\n" };
    blocks.iter().map(render_block).collect::<Vec<_>>().join(separator)
}

fn render_block(block: &Block) -> String {
    match block {
        Block::Paragraph { text, .. } => text.clone(),
        Block::Heading { level, text } => format!("{} {text}", "#".repeat(*level)),
        Block::Code(code) => super::code_block(code),
        Block::Rule => "***".to_owned(),
        Block::Quote(blocks) => prefix_lines(&render(blocks, false), "> ", "> "),
        Block::List { start, items } => {
            let loose =
                items.iter().flatten().any(|block| matches!(block, Block::Paragraph { implicit: false, .. }));
            let rendered: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(index, item)| {
                    let marker = match start {
                        Some(first) => format!("{}. ", first.saturating_add(index as u64)),
                        None => "- ".to_owned(),
                    };
                    let body = render(item, !loose);
                    if body.is_empty() {
                        return marker.trim_end().to_owned();
                    }
                    prefix_lines(&body, &marker, &" ".repeat(marker.len()))
                })
                .collect();
            rendered.join(if loose { "\n\n" } else { "\n" })
        }
        Block::Table { alignments, rows } => render_table(alignments, rows),
    }
}

/// Puts `first` before the first line and `rest` before the others; blank
/// lines keep only what a container needs to continue (`>`).
fn prefix_lines(text: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let prefix = if index == 0 { first } else { rest };
        if line.is_empty() {
            out.push_str(prefix.trim_end());
        } else {
            out.push_str(prefix);
            out.push_str(line);
        }
    }
    out
}

fn render_table(alignments: &[Alignment], rows: &[Vec<String>]) -> String {
    let columns = alignments.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)).max(1);
    let row = |cells: &[String]| {
        let cells: Vec<&str> = (0..columns).map(|at| cells.get(at).map_or("", String::as_str)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let delimiter: Vec<&str> = (0..columns)
        .map(|at| match alignments.get(at) {
            Some(Alignment::Left) => ":---",
            Some(Alignment::Center) => ":---:",
            Some(Alignment::Right) => "---:",
            _ => "---",
        })
        .collect();
    let mut lines =
        vec![row(rows.first().map_or(&[][..], Vec::as_slice)), format!("| {} |", delimiter.join(" | "))];
    lines.extend(rows.iter().skip(1).map(|cells| row(cells)));
    lines.join("\n")
}
