//! The paging and streaming the normalizer decides, on small specs: each
//! rule, `x-pagination` right and wrong, the renames, and which responses
//! stream.

use crate::ir::{
    Api, EventStream, FieldStep, IntType, NextPage, Operation, PageTotal, Pagination, Paging, PagingRule,
    ParamName, Streaming, TypeRef,
};
use crate::normalize::{normalize, Settings};
use crate::warning::WarningKind;

/// The IR of a spec with these `paths` and component `schemas` (YAML, indented as the top
/// level).
fn api(paths: &str, schemas: &str) -> Api {
    let indent = |text: &str| text.lines().map(|line| format!("  {line}\n")).collect::<String>();
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: 1.0.0}}\npaths:\n{}components:\n  schemas:\n{}",
        indent(paths),
        indent(&indent(schemas))
    );
    let spec: openapiv3::OpenAPI =
        serde_yaml::from_str(&text).unwrap_or_else(|error| panic!("{text}\n{error}"));
    let settings = Settings {
        package_name: None,
        spec_label: "test.yaml".to_owned(),
        schema_copies: Default::default(),
    };
    normalize(&spec, &Default::default(), &settings)
}

fn operation<'a>(api: &'a Api, id: &str) -> &'a Operation {
    api.operations.iter().find(|operation| operation.id == id).unwrap_or_else(|| panic!("no operation {id}"))
}

fn paged<'a>(api: &'a Api, id: &str) -> &'a Pagination {
    match &operation(api, id).paging {
        Some(Paging::Paged(pagination)) => pagination,
        other => panic!("{id} is not paged: {other:?}"),
    }
}

fn missed(api: &Api, id: &str) -> String {
    match &operation(api, id).paging {
        Some(Paging::NotRecognized(reason)) => reason.clone(),
        other => panic!("{id} is not a near miss: {other:?}"),
    }
}

fn step(wire_name: &str, rust_name: &str, optional: bool, ty: TypeRef) -> FieldStep {
    FieldStep { wire_name: wire_name.to_owned(), rust_name: rust_name.to_owned(), optional, ty }
}

fn param(wire_name: &str, rust_name: &str) -> ParamName {
    ParamName { wire_name: wire_name.to_owned(), rust_name: rust_name.to_owned() }
}

/// A GET operation with query parameters `(name, schema)` and a JSON response of `schema`.
fn get(path: &str, id: &str, params: &[(&str, &str)], response: &str) -> String {
    let params: String = params
        .iter()
        .map(|(name, schema)| format!("    - {{name: {name}, in: query, schema: {schema}}}\n"))
        .collect();
    let parameters = if params.is_empty() { String::new() } else { format!("  parameters:\n{params}") };
    format!(
        "{path}:\n  get:\n    operationId: {id}\n{}    responses:\n      '200':\n        description: ok\n        content:\n          application/json:\n            schema: {response}\n",
        parameters.lines().map(|line| format!("  {line}\n")).collect::<String>()
    )
}

const THING: &str =
    "Thing: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}";
const THING_TYPE: fn() -> TypeRef = || TypeRef::Model("Thing".to_owned());

