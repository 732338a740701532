//! What became of each call and each operation, and the check of the
//! operations that fail against the list of those that fail for a reason
//! outside this project ([`super::listed`]), which is held to the same
//! standard as the examples' list: an entry whose operation now conforms,
//! or fails for another reason than the one given, fails the sweep too.

use serde_json::Value;

use super::arguments::{CallKind, Planned};
use super::deep_object;
use super::listed::{Kind, Listed, Request};
use crate::harness::vendor_errors::VendorError;

/// One failed call: which one, why, and the request it sent.
#[derive(Clone, Debug)]
pub struct Failure {
    pub call: CallKind,
    pub problem: String,
    pub request: Option<String>,
}

/// An operation and the failures of its calls.
#[derive(Debug)]
pub struct Operation {
    /// Its place in the spec, `#/paths/~1pets/get`.
    pub pointer: String,
    /// The `Client` method.
    pub method: String,
    pub failures: Vec<Failure>,
}

impl Failure {
    /// The call, the problem, and the request indented below.
    pub fn describe(&self) -> String {
        let mut text = format!("{}: {}", self.call.label(), self.problem);
        if let Some(request) = &self.request {
            text.push_str("\n    the request:\n");
            for line in request.lines() {
                text.push_str("      ");
                text.push_str(line);
                text.push('\n');
            }
        }
        text
    }
}

impl Operation {
    /// A planned operation, failing already when its arguments could not be
    /// written.
    pub fn of(planned: &Planned<'_>) -> Operation {
        let failures = match &planned.calls {
            Ok(_) => Vec::new(),
            Err(why) => vec![Failure {
                call: CallKind::Required,
                problem: format!("the sweep cannot write the arguments: {why}"),
                request: None,
            }],
        };
        Operation {
            pointer: planned.pointer.clone(),
            method: planned.operation.method_name.clone(),
            failures,
        }
    }

    /// One line: the operation and its first failure.
    pub fn line(&self) -> String {
        let failure = &self.failures[0];
        let first = failure.problem.lines().next().unwrap_or_default();
        let more = if self.failures.len() > 1 { " (and the other call)" } else { "" };
        format!("{} ({}), {}{more}: {first}", self.pointer, self.method, failure.call.label())
    }
}

