//! The classification rules that depend on which way a model travels, on
//! small specs.

use super::direction::Direction;
use super::{diff, Class, Outcome, Previous};
use crate::description::{self, describe};
use crate::ir::Api;

/// A spec whose `Sent` model is a request body, `Received` a response,
/// `Shared` both, `Nested` reachable only through `Received`, `Problem`
/// the error body and `Unused` nothing. `$EXTRA` is replaced by `extra`
/// (more schemas).
fn api(extra: &str) -> Api {
    let text = r##"
openapi: 3.0.3
info: {title: Directions, version: 0.3.0}
paths:
  /things:
    post:
      operationId: putThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Sent'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Received'}
        default:
          description: failed
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
  /shared:
    put:
      operationId: putShared
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Shared'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shared'}
components:
  schemas:
    Problem:
      type: object
      properties: {message: {type: string}}
    Nested:
      type: object
      properties: {depth: {type: integer}}
    Unused:
      type: object
      properties: {a: {type: string}}
$EXTRA
"##
    .replace("$EXTRA", extra);
    let document = crate::load::parse("directions.yaml", &text, false).expect("the test spec parses");
    let options = crate::Options {
        spec: "directions.yaml".into(),
        spec_label: "directions.yaml".to_owned(),
        package_name: None,
        examples: None,
        standalone: true,
    };
    crate::api_from(&document, &options).expect("the test spec normalizes")
}

/// `Sent`, `Received` and `Shared` with the given extra properties.
fn models(sent: &str, received: &str, shared: &str) -> String {
    models_requiring(sent, received, shared, "")
}

/// `Sent`, `Received` and `Shared` with the given extra properties, each
/// requiring the properties listed in `required`.
fn models_requiring(sent: &str, received: &str, shared: &str, required: &str) -> String {
    format!(
        r#"    Sent:
      type: object
      required: [{required}]
      properties: {{name: {{type: string}}{sent}}}
    Received:
      type: object
      required: [{required}]
      properties: {{nested: {{$ref: '#/components/schemas/Nested'}}{received}}}
    Shared:
      type: object
      required: [{required}]
      properties: {{id: {{type: string}}{shared}}}"#
    )
}

/// The class of each change from `old` to `new`, with its line.
fn classes(old: &Api, new: &Api) -> Vec<(Class, String)> {
    diff(&describe(old), &describe(new))
        .changes
        .into_iter()
        .map(|change| (change.class, change.to_string()))
        .collect()
}

#[test]
fn models_travel_the_way_operations_use_them() {
    let api = api(&models("", "", ""));
    let description = describe(&api);
    let direction =
        |name: &str| description.models.iter().find(|model| model.name == name).map(Direction::of);
    let sent = Direction { sent: true, received: false };
    let received = Direction { sent: false, received: true };
    for (name, expected) in [
        ("Sent", sent),
        ("Received", received),
        ("Nested", received),
        ("Problem", received),
        ("Shared", Direction::BOTH),
        ("Unused", Direction::BOTH),
    ] {
        assert_eq!(direction(name), Some(expected), "{name}");
    }
    let unused = description.models.iter().find(|model| model.name == "Unused").expect("Unused");
    assert!(!unused.sent && !unused.received, "the description records that no operation uses it");
}

#[test]
fn a_required_field_changes_new_whichever_way_the_model_travels() {
    let old = api(&models("", "", ""));
    let extra = ", extra: {type: string}";
    let new = api(&models_requiring(extra, extra, extra, "extra"));
    let changes = classes(&old, &new);
    let class_of = |model: &str| {
        changes
            .iter()
            .find(|(_, line)| line.contains(&format!("model `{model}`")) && line.contains("`extra` added"))
            .map(|(class, _)| *class)
    };
    for model in ["Received", "Sent", "Shared"] {
        assert_eq!(class_of(model), Some(Class::Breaking), "{model}: {changes:?}");
    }
}

