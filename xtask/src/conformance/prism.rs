//! Prism (`@stoplight/prism-cli`, pinned in `tests/prism/`), serving a spec
//! with request validation on (`prism mock`): a request the spec does not
//! allow gets a 422 (or the spec's own 400 or 422), whose `sl-violations`
//! header says why. Without `--errors`, a response Prism makes up that the
//! spec does not allow (its static examples ignore `pattern`, and a vendor's
//! example can break its own schema) is still sent, with its violations in
//! the same header, so the client decodes what it can.
//!
//! It is installed with `npm ci` from the committed lockfile when missing,
//! as the contract tests do (`tests/tests/prism/mod.rs`), and it needs
//! Node.js 18.20+ and npm on `PATH`.
//!
//! One spec is served changed: Prism's loader turns a spec into a tree,
//! every schema written out again wherever it is referenced (only cycles
//! stop it: `decycle` after `dereference`), and a spec whose schemas refer
//! to each other through many paths makes that tree too large to build.
//! Stripe's 221 expandable fields (`x-expansionResources`: an object's ID,
//! or with `expand[]` the object itself) are those paths: with them, a
//! resource unfolds into more than 10^7 schemas, without them into at most
//! a few hundred. Prism is served a copy in which each expandable field
//! keeps its ID form, what Stripe sends when the request does not ask for
//! the expansion, so every response it makes up is one the spec allows.

use std::io::{BufRead as _, BufReader, Read, Write as _};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What to tell someone whose machine cannot run Prism.
const INSTALL_HINT: &str =
    "the conformance sweep needs Node.js 18.20+ and npm on PATH: install them (Debian: apt install nodejs npm)";

/// The line Prism prints once it accepts connections.
const READY_LINE: &str = "Prism is listening on";

/// The start of the line Prism prints for each request, before the method
/// and path.
const RECEIVED: &str = "[HTTP SERVER] ";

/// How Prism says a request passed its validation, and did not.
const PASSED: &str = "The request passed the validation rules";
const FAILED: &str = "Request did not pass the validation rules";
/// What comes before each thing Prism finds wrong with a request.
const VALIDATOR_ERROR: &str = "[VALIDATOR] ✖  error";

/// What Prism's validator made of a request.
pub enum Verdict {
    Valid,
    /// What it found wrong, in its words.
    Invalid(Vec<String>),
}

/// The extension that marks Stripe's expandable fields.
const EXPANSION: &str = "x-expansionResources";

/// A running `prism mock`; killed (and waited for) when dropped.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// How it was started, for messages.
    pub command_line: String,
    /// Every line it printed so far.
    log: Arc<Mutex<Vec<String>>>,
    /// Each line as it arrives; closed when Prism exits.
    lines: Receiver<String>,
    started: Instant,
    /// When it printed that it listens.
    ready_at: Arc<Mutex<Option<Instant>>>,
    /// How many marks [`Prism::verdicts`] has requested.
    marks: usize,
}

