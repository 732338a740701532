use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::*;

/// The code blocks rustdoc would see in `markdown`: info string and text.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "(indented)".to_owned(),
                };
                current = Some((info, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, code)) = &mut current {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

/// The writer's own output, before the check that falls back to flat text.
fn rewritten(text: &str) -> String {
    render::render(&blocks::parse(&clean(text)), false)
}

#[test]
fn every_code_block_becomes_a_text_block_whatever_its_form() {
    let containers: [(&str, &str); 9] = [
        ("", ""),
        ("- ", "  "),
        ("1. ", "   "),
        ("> ", "> "),
        ("- > ", "  > "),
        ("> - ", ">   "),
        ("- a\n  - ", "    "),
        ("[^1]: ", "    "),
        ("12345. ", "       "),
    ];
    let fences = ["```", "````", "~~~", "~~~~", "`````"];
    let infos = [
        "",
        "rust",
        "edition2018",
        "standalone_crate",
        "test_harness",
        "{.rust}",
        "text rust",
        "ignore,rust",
        "no_run",
        " rust",
    ];
    for (first, rest) in containers {
        for fence in fences {
            for info in infos {
                let doc =
                    format!("Intro.\n\n{first}{fence}{info}\n{rest}write_marker();\n{rest}{fence}\n\nAfter.");
                let out = rewritten(&doc);
                assert!(is_inert(&out), "not inert for {doc:?}:\n{out}");
                let blocks = code_blocks(&out);
                assert!(
                    blocks.iter().any(|(info, code)| info == "text" && code.contains("write_marker();")),
                    "the code is not kept as text for {doc:?}:\n{out}"
                );
                assert_eq!(sanitize(&out), out, "not idempotent for {doc:?}");
            }
        }
        // Indented code blocks, also after a list item.
        for doc in [
            format!("{first}x\n\n{rest}    write_marker();"),
            format!("- item\n\n{rest}      write_marker();"),
            format!("{first}\twrite_marker();"),
        ] {
            let out = rewritten(&doc);
            assert!(is_inert(&out), "not inert for {doc:?}:\n{out}");
        }
    }
}

#[test]
fn unclosed_fences_html_and_line_breaks() {
    for doc in [
        "```\nunclosed write_marker();",
        "a\r```\rwrite_marker();\r```",
        "a\r\n\r\n```\r\nwrite_marker();\r\n```",
        "<details>\n\n```\nwrite_marker();\n```\n\n</details>",
        "<pre>\n\n```\nwrite_marker();\n</pre>",
        "<!--\n\n```\nwrite_marker();\n-->",
        "| a | b |\n| - | - |\n| `x|y` | ```z``` |\n\n```\nwrite_marker();\n```",
        "*![](x)*\n\n```\nwrite_marker();\n```",
        "- \n  ```\n  write_marker();\n  ```",
        "~~~~x~~~~\nwrite_marker();",
        "a ~~~~rust, x~~~~\nb",
    ] {
        let out = rewritten(doc);
        assert!(is_inert(&out), "not inert for {doc:?}:\n{out}");
        assert!(!out.contains('\r'), "{out:?}");
        assert_eq!(sanitize(doc), out, "the writer's output was replaced for {doc:?}");
    }
}

#[test]
fn prose_reads_as_before() {
    for (doc, expected) in [
        ("s3://<bucket>/x", "s3://\\<bucket>/x"),
        ("chars [a-z-]", "chars \\[a-z-\\]"),
        ("see http://localhost/v1.", "see <http://localhost/v1>."),
        ("keep `<code>` and [docs](https://x.y/z)", "keep `<code>` and [docs](https://x.y/z)"),
        ("*a* and **b**, ~~c~~", "*a* and **b**, c"),
        ("# Title\n\ntext", "# Title\n\ntext"),
        ("- a\n- b\n  - c", "- a\n- b\n  - c"),
        ("1. a\n\n2. b", "1. a\n\n2. b"),
        ("> quoted\n>\n> more", "> quoted\n>\n> more"),
        ("line one\nline two", "line one\nline two"),
        ("<b>bold</b> text", "\\<b>bold\\</b> text"),
        ("[intra](crate::Client) and [rel](/v1/x)", "intra and rel"),
        ("| a | b |\n|:-|-:|\n| 1 | 2 |", "| a | b |\n| :--- | ---: |\n| 1 | 2 |"),
        ("- [x] done", "- [x] done"),
        ("a[^1]\n\n[^1]: note", "a\\[^1\\]\n\n\\[^1\\]:\n\nnote"),
    ] {
        assert_eq!(sanitize(doc), expected, "{doc:?}");
    }
}

#[test]
fn code_blocks_are_text_blocks_with_long_enough_fences() {
    assert_eq!(sanitize("a\n```\nlet x = 1;\n```"), "a\n\n```text\nlet x = 1;\n```");
    assert_eq!(sanitize("```json\n{}\n```"), "```text\n{}\n```");
    assert_eq!(sanitize("a\n\n    indented"), "a\n\n```text\nindented\n```");
    assert_eq!(sanitize("````\n```\n````"), "````text\n```\n````");
}

#[test]
fn names_and_values() {
    assert_eq!(code("a`b"), "``a`b``");
    assert_eq!(code("x\n```rust"), "````x ```rust````");
    assert_eq!(text("Pet\n```\nStore"), "Pet \\`\\`\\` Store");
    assert_eq!(text("- # A & B\u{202E}"), "\\- # A & B\u{FFFD}");
    assert_eq!(code_in_table("a|b"), "`a\\|b`");
    assert_eq!(code_block("a\n````\nb"), "`````text\na\n````\nb\n`````");
    assert!(is_inert(&code_block("```\nx")));
    // Inline values are inert wherever a line puts them.
    for value in [code("x\n```\ny"), text("1. `x`\n```"), text("```rust")] {
        for line in [value.clone(), format!("- {value}"), format!("a\n{value}\nb"), format!("> {value}")] {
            assert!(is_inert(&line), "{line}");
        }
    }
}

#[test]
fn summaries_are_the_first_paragraph_on_one_line() {
    assert_eq!(summary(&sanitize("First line\ngoes on.\n\nSecond.")), "First line goes on.");
    assert_eq!(summary(&sanitize("```\ncode\n```\n\nText.")), "");
    assert_eq!(summary(&sanitize("# Heading")), "Heading");
}

#[test]
fn assembled_docs_that_are_not_inert_are_flattened() {
    assert_eq!(ensure_inert("`200`: ok\n\n```text\nx\n```"), "`200`: ok\n\n```text\nx\n```");
    let flattened = ensure_inert("`200`: ```text\nx\n```");
    assert!(is_inert(&flattened), "{flattened}");
    assert!(!flattened.contains("```"), "{flattened}");
    assert_eq!(ensure_inert("a\rb"), "a\nb");
}

/// How deep containers nest in `markdown`, as rustdoc would read it.
fn container_depth(markdown: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::Table(_)) => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Event::End(TagEnd::BlockQuote | TagEnd::List(_) | TagEnd::Item | TagEnd::Table) => depth -= 1,
            _ => {}
        }
    }
    deepest
}