/// Why a call failed, from the line the driver printed for it; `None` when
/// Prism accepted the request and the client decoded the response.
///
/// What Prism says about its own response (a violation located in
/// `response`) is the spec's or Prism's business, not the client's: it
/// fails nothing by itself, and is quoted when the client cannot decode the
/// response. For an operation that documents no 2xx response, an
/// `Error::Api` with one of the redirects it documents (`only_errors`) is
/// what the call should give.
pub fn problem(outcome: &Value, only_errors: &[String]) -> Option<String> {
    if let Some(problem) = outcome.get("problem").and_then(Value::as_str) {
        return Some(format!("the sweep cannot make the call: {problem}"));
    }
    let status = outcome.get("status").and_then(Value::as_u64);
    let (mut request, response): (Vec<String>, Vec<String>) = violations(outcome.get("violations"))
        .into_iter()
        .partition(|violation| violation.contains("] request"));
    if request.is_empty() {
        // Prism's own 422 lists what is wrong in its body rather than in the header.
        request = problem_json_violations(outcome.get("body").and_then(Value::as_str).unwrap_or_default());
    }
    let error = outcome.get("error").and_then(Value::as_str);
    let body = outcome.get("body").and_then(Value::as_str).map(excerpt).unwrap_or_default();
    let status_text = status.map_or_else(|| "no status".to_owned(), |status| status.to_string());
    let breaks = if response.is_empty() {
        String::new()
    } else {
        format!("\n    Prism's response breaks the spec: {}", response.join("; "))
    };
    if !request.is_empty() {
        let verb = if error.is_some() { "rejects" } else { "accepts, but reports violations of," };
        return Some(format!("Prism {verb} the request ({status_text}): {}", request.join("; ")));
    }
    let error = error?;
    // A redirect the spec documents, and that the client does not follow
    // (there is no `Location`, or it leaves the origin), is returned as is.
    // Prism answers 4xx and 5xx of its own (no route, no media type it can
    // make) whatever the spec documents, so those are not taken as the
    // spec's answer.
    let documented = |status: u64| {
        (300..400).contains(&status)
            && only_errors.iter().any(|documented| {
                documented == &status.to_string() || documented == &format!("{}XX", status / 100)
            })
    };
    if outcome.get("kind").and_then(Value::as_str) == Some("api") && status.is_some_and(documented) {
        return None;
    }
    // Prism's own error, and what its log says of the request: it found it
    // valid, or what it found wrong (and could not make up the spec's
    // answer to that either).
    let verdict = outcome.get("verdict");
    let prism_failed = outcome.get("kind").and_then(Value::as_str) == Some("api")
        && status.is_some_and(|status| status >= 500);
    if let (true, Some(verdict)) = (prism_failed, verdict) {
        if verdict["valid"] == true {
            return Some(format!(
                "{VALID_BUT_NO_RESPONSE} ({status_text}): {error}{breaks}\n    body: {body}"
            ));
        }
        let errors: Vec<&str> =
            verdict["errors"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        return Some(format!(
            "Prism rejects the request, and fails to answer ({status_text}): {}\n    body: {body}",
            errors.join("; ")
        ));
    }
    Some(match outcome.get("kind").and_then(Value::as_str) {
        Some("decode") => format!(
            "the client cannot decode the response ({status_text}): {error}{breaks}\n    body: {body}"
        ),
        Some("api") => format!("Prism answered {status_text}: {error}{breaks}\n    body: {body}"),
        _ => format!("the call failed: {error}"),
    })
}

/// How a failure begins when Prism found the request valid but could not
/// make up a response.
pub const VALID_BUT_NO_RESPONSE: &str = "Prism found the request valid but could not make up a response";

/// The violations of a problem+json body of Prism's (`validation`), as
/// [`violations`] writes them, located in the request.
fn problem_json_violations(body: &str) -> Vec<String> {
    let Ok(Value::Object(mut problem)) = serde_json::from_str::<Value>(body) else { return Vec::new() };
    let Some(Value::Array(mut list)) = problem.remove("validation") else { return Vec::new() };
    for violation in &mut list {
        if let Some(Value::Array(location)) = violation.get_mut("location") {
            location.insert(0, Value::String("request".to_owned()));
        }
    }
    violations(Some(&Value::Array(list)))
}

/// `sl-violations` entries as `[error] request.body.name (required): ...`.
fn violations(list: Option<&Value>) -> Vec<String> {
    match list {
        Some(Value::Array(violations)) => violations
            .iter()
            .map(|violation| {
                let location: Vec<String> = violation["location"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|part| part.as_str().map_or_else(|| part.to_string(), str::to_owned))
                    .collect();
                let severity = match &violation["severity"] {
                    Value::String(severity) => severity.to_lowercase(),
                    Value::Number(level) if level.as_u64() == Some(0) => "error".to_owned(),
                    other => other.to_string(),
                };
                let code = match &violation["code"] {
                    Value::String(code) => code.clone(),
                    other => other.to_string(),
                };
                let message = violation["message"].as_str().unwrap_or_default();
                format!("[{severity}] {} ({code}): {message}", location.join("."))
            })
            .collect(),
        Some(Value::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    }
}

fn excerpt(body: &str) -> String {
    let cut: String = body.chars().take(400).collect();
    if cut.len() < body.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// The sweep of one spec, checked against its list.
#[derive(Default)]
pub struct Summary {
    pub operations: usize,
    pub calls: usize,
    pub conforming: usize,
    /// Operations that fail for their listed reason, with the kind of
    /// reason.
    pub listed: Vec<(String, &'static Kind)>,
    /// Operations that fail and are not listed (or fail for another reason
    /// than their entry's): a line, and the details.
    pub unlisted: Vec<(String, String)>,
    /// Entries that no longer hold.
    pub stale: Vec<String>,
}

impl Summary {
    pub fn passed(&self) -> bool {
        self.unlisted.is_empty() && self.stale.is_empty()
    }

    /// `N of M operations conform`, with the listed ones by kind.
    pub fn line(&self) -> String {
        let mut line = format!("{} of {} operations conform", self.conforming, self.operations);
        if !self.listed.is_empty() {
            let count =
                |wanted: fn(&Kind) -> bool| self.listed.iter().filter(|(_, kind)| wanted(kind)).count();
            let vendor = count(|kind| matches!(kind, Kind::Vendor));
            let validator = count(|kind| matches!(kind, Kind::PrismValidator { .. }));
            let mock = count(|kind| matches!(kind, Kind::PrismMock));
            line.push_str(&format!(
                ", {} listed ({vendor} vendor contradictions, {validator} Prism validator limits, {mock} Prism mock \
                 limits)",
                self.listed.len()
            ));
        }
        line
    }
}

/// Checks the operations' outcomes against `listed`, and against the
/// examples the spec gets wrong (`examples`, from
/// `harness/vendor_errors.rs`): an operation that fails only because the
/// client cannot decode a response example listed there (Prism answers with
/// the spec's example) fails for that listed reason.
pub fn check(
    operations: &[Operation],
    calls: usize,
    listed: &'static [Listed],
    examples: &[VendorError],
) -> Summary {
    let mut summary = Summary { operations: operations.len(), calls, ..Summary::default() };
    for operation in operations {
        // An operation can fail for more than one listed reason (one per call).
        let entries: Vec<&'static Listed> =
            listed.iter().filter(|entry| entry.operations.contains(&operation.pointer.as_str())).collect();
        if entries.is_empty()
            && !operation.failures.is_empty()
            && fails_on_listed_example(operation, examples)
        {
            summary.listed.push((operation.pointer.clone(), &Kind::Vendor));
            continue;
        }
        let because = |entry: &Listed| format!("`{}`, because {}", entry.error, entry.because());
        if operation.failures.is_empty() {
            summary.conforming += 1;
            for entry in &entries {
                summary.stale.push(format!(
                    "{} ({}) is listed as failing with {}, but conforms now",
                    operation.pointer,
                    operation.method,
                    because(entry)
                ));
            }
            continue;
        }
        let holding = |failure: &Failure| entries.iter().copied().find(|entry| entry.holds_for(failure));
        let unheld: Vec<&Failure> =
            operation.failures.iter().filter(|failure| holding(failure).is_none()).collect();
        let idle: Vec<&&Listed> = entries
            .iter()
            .filter(|entry| !operation.failures.iter().any(|failure| entry.holds_for(failure)))
            .collect();
        match (unheld.is_empty(), idle.is_empty(), operation.failures.first().and_then(holding)) {
            (true, true, Some(entry)) => summary.listed.push((operation.pointer.clone(), &entry.kind)),
            _ => {
                let mut details: Vec<String> = unheld.iter().map(|failure| failure.describe()).collect();
                for entry in idle {
                    details.push(format!("listed as failing with {}, but no call does", because(entry)));
                }
                summary.unlisted.push((operation.line(), details.join("\n    ")));
            }
        }
    }
    for pointer in listed.iter().flat_map(|entry| entry.operations) {
        if !operations.iter().any(|operation| operation.pointer == *pointer) {
            summary.stale.push(format!("{pointer} is listed but is no operation of the spec"));
        }
    }
    summary
}

/// Whether every failure of `operation` is the client not decoding a
/// response whose example is listed in `examples`, with the error the
/// listed contradiction gives (`missing field `team_ids``).
fn fails_on_listed_example(operation: &Operation, examples: &[VendorError]) -> bool {
    let responses = format!("{}/responses/", operation.pointer);
    let messages: Vec<String> = examples
        .iter()
        .filter(|listed| listed.example.starts_with(&responses))
        .map(|listed| listed.contradiction.message())
        .collect();
    operation.failures.iter().all(|failure| {
        failure.problem.starts_with("the client cannot decode the response")
            && messages.iter().any(|message| failure.problem.contains(message.as_str()))
    })
}

impl Listed {
    /// The reason, with the part of OpenAPI that allows the request for a
    /// limit of Prism's validator.
    fn because(&self) -> String {
        match &self.kind {
            Kind::PrismValidator { allowed_by, .. } => format!("{} ({allowed_by})", self.reason),
            Kind::Vendor | Kind::PrismMock => self.reason.to_owned(),
        }
    }

    /// Whether `failure` is the one the entry describes: its error, for a
    /// limit of Prism's validator its request, and for a limit of Prism's
    /// mock a request Prism found valid when it answered with an error of
    /// its own (a 5xx to an invalid request could hide a rejection).
    fn holds_for(&self, failure: &Failure) -> bool {
        let request_matches = match &self.kind {
            Kind::PrismValidator { request: Request::Contains(request), .. } => {
                failure.request.as_deref().is_some_and(|sent| sent.contains(request))
            }
            Kind::PrismValidator { request: Request::DeepObjectMisread, .. } => {
                failure.request.as_deref().is_some_and(|sent| deep_object::misread(&failure.problem, sent))
            }
            Kind::PrismMock => {
                !failure.problem.starts_with("Prism answered 5")
                    && !failure.problem.starts_with("Prism rejects")
            }
            Kind::Vendor => true,
        };
        failure.problem.contains(self.error) && request_matches
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::harness::vendor_errors::Contradiction;

    #[test]
    fn problems_say_who_objects() {
        assert_eq!(problem(&json!({ "status": 200, "violations": null }), &[]), None);
        let rejected = json!({
            "kind": "api", "status": 422, "error": "422",
            "violations": [{ "location": ["request", "body", "name"], "severity": "Error", "code": "required",
                             "message": "must have required property 'name'" }]
        });
        assert_eq!(
            problem(&rejected, &[]).as_deref(),
            Some("Prism rejects the request (422): [error] request.body.name (required): must have required property 'name'")
        );
        let undecodable =
            json!({ "kind": "decode", "status": 200, "error": "at `id`: invalid type", "body": "{}" });
        assert!(problem(&undecodable, &[])
            .unwrap()
            .starts_with("the client cannot decode the response (200): at `id`"));
        let redirect = json!({ "kind": "api", "status": 307, "error": "307", "body": "{}" });
        assert_eq!(problem(&redirect, &["307".to_owned()]), None);
        assert!(problem(&redirect, &[]).is_some());
    }

    #[test]
    fn a_mock_limit_holds_only_for_a_request_prism_found_valid() {
        static MOCK: &[Listed] = &[Listed {
            operations: &["#/paths/~1a/get"],
            kind: Kind::PrismMock,
            error: "TypeError",
            reason: "Prism cannot make up the response",
        }];
        let failing = json!({ "kind": "api", "status": 500, "error": "500", "body": "TypeError" });
        let unknown = problem(&failing, &[]).unwrap();
        let summary = check(&[operation("#/paths/~1a/get", Some(&unknown))], 1, MOCK, &[]);
        assert_eq!(summary.unlisted.len(), 1, "a 5xx Prism may have made for an invalid request");
        let mut validated = failing.clone();
        validated["verdict"] = json!({ "valid": true });
        let valid = problem(&validated, &[]).unwrap();
        assert!(valid.starts_with(VALID_BUT_NO_RESPONSE), "{valid}");
        let summary = check(&[operation("#/paths/~1a/get", Some(&valid))], 1, MOCK, &[]);
        assert!(summary.passed() && summary.listed.len() == 1);
        validated["verdict"] = json!({ "valid": false, "errors": ["must have required property 'enabled'"] });
        let invalid = problem(&validated, &[]).unwrap();
        assert!(invalid.ends_with("must have required property 'enabled'\n    body: TypeError"), "{invalid}");
        let summary = check(&[operation("#/paths/~1a/get", Some(&invalid))], 1, MOCK, &[]);
        assert_eq!(summary.unlisted.len(), 1);
    }

    static LISTED: &[Listed] = &[Listed {
        operations: &["#/paths/~1a/get"],
        kind: Kind::Vendor,
        error: "must be integer",
        reason: "the example is a string",
    }];

    fn operation(pointer: &str, problem: Option<&str>) -> Operation {
        Operation {
            pointer: pointer.to_owned(),
            method: "a".to_owned(),
            failures: problem
                .map(|problem| Failure {
                    call: CallKind::Required,
                    problem: problem.to_owned(),
                    request: None,
                })
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn an_entry_holds_only_for_its_reason() {
        let listed =
            check(&[operation("#/paths/~1a/get", Some("Prism rejects: must be integer"))], 1, LISTED, &[]);
        assert!(listed.passed() && listed.listed.len() == 1 && listed.conforming == 0);
        let otherwise = check(&[operation("#/paths/~1a/get", Some("must be string"))], 1, LISTED, &[]);
        assert_eq!(otherwise.unlisted.len(), 1);
        let conforms = check(&[operation("#/paths/~1a/get", None)], 1, LISTED, &[]);
        assert_eq!(conforms.stale.len(), 1);
        let gone = check(&[operation("#/paths/~1b/get", None)], 1, LISTED, &[]);
        assert_eq!(gone.stale.len(), 1);
    }

    #[test]
    fn each_call_may_fail_for_its_own_listed_reason() {
        static TWO: &[Listed] = &[
            Listed {
                operations: &["#/paths/~1a/get"],
                kind: Kind::Vendor,
                error: "must be integer",
                reason: "a",
            },
            Listed {
                operations: &["#/paths/~1a/get"],
                kind: Kind::Vendor,
                error: "must be string",
                reason: "b",
            },
        ];
        let mut both = operation("#/paths/~1a/get", Some("must be integer"));
        both.failures.push(Failure {
            call: CallKind::All,
            problem: "must be string".to_owned(),
            request: None,
        });
        let summary = check(&[both], 2, TWO, &[]);
        assert!(summary.passed() && summary.listed.len() == 1);
        let summary = check(&[operation("#/paths/~1a/get", Some("must be integer"))], 1, TWO, &[]);
        assert_eq!(summary.unlisted.len(), 1, "an entry no call fails for no longer holds");
    }

    #[test]
    fn a_listed_response_example_explains_a_failure_that_quotes_it() {
        let examples = [VendorError {
            example: "#/paths/~1b/get/responses/200/examples/application~1json",
            at: ".",
            contradiction: Contradiction::Missing("team_ids"),
        }];
        let missing = "the client cannot decode the response (200): b: missing field `team_ids`";
        let summary = check(&[operation("#/paths/~1b/get", Some(missing))], 1, &[], &examples);
        assert!(summary.passed() && summary.listed.len() == 1);
        let other = "the client cannot decode the response (200): b: missing field `channel`";
        let summary = check(&[operation("#/paths/~1b/get", Some(other))], 1, &[], &examples);
        assert_eq!(summary.unlisted.len(), 1);
    }
}