#[test]
fn a_field_x_constructor_fields_names_is_an_argument_of_new() {
    let old = api(&models("", "", ""));
    let new = api(&models(", extra: {type: string}", "", "").replace(
        "    Sent:\n      type: object\n",
        "    Sent:\n      type: object\n      x-constructor-fields: [extra, name]\n",
    ));
    let changes = classes(&old, &new);
    assert_eq!(
        changes,
        [
            (
                Class::Breaking,
                "breaking: model `Sent`: optional field `extra` added; `new` takes it".to_owned()
            ),
            (Class::Breaking, "breaking: model `Sent`: `new` takes (name) instead of ()".to_owned()),
        ]
    );
}

#[test]
fn an_optional_field_is_additive_where_default_fills_it_in() {
    let old = api(&models("", "", ""));
    let new = api(&models(", extra: {type: string}", ", extra: {type: string}", ""));
    let changes = classes(&old, &new);
    assert_eq!(changes.len(), 2, "{changes:?}");
    for (class, line) in changes {
        assert_eq!(class, Class::Additive, "{line}");
    }
}

#[test]
fn a_union_variant_breaks_readers_only_when_tried_before_an_old_one() {
    let union = |variants: &str| {
        format!(
            "{}\n    Choice:\n      oneOf: [{variants}]\n",
            models(", choice: {$ref: '#/components/schemas/Choice'}", "", "")
        )
    };
    let received_union = |variants: &str| {
        format!(
            "{}\n    Choice:\n      oneOf: [{variants}]\n",
            models("", ", choice: {$ref: '#/components/schemas/Choice'}", "")
        )
    };
    let (old, new) = (
        api(&union("{type: string}, {type: integer}")),
        api(&union("{type: string}, {type: integer}, {type: boolean}")),
    );
    let sent = classes(&old, &new);
    assert!(sent.iter().all(|(class, _)| *class == Class::Additive), "{sent:?}");
    let (old, new) = (
        api(&received_union("{type: string}, {type: integer}")),
        api(&received_union("{type: string}, {type: integer}, {type: boolean}")),
    );
    let received = classes(&old, &new);
    assert!(received.iter().all(|(class, _)| *class == Class::Additive), "appended: {received:?}");
    let first = api(&received_union("{type: boolean}, {type: string}, {type: integer}"));
    let received = classes(&old, &first);
    assert!(received.iter().any(|(class, _)| *class == Class::Breaking), "tried first: {received:?}");
    let sent = classes(
        &api(&union("{type: string}, {type: integer}")),
        &api(&union("{type: boolean}, {type: string}, {type: integer}")),
    );
    assert!(sent.iter().all(|(class, _)| *class == Class::Additive), "sent: {sent:?}");
}

#[test]
fn an_unreadable_description_skips_the_diff_but_keeps_the_version() {
    let mut api = api(&models("", "", ""));
    let previous = Previous::parse(r#"{"package_version": "0.7.2", "operations": "not a list"}"#);
    assert!(
        matches!(&previous, Previous::Unreadable { reason, .. } if reason.contains("not a")),
        "{previous:?}"
    );
    assert_eq!(previous.version(), Some("0.7.2"));
    previous.keep_version(&mut api);
    assert_eq!(api.package_version, "0.7.2");
    let outcome = previous.compare(&api);
    assert!(matches!(outcome, Outcome::Skipped(_)), "{outcome:?}");
    assert!(outcome.to_string().contains("diff skipped"), "{outcome}");
    assert!(matches!(Previous::parse("not json"), Previous::Unreadable { version: None, .. }));
    let mut newer = serde_json::to_value(describe(&api)).expect("JSON");
    newer["version"] = serde_json::json!(description::VERSION + 1);
    let Previous::Unreadable { reason, version } = Previous::parse(&newer.to_string()) else {
        panic!("a description of another format version must not be read");
    };
    assert!(reason.contains(&format!("format version {}", description::VERSION + 1)), "{reason}");
    assert_eq!(version.as_deref(), Some("0.7.2"));
}

#[test]
fn the_description_round_trips() {
    let api = api(&models("", "", ""));
    let Previous::Readable(read) = Previous::parse(&description::text(&describe(&api))) else {
        panic!("the description of an API must be readable");
    };
    assert_eq!(*read, describe(&api));
    assert!(diff(&read, &describe(&api)).changes.is_empty());
}
