//! Running the driver: the calls, with a second try for responses Prism
//! cannot make up from its examples, and once more against a recorder for
//! the requests as sent.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use super::prism::{Prism, Verdict};
use super::recorder::Recorder;

/// What Prism says when its example of a response schema would be too large.
const TOO_COMPLEX: &str = "The schema is too complex to generate";

/// Makes `calls` against Prism at `base_url`; each call's outcome by its id.
///
/// Prism's examples written from a schema stop at 2,500 schema nodes ("too
/// complex to generate"): those calls are made once more asking for a
/// response generated at random (`Prefer: dynamic=true`, from Prism's
/// seed), one at a time and in the same order, so the bodies are the same
/// on every run. They stay in `calls` with the header they were made with.
/// Prism can fail at that too, and since it answers a request it finds
/// invalid with the spec's `default` response, which it may fail to make up
/// as well, each of those outcomes says whether Prism found the request
/// valid (`verdict`, with what it found wrong), as its log tells.
pub fn calls(driver: &Path, prism: &mut Prism, calls: &mut [Value]) -> Result<HashMap<usize, Value>, String> {
    let mut outcomes = run(driver, &prism.base_url, calls, None)?;
    let mut again = Vec::new();
    for call in calls.iter_mut() {
        let id = call["id"].as_u64().unwrap_or_default() as usize;
        let too_complex = outcomes.get(&id).and_then(|(_, outcome)| outcome["body"].as_str());
        if too_complex.is_some_and(|body| body.contains(TOO_COMPLEX)) {
            call["prefer"] = json!("dynamic=true");
            again.push(call.clone());
        }
    }
    if !again.is_empty() {
        let (retried, verdicts) = prism.verdicts(|base_url| run(driver, base_url, &again, Some(1)))?;
        let mut retried: Vec<(usize, (usize, Value))> = retried.into_iter().collect();
        retried.sort_unstable_by_key(|(_, (line, _))| *line);
        // One verdict per request, in order, unless a call sent none or more than one.
        let verdicts = if verdicts.len() == retried.len() { verdicts } else { Vec::new() };
        for (index, (id, (line, mut outcome))) in retried.into_iter().enumerate() {
            if let (Some(Some(verdict)), Value::Object(members)) = (verdicts.get(index), &mut outcome) {
                let verdict = match verdict {
                    Verdict::Valid => json!({ "valid": true }),
                    Verdict::Invalid(errors) => json!({ "valid": false, "errors": errors }),
                };
                members.insert("verdict".to_owned(), verdict);
            }
            outcomes.insert(id, (line, outcome));
        }
    }
    Ok(outcomes.into_iter().map(|(id, (_, outcome))| (id, outcome)).collect())
}

/// Makes `calls` once more, one at a time, against a recorder; the request
/// each sent, in the same order (`None` for one that sent nothing).
pub fn record(driver: &Path, calls: Vec<Value>) -> Result<Vec<Option<String>>, String> {
    if calls.is_empty() {
        return Ok(Vec::new());
    }
    let recorder = Recorder::start()?;
    let outcomes = run(driver, &recorder.base_url, &calls, Some(1))?;
    // One at a time, so the calls that sent a request (those with a
    // status) sent them in the order their outcomes were printed.
    let mut sent: Vec<(usize, usize)> = outcomes
        .iter()
        .filter(|(_, (_, outcome))| outcome.get("status").is_some_and(|status| !status.is_null()))
        .map(|(id, (line, _))| (*line, *id))
        .collect();
    sent.sort_unstable();
    let requests: HashMap<usize, String> =
        sent.into_iter().map(|(_, id)| id).zip(recorder.requests()).collect();
    Ok(calls
        .iter()
        .map(|call| call["id"].as_u64().and_then(|id| requests.get(&(id as usize)).cloned()))
        .collect())
}

/// Runs the driver on `calls` (at most `in_flight` at once, when given);
/// each call's outcome, and the line it was printed on, by the call's id.
fn run(
    driver: &Path,
    base_url: &str,
    calls: &[Value],
    in_flight: Option<usize>,
) -> Result<HashMap<usize, (usize, Value)>, String> {
    let describe = |error: &dyn std::fmt::Display| format!("{}: {error}", driver.display());
    let mut command = Command::new(driver);
    command.arg(base_url);
    if let Some(in_flight) = in_flight {
        command.arg(in_flight.to_string());
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| describe(&error))?;
    let input = serde_json::to_vec(calls).map_err(|error| describe(&error))?;
    let mut stdin = child.stdin.take().expect("piped");
    // Written beside the reading, so neither side waits on a full pipe.
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let mut outcomes = HashMap::new();
    for (number, line) in BufReader::new(child.stdout.take().expect("piped")).lines().enumerate() {
        let line = line.map_err(|error| describe(&error))?;
        let parsed: Value =
            serde_json::from_str(&line).map_err(|error| describe(&format!("{error} in {line}")))?;
        if let Some(id) = parsed["id"].as_u64() {
            outcomes.insert(id as usize, (number, parsed["outcome"].clone()));
        }
    }
    let output = child.wait_with_output().map_err(|error| describe(&error))?;
    writer.join().expect("the writer").map_err(|error| describe(&error))?;
    if !output.status.success() {
        return Err(describe(&format!("{}:\n{}", output.status, String::from_utf8_lossy(&output.stderr))));
    }
    Ok(outcomes)
}