#[test]
fn cursors_flat_and_nested_with_box_s_opt_in() {
    let paths = [
        get(
            "/a",
            "flat",
            &[("cursor", "{type: string}"), ("limit", "{type: integer}")],
            "{$ref: '#/components/schemas/FlatPage'}",
        ),
        get("/b", "nested", &[("cursor", "{type: string}")], "{$ref: '#/components/schemas/SlackPage'}"),
        get(
            "/c",
            "marker",
            &[("usemarker", "{type: boolean}"), ("marker", "{type: string}")],
            "{$ref: '#/components/schemas/BoxPage'}",
        ),
    ]
    .concat();
    let schemas = format!(
        "{THING}
FlatPage: {{type: object, required: [items], properties: {{items: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}, nextCursor: {{type: string}}}}}}
SlackPage: {{type: object, properties: {{ok: {{type: boolean}}, channels: {{type: array, items: {{type: string}}}}, response_metadata: {{type: object, properties: {{next_cursor: {{type: string}}}}}}}}}}
BoxPage: {{type: object, properties: {{entries: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}, order: {{type: array, items: {{type: string}}}}, next_marker: {{type: string}}}}}}"
    );
    let api = api(&paths, &schemas);
    let flat = paged(&api, "flat");
    assert_eq!(flat.rule, PagingRule::Cursor);
    assert_eq!(flat.items, [step("items", "items", false, TypeRef::List(Box::new(THING_TYPE())))]);
    assert_eq!(flat.item, THING_TYPE());
    assert_eq!(
        flat.next,
        NextPage::Cursor {
            param: param("cursor", "cursor"),
            field: vec![step("nextCursor", "next_cursor", true, TypeRef::String)],
            clear: Vec::new()
        }
    );
    let nested = paged(&api, "nested");
    let NextPage::Cursor { field, .. } = &nested.next else { panic!("{nested:?}") };
    let metadata = TypeRef::Model("SlackPageResponseMetadata".to_owned());
    assert_eq!(
        field,
        &[
            step("response_metadata", "response_metadata", true, metadata),
            step("next_cursor", "next_cursor", true, TypeRef::String)
        ]
    );
    assert_eq!(nested.item, TypeRef::String);
    // Two lists: `entries` is named like a page's items.
    let marker = paged(&api, "marker");
    assert_eq!(marker.items[0].wire_name, "entries");
    assert_eq!(marker.enable, Some(param("usemarker", "usemarker")));
}

#[test]
fn stripe_dropshot_urls_and_link_headers() {
    let mut paths = [
        get(
            "/customers",
            "customers",
            &[("starting_after", "{type: string}")],
            "{$ref: '#/components/schemas/List'}",
        ),
        get(
            "/projects",
            "projects",
            &[
                ("limit", "{type: integer}"),
                ("page_token", "{type: string}"),
                ("sort_by", "{type: string}"),
                ("project", "{type: string}"),
            ],
            "{$ref: '#/components/schemas/ResultsPage'}",
        ),
        get("/calls", "calls", &[("PageToken", "{type: string}")], "{$ref: '#/components/schemas/Calls'}"),
        get("/drf", "drf", &[("cursor", "{type: string}")], "{$ref: '#/components/schemas/Drf'}"),
    ]
    .concat();
    paths = paths.replacen(
        "    operationId: projects\n",
        "    operationId: projects\n    x-dropshot-pagination: {required: [project]}\n",
        1,
    );
    paths.push_str(
        "/issues:\n  get:\n    operationId: issues\n    responses:\n      '200':\n        description: ok\n        headers: {Link: {schema: {type: string}}}\n        content: {application/json: {schema: {type: array, items: {type: integer}}}}\n",
    );
    let schemas = format!(
        "{THING}
List: {{type: object, required: [data, has_more], properties: {{data: {{type: array, items: {{$ref: '#/components/schemas/Thing'}}}}, has_more: {{type: boolean}}}}}}
ResultsPage: {{type: object, required: [items], properties: {{items: {{type: array, items: {{type: string}}}}, next_page: {{type: string, nullable: true}}}}}}
Calls: {{type: object, properties: {{calls: {{type: array, items: {{type: string}}}}, next_page_uri: {{type: string}}}}}}
Drf: {{type: object, properties: {{results: {{type: array, items: {{type: string}}}}, next: {{type: string}}}}}}"
    );
    let api = api(&paths, &schemas);
    let customers = paged(&api, "customers");
    assert_eq!(customers.rule, PagingRule::HasMore);
    assert_eq!(
        customers.next,
        NextPage::AfterLast {
            param: param("starting_after", "starting_after"),
            has_more: vec![step("has_more", "has_more", false, TypeRef::Bool)],
            id: step("id", "id", false, TypeRef::String),
        }
    );
    let projects = paged(&api, "projects");
    assert_eq!(projects.rule, PagingRule::Dropshot);
    // `project` is required on every page, `limit` kept; the sort order is the first page's.
    let NextPage::Cursor { clear, .. } = &projects.next else { panic!("{projects:?}") };
    assert_eq!(clear, &[param("sort_by", "sort_by")]);
    let calls = paged(&api, "calls");
    assert_eq!(calls.rule, PagingRule::NextUrl);
    assert_eq!(
        calls.next,
        NextPage::Url { field: vec![step("next_page_uri", "next_page_uri", true, TypeRef::String)] }
    );
    // `next` beside a `cursor` parameter may be either.
    assert!(missed(&api, "drf").contains("whether `next` is a URL or the cursor"), "{}", missed(&api, "drf"));
    let issues = paged(&api, "issues");
    assert_eq!((issues.rule, &issues.next), (PagingRule::LinkHeader, &NextPage::LinkHeader));
    assert!(issues.items.is_empty());
    assert_eq!(issues.item, TypeRef::Int(IntType::I64));
}

