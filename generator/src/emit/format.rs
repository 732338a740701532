//! Turns a syntax tree into the text of a generated file: prettyplease's
//! output plus the blank lines between items that a person would write
//! (prettyplease prints items back to back).

/// The file text for `file`, headed by `// <header>`.
pub fn file_text(header: &str, file: &syn::File) -> String {
    printed_text(header, &prettyplease::unparse(file))
}

/// The file text for code prettyplease has already printed.
pub fn printed_text(header: &str, printed: &str) -> String {
    format!("// {header}\n\n{}", space_items(printed))
}

/// Inserts a blank line before an item (or its docs and attributes) that
/// follows the end of another item at the same depth, and after the module
/// docs. Struct fields, enum variants, match arms and statements end in `,`
/// or are not item starts, so they stay together.
fn space_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous: Option<&str> = None;
    for line in text.lines() {
        if let Some(previous) = previous {
            if needs_blank_line(previous, line) {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        previous = Some(line);
    }
    out
}

fn needs_blank_line(previous: &str, line: &str) -> bool {
    let current = line.trim_start();
    let before = previous.trim_start();
    if current.is_empty() || before.is_empty() {
        return false;
    }
    if before.starts_with("//!") || before.starts_with("#![") {
        return !(current.starts_with("//!") || current.starts_with("#!["));
    }
    let indent = |text: &str| text.len() - text.trim_start().len();
    let ends_item =
        before == "}" || before == "};" || (before.ends_with(';') && indent(previous) == indent(line));
    // Runs of one-line items of one kind (`use`, `type`, `const`) stay together.
    let first_word = |text: &str| text.split_whitespace().next().unwrap_or_default().to_owned();
    let same_one_liners = before.ends_with(';') && first_word(before) == first_word(current);
    ends_item && indent(previous) == indent(line) && starts_item(current) && !same_one_liners
}

fn starts_item(line: &str) -> bool {
    const STARTS: &[&str] = &[
        "///",
        "#[",
        "pub ",
        "pub(",
        "fn ",
        "async fn ",
        "impl",
        "struct ",
        "enum ",
        "type ",
        "const ",
        "static ",
        "mod ",
        "use ",
        "trait ",
        "macro_rules!",
    ];
    STARTS.iter().any(|start| line.starts_with(start))
}

#[cfg(test)]
mod tests {
    use super::space_items;

    #[test]
    fn separates_items_but_not_fields_or_statements() {
        let text = "//! Docs.\nuse a;\nuse b;\nstruct A {\n    x: u8,\n    y: u8,\n}\nimpl A {\n    fn f() {\n        let a = 1;\n        let b = 2;\n    }\n    /// G.\n    fn g() {}\n}\nconst C: u8 = 1;\nconst D: u8 = 2;\nstatic E: u8 = 3;\n";
        let expected = "//! Docs.\n\nuse a;\nuse b;\n\nstruct A {\n    x: u8,\n    y: u8,\n}\n\nimpl A {\n    fn f() {\n        let a = 1;\n        let b = 2;\n    }\n\n    /// G.\n    fn g() {}\n}\n\nconst C: u8 = 1;\nconst D: u8 = 2;\n\nstatic E: u8 = 3;\n";
        assert_eq!(space_items(text), expected);
    }
}
