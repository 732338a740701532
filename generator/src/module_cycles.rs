//! No module imports another that imports it back, directly or through
//! others, in the generator and in the runtime: a cycle makes two modules one
//! concern spread over two files. The modules' dependencies are read from
//! their sources (`use super::…`, `crate::…` paths) and compared level by
//! level, between the children of one module. Cycles that were there before
//! this test are listed below; any other fails it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Cycles this test found when it was written, outside the modules it was
/// written for; each is a set of sibling modules.
const KNOWN: &[&[&str]] = &[
    &["load", "warning"],
    &["load::bundle", "load::lenient", "load::walk"],
    &["markdown::blocks", "markdown::render"],
    &["normalize::objects", "normalize::types"],
    // The blocking client's runtime lives in the transport, which sends for it.
    &["runtime::blocking", "runtime::send"],
    &["runtime::mock", "runtime::mock_serve"],
];

#[test]
fn modules_do_not_import_each_other_in_a_ring() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut generator = BTreeMap::new();
    read_tree(&root.join("src"), "", &mut generator);
    // The runtime is `crate::runtime` in a generated crate.
    let mut runtime = BTreeMap::new();
    read_tree(&root.join("runtime"), "runtime", &mut runtime);
    let mut cycles = cycles(&generator);
    cycles.extend(self::cycles(&runtime));
    let known: BTreeSet<BTreeSet<String>> =
        KNOWN.iter().map(|cycle| cycle.iter().map(|name| (*name).to_owned()).collect()).collect();
    let new: Vec<&BTreeSet<String>> = cycles.iter().filter(|cycle| !known.contains(*cycle)).collect();
    assert!(new.is_empty(), "modules that import each other in a ring: {new:?}");
    assert!(cycles.iter().any(|cycle| known.contains(cycle)), "the test finds no cycle at all: {cycles:?}");
}

/// Every module under `dir` (`a/b.rs` and `a/b/mod.rs` are `a::b`; `lib.rs`
/// and `mod.rs` are their directory's module) with its source, unit tests
/// left out.
fn read_tree(dir: &Path, module: &str, out: &mut BTreeMap<String, String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "unit_tests" {
                read_tree(&path, &join(module, &name), out);
            }
        } else if let Some(stem) = name.strip_suffix(".rs") {
            // The runtime crate's root, which only holds its `mod.rs`.
            if stem == "lib" && dir.join("mod.rs").exists() {
                continue;
            }
            let this = if matches!(stem, "mod" | "lib") { module.to_owned() } else { join(module, stem) };
            let source = std::fs::read_to_string(&path).unwrap_or_default();
            let code = source.split("#[cfg(test)]").next().unwrap_or_default();
            out.insert(this, without_comments(code));
        }
    }
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_owned()
    } else {
        format!("{parent}::{child}")
    }
}

fn without_comments(code: &str) -> String {
    code.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The paths a source names through `crate::` and `super::`, with `use` groups
/// spelled out: `super::{a, b::C}` names `super::a` and `super::b::C`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in ["crate::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(start) {
            let head = start.trim_end_matches(':').to_owned();
            spell_out(vec![head], &rest[at + start.len()..], &mut found);
            rest = &rest[at + start.len()..];
        }
    }
    found
}

/// Adds the paths `prefix` continues into at the start of `text`.
fn spell_out(mut prefix: Vec<String>, text: &str, out: &mut Vec<Vec<String>>) {
    let text = text.trim_start();
    if let Some(group) = text.strip_prefix('{') {
        let mut depth = 0;
        let mut item_start = 0;
        for (at, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    spell_out(prefix.clone(), &group[item_start..at], out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    spell_out(prefix.clone(), &group[item_start..at], out);
                    item_start = at + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let name: String = text.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    if name.is_empty() || name == "self" {
        out.push(prefix);
        return;
    }
    prefix.push(name.clone());
    match text[name.len()..].strip_prefix("::") {
        Some(more) => spell_out(prefix, more, out),
        None => out.push(prefix),
    }
}

/// The module `path` (as written in `module`) names: the longest prefix that is a module.
fn target(module: &str, path: &[String], modules: &BTreeMap<String, String>) -> Option<String> {
    let mut segments: Vec<String> = module.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect();
    let rest = match path.first().map(String::as_str) {
        Some("super") => {
            segments.pop();
            &path[1..]
        }
        Some("crate") if module.starts_with("runtime") => {
            // `crate::runtime::…` in the runtime's macros.
            segments = vec!["runtime".to_owned()];
            path.get(2..).unwrap_or_default()
        }
        _ => {
            segments.clear();
            &path[1..]
        }
    };
    segments.extend(rest.iter().cloned());
    (1..=segments.len()).rev().map(|len| segments[..len].join("::")).find(|name| modules.contains_key(name))
}

/// The sets of sibling modules that import each other in a ring.
fn cycles(modules: &BTreeMap<String, String>) -> Vec<BTreeSet<String>> {
    let mut edges: BTreeSet<(String, String)> = BTreeSet::new();
    for (module, code) in modules {
        for path in paths(code) {
            let Some(target) = target(module, &path, modules) else { continue };
            // Between the two children of the modules' closest common ancestor.
            let (from, to): (Vec<&str>, Vec<&str>) =
                (module.split("::").collect(), target.split("::").collect());
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common < from.len() && common < to.len() {
                edges.insert((from[..=common].join("::"), to[..=common].join("::")));
            }
        }
    }
    let mut found = Vec::new();
    let nodes: BTreeSet<&String> = edges.iter().flat_map(|(a, b)| [a, b]).collect();
    for node in nodes {
        let reaches = |from: &String| {
            let mut seen = BTreeSet::new();
            let mut pending = vec![from.clone()];
            while let Some(next) = pending.pop() {
                for (_, to) in edges.range((next.clone(), String::new())..).take_while(|(a, _)| *a == next) {
                    if seen.insert(to.clone()) {
                        pending.push(to.clone());
                    }
                }
            }
            seen
        };
        let forward = reaches(node);
        let ring: BTreeSet<String> =
            forward.iter().filter(|other| reaches(other).contains(node)).cloned().collect();
        if ring.len() > 1 && !found.contains(&ring) {
            found.push(ring);
        }
    }
    found
}
