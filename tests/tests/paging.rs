//! Which operations of each real-world spec (`tests/corpus/`) are recognized
//! as paged, by which rule and with which names, and why the ones that look
//! paged are not: one reviewed snapshot per spec. Every spec of the corpus is
//! listed, so a spec added there needs its report reviewed too.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use generator::ir::{Api, FieldStep, NextPage, PageTotal, Paging, ParamName};
use generator::rust_type::{self, Scope};
use generator::Options;

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus")
        .map(|entry| entry.expect("a corpus entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "json" || extension == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn path(steps: &[FieldStep]) -> String {
    let names: Vec<&str> = steps.iter().map(|step| step.wire_name.as_str()).collect();
    format!("`{}`", names.join("."))
}

fn param(param: &ParamName) -> String {
    format!("`{}`", param.wire_name)
}

/// How the next page is asked for, in a few words.
fn next(next: &NextPage) -> String {
    match next {
        NextPage::Cursor { param: cursor, field, clear } if clear.is_empty() => {
            format!("{} -> {}", path(field), param(cursor))
        }
        NextPage::Cursor { param: cursor, field, clear } => {
            let cleared: Vec<String> = clear.iter().map(param).collect();
            format!("{} -> {}, later pages without {}", path(field), param(cursor), cleared.join(", "))
        }
        NextPage::AfterLast { param: after, has_more, id } => {
            format!("while {}: {} = last item's `{}`", path(has_more), param(after), id.wire_name)
        }
        NextPage::Url { field } => format!("URL in {}", path(field)),
        NextPage::LinkHeader => "Link: rel=\"next\"".to_owned(),
        NextPage::Page { param: page, first, total } => {
            let total = match total {
                Some(PageTotal::Pages(field)) => format!(", {} pages", path(field)),
                Some(PageTotal::Items(field)) => format!(", {} items", path(field)),
                None => String::new(),
            };
            format!("{} from {first}{total}", param(page))
        }
        NextPage::Offset { param: offset, total } => {
            let total = total.as_ref().map(|field| format!(", {} items", path(field))).unwrap_or_default();
            format!("{}{total}", param(offset))
        }
    }
}

fn report(api: &Api) -> String {
    let mut paged = String::new();
    let mut missed = String::new();
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for operation in &api.operations {
        let call =
            format!("{} ({} {})", operation.method_name, operation.http_method.as_str(), operation.path);
        match &operation.paging {
            Some(Paging::Paged(pagination)) => {
                *counts.entry(pagination.rule.name()).or_default() += 1;
                let items =
                    if pagination.items.is_empty() { "the body".to_owned() } else { path(&pagination.items) };
                let enable = pagination
                    .enable
                    .as_ref()
                    .map(|flag| format!(", with {}=true", param(flag)))
                    .unwrap_or_default();
                let item = rust_type::name(&pagination.item, Scope::Outside);
                let rule = pagination.rule.name();
                let next = next(&pagination.next);
                writeln!(paged, "{call}\n    {rule}: {next}{enable}; items {items}: {item}").unwrap();
            }
            Some(Paging::NotRecognized(reason)) => writeln!(missed, "{call}\n    {reason}").unwrap(),
            None => {}
        }
    }
    let recognized: usize = counts.values().sum();
    let by_rule: Vec<String> = counts.iter().map(|(rule, count)| format!("{count} {rule}")).collect();
    let not = missed.lines().count() / 2;
    format!(
        "{recognized} of {} operations paged ({}); {not} look paged but are not\n\n\
         == paged\n{paged}\n== not recognized\n{missed}",
        api.operations.len(),
        by_rule.join(", "),
    )
}

#[test]
fn the_corpus_specs_paged_operations() {
    for spec in corpus() {
        let name = spec.file_stem().and_then(|stem| stem.to_str()).expect("a file name").to_owned();
        let options = Options {
            spec: spec.clone(),
            spec_label: format!("tests/corpus/{name}"),
            package_name: None,
            examples: None,
            standalone: true,
        };
        let api = generator::api(&options).unwrap_or_else(|error| panic!("{name}: {error}"));
        let mut settings = insta::Settings::clone_current();
        settings.set_prepend_module_to_snapshot(false);
        settings.set_snapshot_path("snapshots");
        settings.bind(|| insta::assert_snapshot!(format!("paging__{name}"), report(&api)));
    }
}