#[test]
fn page_numbers_and_offsets_need_a_sign_in_the_response() {
    let paths = [
        get(
            "/totals",
            "totals",
            &[("page", "{type: integer, minimum: 0}")],
            "{$ref: '#/components/schemas/Paging'}",
        ),
        get("/echo", "echo", &[("page", "{type: integer}")], "{$ref: '#/components/schemas/Echo'}"),
        get(
            "/silent",
            "silent",
            &[("page", "{type: integer}"), ("PageToken", "{type: string}")],
            "{$ref: '#/components/schemas/Silent'}",
        ),
        get(
            "/bare",
            "bare",
            &[("page", "{type: integer, default: 1}"), ("per_page", "{type: integer}")],
            "{type: array, items: {type: string}}",
        ),
        get(
            "/offsets",
            "offsets",
            &[("offset", "{type: integer}")],
            "{$ref: '#/components/schemas/Counted'}",
        ),
    ]
    .concat();
    let schemas = "
Paging: {type: object, properties: {items: {type: array, items: {type: string}}, paging: {type: object, properties: {pages: {type: integer}, total: {type: integer}}}}}
Echo: {type: object, properties: {items: {type: array, items: {type: string}}, page: {type: integer}}}
Silent: {type: object, properties: {countries: {type: array, items: {type: string}}}}
Counted: {type: object, properties: {entries: {type: array, items: {type: string}}, total_count: {type: number}}}";
    let api = api(&paths, schemas);
    let totals = paged(&api, "totals");
    let pages = vec![
        step("paging", "paging", true, TypeRef::Model("PagingPaging".to_owned())),
        step("pages", "pages", true, TypeRef::Int(IntType::I64)),
    ];
    assert_eq!(
        totals.next,
        NextPage::Page { param: param("page", "page"), first: 0, total: Some(PageTotal::Pages(pages)) }
    );
    assert_eq!(
        paged(&api, "echo").next,
        NextPage::Page { param: param("page", "page"), first: 1, total: None }
    );
    assert!(missed(&api, "silent").contains("takes `PageToken`"), "{}", missed(&api, "silent"));
    assert_eq!(paged(&api, "bare").rule, PagingRule::PageNumber);
    let offsets = paged(&api, "offsets");
    let total = vec![step("total_count", "total_count", true, TypeRef::Float(crate::ir::FloatType::F64))];
    assert_eq!(offsets.next, NextPage::Offset { param: param("offset", "offset"), total: Some(total) });
}

#[test]
fn x_pagination_says_it_and_what_does_not_fit_is_a_warning() {
    let mut paths = [
        get(
            "/custom",
            "custom",
            &[("after", "{type: string}"), ("sort", "{type: string}")],
            "{$ref: '#/components/schemas/Custom'}",
        ),
        get("/wrong", "wrong", &[("cursor", "{type: string}")], "{$ref: '#/components/schemas/Custom'}"),
        get("/off", "off", &[("cursor", "{type: string}")], "{$ref: '#/components/schemas/Flat'}"),
    ]
    .concat();
    paths = paths.replacen(
        "    operationId: custom\n",
        "    operationId: custom\n    x-pagination: {items: result.rows, cursor_param: after, next_cursor: [meta, next.token], clear_params: [sort]}\n",
        1,
    );
    paths = paths.replacen("    operationId: wrong\n", "    operationId: wrong\n    x-pagination: {items: result.rows, cursor_param: cursor, next_cursor: meta.nope}\n", 1);
    paths = paths.replacen("    operationId: off\n", "    operationId: off\n    x-pagination: false\n", 1);
    let schemas = "
Custom: {type: object, properties: {result: {type: object, properties: {rows: {type: array, items: {type: integer}}}}, meta: {type: object, properties: {next.token: {type: string}}}}}
Flat: {type: object, properties: {items: {type: array, items: {type: string}}, next_cursor: {type: string}}}";
    let api = api(&paths, schemas);
    let custom = paged(&api, "custom");
    assert_eq!(custom.rule, PagingRule::Extension);
    assert_eq!(
        custom.items.iter().map(|step| step.wire_name.as_str()).collect::<Vec<_>>(),
        ["result", "rows"]
    );
    let NextPage::Cursor { param: cursor, field, clear } = &custom.next else { panic!("{custom:?}") };
    assert_eq!(
        (cursor, field.last().map(|step| step.rust_name.as_str()), clear),
        (&param("after", "after"), Some("next_token"), &vec![param("sort", "sort")])
    );
    assert!(missed(&api, "wrong").contains("`next_cursor` names no property of the response: meta.nope"));
    let warning = api
        .warnings
        .iter()
        .find(|warning| matches!(warning.kind, WarningKind::Pagination(_)))
        .expect("a warning");
    assert_eq!(warning.pointer.as_str(), "#/paths/~1wrong/get/x-pagination");
    assert_eq!(operation(&api, "off").paging, None);
}