/// How long Prism may take to answer a mark, and to print its line.
const MARK_PATIENCE: Duration = Duration::from_secs(120);

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1, serving `spec` (or the copy
    /// of it described in the module's docs, written into `scratch`); it is
    /// ready once [`Prism::wait_until_ready`] returns.
    pub fn start(root: &Path, spec: &Path, scratch: &Path) -> Result<Prism, String> {
        let prism_dir = root.join("tests/prism");
        let bin = ensure_installed(&prism_dir)?;
        let served = served_copy(spec, scratch)?;
        let port = free_port()?;
        let args = [
            bin.display().to_string(),
            "mock".into(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string(),
            // Responses generated at random (asked for with `Prefer:
            // dynamic=true`) are the same on every run.
            "--seed".into(),
            "1".into(),
            served.display().to_string(),
        ];
        let command_line = format!("node {}", args.join(" "));
        let mut child = Command::new("node")
            .args(&args)
            .current_dir(&prism_dir)
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start `{command_line}` ({error}): {INSTALL_HINT}"))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let ready_at = Arc::new(Mutex::new(None));
        let (sender, lines) = mpsc::channel();
        for stream in [child.stdout.take().map(boxed), child.stderr.take().map(boxed)].into_iter().flatten() {
            let (sender, log, ready_at) = (sender.clone(), log.clone(), ready_at.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { break };
                    if line.contains(READY_LINE) {
                        ready_at.lock().expect("the time").get_or_insert_with(Instant::now);
                    }
                    log.lock().expect("the log").push(line.clone());
                    // Read again by `verdicts`; gone with Prism once nobody listens.
                    let _ = sender.send(line);
                }
            });
        }
        Ok(Prism {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            command_line,
            log,
            lines,
            started: Instant::now(),
            ready_at,
            marks: 0,
        })
    }

    /// Waits until Prism accepts connections; how long it took to start
    /// (from being started, not from being waited for).
    pub fn wait_until_ready(&mut self, patience: Duration) -> Result<Duration, String> {
        let deadline = self.started + patience;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(READY_LINE) => {
                    let ready_at = self.ready_at.lock().expect("the time").unwrap_or_else(Instant::now);
                    return Ok(ready_at - self.started);
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(format!(
                        "`{}` did not start within {patience:?}:\n{}",
                        self.command_line,
                        self.tail()
                    ))
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().map(|status| status.to_string()).unwrap_or_default();
                    return Err(format!(
                        "`{}` exited ({status}) before it listened:\n{}",
                        self.command_line,
                        self.tail()
                    ));
                }
            }
        }
    }

    /// Makes the requests of `make` and returns Prism's verdict on each, in
    /// the order Prism received them (`None` for one it printed no verdict
    /// for, a path it does not serve).
    /// `make` must send its requests one at a time: Prism prints the lines
    /// of a request together, after the line that says it received it, and
    /// the lines are told apart by requests for a path of their own sent
    /// before and after (`mark`).
    pub fn verdicts<T>(
        &mut self,
        make: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<(T, Vec<Option<Verdict>>), String> {
        let start = self.mark("start")?;
        let made = make(&self.base_url)?;
        let end = self.mark("end")?;
        let received =
            |line: &str, path: &str| line.contains(RECEIVED) && line.contains(&format!(" {path} "));
        // Every line since Prism started waits in `lines`: skip to the start mark.
        let mut segments: Vec<Vec<String>> = Vec::new();
        let mut started = false;
        loop {
            let line = self.lines.recv_timeout(MARK_PATIENCE).map_err(|_| {
                format!(
                    "`{}` printed no line for the request for {end} within {MARK_PATIENCE:?}",
                    self.command_line
                )
            })?;
            if received(&line, &end) {
                break;
            }
            if received(&line, &start) {
                started = true;
            } else if started && line.contains(RECEIVED) && line.ends_with("Request received") {
                segments.push(vec![line]);
            } else if let Some(segment) = segments.last_mut() {
                segment.push(line);
            }
        }
        let verdicts = segments
            .iter()
            .map(|lines| {
                let said = |verdict: &str| lines.iter().any(|line| line.contains(verdict));
                match (said(PASSED), said(FAILED)) {
                    (true, false) => Some(Verdict::Valid),
                    (false, true) => Some(Verdict::Invalid(
                        lines
                            .iter()
                            .filter_map(|line| line.split_once(VALIDATOR_ERROR))
                            .map(|(_, message)| message.trim().to_owned())
                            .collect(),
                    )),
                    _ => None,
                }
            })
            .collect();
        Ok((made, verdicts))
    }

    /// Requests `/conformance-mark-<what>-<n>` of Prism, a path of its own
    /// for each mark, and returns the path once answered.
    fn mark(&mut self, what: &str) -> Result<String, String> {
        self.marks += 1;
        let path = format!("/conformance-mark-{what}-{}", self.marks);
        let address = self.base_url.trim_start_matches("http://");
        let failed = |error: std::io::Error| format!("the request for {path} of {address}: {error}");
        let mut stream = TcpStream::connect(address).map_err(failed)?;
        stream.set_read_timeout(Some(MARK_PATIENCE)).map_err(failed)?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n")
            .map_err(failed)?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).map_err(failed)?;
        Ok(path)
    }

    /// The last lines Prism printed.
    pub fn tail(&self) -> String {
        let log = self.log.lock().expect("the log");
        log[log.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn boxed(stream: impl Read + Send + 'static) -> Box<dyn Read + Send> {
    Box::new(stream)
}

/// The file Prism serves: `spec`, or a copy in `scratch` whose expandable
/// fields keep their ID form (see the module's docs).
fn served_copy(spec: &Path, scratch: &Path) -> Result<PathBuf, String> {
    let text = std::fs::read_to_string(spec).map_err(|error| format!("{}: {error}", spec.display()))?;
    if !text.contains(EXPANSION) {
        return Ok(spec.to_owned());
    }
    let mut document: Value = if spec.extension().is_some_and(|ext| ext == "json") {
        serde_json::from_str(&text).map_err(|error| format!("{}: {error}", spec.display()))?
    } else {
        serde_yaml::from_str(&text).map_err(|error| format!("{}: {error}", spec.display()))?
    };
    unexpanded(&mut document);
    std::fs::create_dir_all(scratch).map_err(|error| format!("{}: {error}", scratch.display()))?;
    let stem = spec.file_stem().unwrap_or_default().to_string_lossy();
    let copy = scratch.join(format!("{stem}.served.json"));
    let json = serde_json::to_string(&document).map_err(|error| format!("{}: {error}", spec.display()))?;
    std::fs::write(&copy, json).map_err(|error| format!("{}: {error}", copy.display()))?;
    Ok(copy)
}

/// Each expandable field narrowed to its ID: the `$ref` branches of its
/// `anyOf` (the expanded objects) and the extension that lists them removed.
fn unexpanded(node: &mut Value) {
    match node {
        Value::Object(members) => {
            if members.remove(EXPANSION).is_some() {
                if let Some(Value::Array(branches)) = members.get_mut("anyOf") {
                    branches.retain(|branch| branch.get("$ref").is_none());
                }
            }
            members.values_mut().for_each(unexpanded);
        }
        Value::Array(items) => items.iter_mut().for_each(unexpanded),
        _ => {}
    }
}

/// The Prism launcher in `prism_dir`, installed with `npm ci` when it is
/// missing or another version than the pinned one.
fn ensure_installed(prism_dir: &Path) -> Result<PathBuf, String> {
    let bin = prism_dir.join("node_modules/.bin/prism");
    let read = |path: &Path| -> Option<Value> { serde_json::from_slice(&std::fs::read(path).ok()?).ok() };
    let pinned = read(&prism_dir.join("package.json"))
        .and_then(|json| json.pointer("/dependencies/@stoplight~1prism-cli")?.as_str().map(str::to_owned))
        .ok_or_else(|| format!("{} does not pin @stoplight/prism-cli", prism_dir.display()))?;
    let installed = read(&prism_dir.join("node_modules/@stoplight/prism-cli/package.json"))
        .and_then(|json| json.get("version")?.as_str().map(str::to_owned));
    if bin.exists() && installed.as_deref() == Some(pinned.as_str()) {
        return Ok(bin);
    }
    println!("installing Prism {pinned} in {} (npm ci)", prism_dir.display());
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(prism_dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run `npm ci` ({error}): {INSTALL_HINT}"))?;
    if !output.status.success() || !bin.exists() {
        return Err(format!(
            "`npm ci` in {} failed ({}):\n{}{}",
            prism_dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(bin)
}

/// A port of 127.0.0.1 that nothing listens on right now.
fn free_port() -> Result<u16, String> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|error| format!("bind 127.0.0.1:0: {error}"))?;
    listener.local_addr().map(|address| address.port()).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn expandable_fields_keep_their_id_form() {
        let mut schema = json!({ "properties": { "customer": {
            "anyOf": [{ "type": "string" }, { "$ref": "#/components/schemas/customer" }],
            "x-expansionResources": { "oneOf": [{ "$ref": "#/components/schemas/customer" }] },
            "nullable": true
        }}});
        unexpanded(&mut schema);
        assert_eq!(
            schema,
            json!({ "properties": { "customer": { "anyOf": [{ "type": "string" }], "nullable": true }}})
        );
    }
}