/// Markup nested thousands deep is written back to a bounded depth, the
/// rest as its text: nothing recurses per level (which overflowed the
/// stack), and each level costs no pass over everything below it.
#[test]
fn deep_nesting_is_kept_to_a_bounded_depth() {
    let levels = 20_000;
    for (name, text) in [
        ("lists", format!("{}innermost", "- ".repeat(levels))),
        ("ordered lists", format!("{}innermost", "1. ".repeat(levels))),
        ("block quotes", format!("{}innermost", "> ".repeat(levels))),
        ("quoted lists", format!("{}innermost", "> - ".repeat(levels))),
        ("a table deep down", format!("{}| innermost | b |\n| --- | --- |\n| c | d |", "> ".repeat(levels))),
    ] {
        let sanitized = sanitize(&text);
        assert!(is_inert(&sanitized), "{name}");
        assert!(sanitized.contains("innermost"), "{name}: {sanitized:.200}");
        let depth = container_depth(&sanitized);
        assert!(depth <= blocks::MAX_NESTING, "{name}: {depth} deep");
        assert!(depth >= blocks::MAX_NESTING / 2, "{name}: what could be kept was: {depth} deep");
    }
    for (name, text, markup) in [
        ("emphasis", format!("{}innermost{}", "*a ".repeat(levels), " b*".repeat(levels)), "*"),
        ("links", format!("{}innermost{}", "[".repeat(levels), "](https://x.y)".repeat(levels)), "](https"),
        ("images", format!("{}innermost{}", "![".repeat(levels), "](https://x.y)".repeat(levels)), "](https"),
    ] {
        let sanitized = sanitize(&text);
        assert!(is_inert(&sanitized), "{name}");
        assert!(sanitized.contains("innermost"), "{name}");
        let kept = sanitized.matches(markup).count();
        assert!((1..=2 * blocks::MAX_NESTING).contains(&kept), "{name}: {kept} kept");
    }
}