#[test]
fn parameters_named_like_the_methods_paged_and_streamed_requests_gain_are_renamed() {
    let paths = [
        get(
            "/things",
            "things",
            &[("cursor", "{type: string}"), ("items", "{type: string}"), ("pages", "{type: integer}")],
            "{$ref: '#/components/schemas/Flat'}",
        ),
        get("/plain", "plain", &[("items", "{type: string}")], "{type: string}"),
    ]
    .concat();
    let schemas = "Flat: {type: object, properties: {items: {type: array, items: {type: string}}, next_cursor: {type: string}}}";
    let api = api(&paths, schemas);
    let names: Vec<&str> =
        operation(&api, "things").params.iter().map(|param| param.rust_name.as_str()).collect();
    assert_eq!(names, ["cursor", "items2", "pages2"]);
    assert_eq!(paged(&api, "things").rule, PagingRule::Cursor);
    // Not paged: nothing to avoid.
    assert_eq!(operation(&api, "plain").params[0].rust_name, "items");
}

#[test]
fn binary_bodies_stream_bytes_and_event_streams_stream_typed_events() {
    let media = |id: &str, content: &str| {
        format!("/{id}:\n  get:\n    operationId: {id}\n    responses:\n      '200':\n        description: ok\n        content:\n{content}")
    };
    let paths = [
        media("download", "          application/octet-stream: {schema: {type: string, format: binary}}\n"),
        media("report", "          text/csv: {schema: {type: string, format: binary}}\n"),
        media("page", "          text/html: {schema: {type: string}}\n"),
        media("chat", "          text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}\n"),
        media("log", "          text/event-stream: {schema: {type: string}, example: \"data: hi\\n\\ndata: [DONE]\\n\\n\"}\n"),
        media("ticks", "          text/event-stream: {}\n"),
        media("both", "          application/json: {schema: {$ref: '#/components/schemas/Chunk'}}\n          text/event-stream: {schema: {$ref: '#/components/schemas/Chunk'}}\n"),
    ]
    .concat();
    let api = api(&paths, "Chunk: {type: object, properties: {delta: {type: string}}}");
    let stream = |id: &str| operation(&api, id).success.stream.clone();
    assert_eq!(stream("download"), Some(Streaming::Bytes));
    assert_eq!(stream("report"), Some(Streaming::Bytes));
    assert_eq!(stream("page"), None);
    let chunk = TypeRef::Model("Chunk".to_owned());
    let json = EventStream { data: chunk.clone(), json: true, done: Some("[DONE]".to_owned()) };
    assert_eq!(stream("chat"), Some(Streaming::Events(json.clone())));
    let text = |done: Option<&str>| EventStream {
        data: TypeRef::String,
        json: false,
        done: done.map(str::to_owned),
    };
    assert_eq!(stream("log"), Some(Streaming::Events(text(Some("[DONE]")))));
    assert_eq!(stream("ticks"), Some(Streaming::Events(text(None))));
    let both = &operation(&api, "both").success;
    assert_eq!(both.stream, None);
    assert_eq!(both.alternatives[0].stream, Some(Streaming::Events(json)));
}
