//! Runs Prism (`@stoplight/prism-cli`, pinned in `tests/prism/package.json`)
//! as a child process for the contract tests, and records what each call of
//! the generated client got back from it.
//!
//! Prism is installed with `npm ci` from the committed lockfile the first time
//! a test needs it. Node.js and npm must be on `PATH`; without them the tests
//! fail with a message saying what to install, they never skip.

use std::collections::BTreeSet;
use std::fmt::{self, Write as _};
use std::io::{BufRead, BufReader, Read};
use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use tiledb_array_api::{ApiResponse, Error};

/// What to tell someone whose machine cannot run Prism.
const INSTALL_HINT: &str = "the Prism contract tests need Node.js 18.20+ and npm on PATH: install them \
     (Debian: apt install nodejs npm) and rerun";

/// How long Prism may take to start, and to log a request it answered. Both
/// normally take well under five seconds; the margin is for a loaded machine.
const PRISM_TIMEOUT: Duration = Duration::from_secs(90);

/// The line Prism prints once its server accepts connections.
const READY_LINE: &str = "Prism is listening on";

/// The first line Prism logs for each request it receives.
const REQUEST_RECEIVED: &str = "Request received";

/// `tests/prism`: the npm project that pins Prism.
pub fn prism_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prism")
}

/// The spec the client was generated from.
pub fn spec_path() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/array-api.yaml");
    path.canonicalize().unwrap_or(path)
}

/// The Prism launcher `npm ci` puts into `tests/prism/node_modules/.bin`.
fn prism_bin() -> PathBuf {
    prism_dir().join("node_modules/.bin/prism")
}

/// Makes sure Node.js and npm run, and that the pinned Prism is installed
/// (running `npm ci` in `tests/prism` when it is not). Done once per test
/// process; every caller panics with the same message when it failed.
pub fn ensure_prism_installed() -> PathBuf {
    static INSTALLED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match INSTALLED.get_or_init(install_prism) {
        Ok(bin) => bin.clone(),
        Err(message) => panic!("{message}"),
    }
}

fn install_prism() -> Result<PathBuf, String> {
    let node = run_version("node")?;
    check_node_version(&node)?;
    run_version("npm")?;

    let dir = prism_dir();
    let bin = prism_bin();
    let pinned = pinned_prism_version(&dir)?;
    match installed_prism_version(&dir) {
        Some(installed) if bin.exists() && installed == pinned => return Ok(bin),
        Some(installed) if bin.exists() => {
            eprintln!(
                "Prism {installed} is installed in {}, {pinned} is pinned: running npm ci",
                dir.display()
            )
        }
        _ => eprintln!("Prism is not installed in {}: running npm ci", dir.display()),
    }
    let output = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(&dir)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run `npm ci` in {}: {error}; {INSTALL_HINT}", dir.display()))?;
    if !output.status.success() {
        return Err(format!(
            "`npm ci` in {} failed ({}):\n{}\n{}",
            dir.display(),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    if !bin.exists() {
        return Err(format!("`npm ci` in {} succeeded but left no {}", dir.display(), bin.display()));
    }
    Ok(bin)
}

/// Runs `program --version` and returns what it printed.
fn run_version(program: &str) -> Result<String, String> {
    let output = Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run `{program} --version` ({error}): {INSTALL_HINT}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{program} --version` failed ({}): {}; {INSTALL_HINT}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// Prism 5.14.2 declares `engines.node >= 18.20.1`.
fn check_node_version(version: &str) -> Result<(), String> {
    let numbers: Vec<u64> =
        version.trim_start_matches('v').split('.').map_while(|part| part.parse().ok()).collect();
    match numbers[..] {
        [major, minor, ..] if (major, minor) >= (18, 20) => Ok(()),
        _ => Err(format!("Node.js {version} is too old: {INSTALL_HINT}")),
    }
}

fn pinned_prism_version(dir: &Path) -> Result<String, String> {
    let manifest = dir.join("package.json");
    let json = read_json(&manifest).ok_or_else(|| format!("cannot read {}", manifest.display()))?;
    json.pointer("/dependencies/@stoplight~1prism-cli")
        .and_then(|version| version.as_str())
        .map(str::to_owned)
        .ok_or_else(|| format!("{} does not pin @stoplight/prism-cli", manifest.display()))
}

fn installed_prism_version(dir: &Path) -> Option<String> {
    let json = read_json(&dir.join("node_modules/@stoplight/prism-cli/package.json"))?;
    json.get("version")?.as_str().map(str::to_owned)
}

fn read_json(path: &Path) -> Option<serde_json::Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// How Prism makes up its responses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The spec's examples, or examples Prism derives from the schemas.
    Static,
    /// Bodies json-schema-faker generates from the schemas, seeded.
    Dynamic { seed: u32 },
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mode::Static => f.write_str("static examples"),
            Mode::Dynamic { seed } => write!(f, "dynamic bodies, seed {seed}"),
        }
    }
}

/// A running `prism mock` of the spec; killed (and waited for) on drop.
pub struct Prism {
    child: Child,
    /// `http://127.0.0.1:<port>`: Prism serves the spec's paths at the root,
    /// without the `/v1` of the spec's server URL.
    pub base_url: String,
    /// The command that started it, for messages.
    pub command_line: String,
    /// Every line Prism printed so far, stdout and stderr interleaved.
    log: Arc<Mutex<Vec<String>>>,
    /// The same lines as they arrive; closed when Prism exits.
    lines: Receiver<String>,
}

impl Prism {
    /// Starts `prism mock --errors` on a free port of 127.0.0.1 and returns
    /// once it prints that it is listening.
    pub fn start(mode: Mode) -> Prism {
        let bin = ensure_prism_installed();
        let port = free_port();
        let spec = spec_path();
        let mut args: Vec<String> = vec![
            bin.display().to_string(),
            "mock".into(),
            "--host".into(),
            "127.0.0.1".into(),
            "--port".into(),
            port.to_string(),
            "--errors".into(),
        ];
        if let Mode::Dynamic { seed } = mode {
            args.extend(["--dynamic".into(), "--seed".into(), seed.to_string()]);
        }
        args.push(spec.display().to_string());
        let command_line = format!("node {}", args.join(" "));

        let mut child = Command::new("node")
            .args(&args)
            .current_dir(prism_dir())
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start `{command_line}` ({error}): {INSTALL_HINT}"));

        let log = Arc::new(Mutex::new(Vec::new()));
        let (sender, lines) = mpsc::channel();
        forward_lines(child.stdout.take().expect("piped stdout"), sender.clone(), log.clone());
        forward_lines(child.stderr.take().expect("piped stderr"), sender, log.clone());

        let mut prism =
            Prism { child, base_url: format!("http://127.0.0.1:{port}"), command_line, log, lines };
        prism.wait_for_line(|line| line.contains(READY_LINE), "to start listening");
        prism
    }

    /// Reads Prism's output until a line matches, panicking with everything
    /// it printed when it exits or takes longer than [`PRISM_TIMEOUT`].
    fn wait_for_line(&mut self, matches: impl Fn(&str) -> bool, what: &str) {
        let deadline = Instant::now() + PRISM_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if matches(&line) => return,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "`{}` did not get {what} within {PRISM_TIMEOUT:?}; it printed:\n{}",
                        self.command_line,
                        self.log_text()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().map(|status| status.to_string()).unwrap_or_default();
                    panic!(
                        "`{}` exited ({status}) before {what}; it printed:\n{}",
                        self.command_line,
                        self.log_text()
                    )
                }
            }
        }
    }

    fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// Sends one request that no operation of the spec matches and reads
    /// Prism's output until it logs it. Prism logs requests in the order it
    /// receives them, so every earlier request is in the log afterwards, and
    /// [`Prism::request_logs`] can be read.
    pub async fn sync_log(&mut self, api_key: &str) {
        const MARKER: &str = "/end-of-contract-run";
        let client = tiledb_array_api::Client::builder(format!("{}{MARKER}", self.base_url))
            .retry_policy(tiledb_array_api::RetryPolicy::never())
            .api_key(api_key)
            .build()
            .expect("a client for the end marker");
        match client.get_last_accessed_arrays().await {
            Err(error) if error.status().is_some_and(|status| status.as_u16() == 404) => {}
            other => panic!("the end-marker request {MARKER} should get a 404 from Prism, got {other:?}"),
        }
        let marker_line = format!("{MARKER}/arrays/last_accessed");
        self.wait_for_line(
            |line| line.contains(&marker_line) && line.contains(REQUEST_RECEIVED),
            "to log the end-marker request",
        );
    }

    /// Prism's log, cut into one block per request received (the marker of
    /// [`Prism::sync_log`] is the last).
    pub fn request_logs(&self) -> Vec<RequestLog> {
        let mut blocks: Vec<RequestLog> = Vec::new();
        for line in self.log.lock().unwrap().iter() {
            if let Some(request) = received_request(line) {
                blocks.push(RequestLog { request, lines: Vec::new() });
            } else if let Some(block) = blocks.last_mut() {
                block.lines.push(line.clone());
            }
        }
        blocks
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `get /arrays/x/y` from `[5:18:06 PM] › [HTTP SERVER] get /arrays/x/y ℹ  info      Request received`.
fn received_request(line: &str) -> Option<String> {
    if !line.contains(REQUEST_RECEIVED) {
        return None;
    }
    let after = line.split("[HTTP SERVER] ").nth(1)?;
    let mut words = after.split_whitespace();
    Some(format!("{} {}", words.next()?.to_uppercase(), words.next()?))
}

/// What Prism logged about one request.
#[derive(Debug)]
pub struct RequestLog {
    /// Method and raw path as Prism received them (Prism leaves the query out).
    pub request: String,
    /// The log lines that followed, up to the next request.
    pub lines: Vec<String>,
}

impl RequestLog {
    /// The validator's complaints about the request (`✖ error`, `⚠ warning`),
    /// without the summary "did not pass" line.
    pub fn violations(&self) -> Vec<String> {
        let mut violations: Vec<String> = self
            .lines
            .iter()
            .filter(|line| line.contains("[VALIDATOR]"))
            .filter(|line| line.contains(" error ") || line.contains(" warning "))
            .filter(|line| !line.contains("did not pass the validation rules"))
            .map(|line| line.split("[VALIDATOR]").nth(1).unwrap_or(line).trim().to_owned())
            .collect();
        violations.dedup();
        violations
    }
}

/// Reads `stream` line by line on a thread of its own, keeping every line in
/// `log` and passing it on to `sender`. Reading to the end also keeps Prism
/// from blocking on a full pipe.
fn forward_lines(stream: impl Read + Send + 'static, sender: Sender<String>, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            log.lock().unwrap().push(line.clone());
            // The receiver is gone once the test has what it waited for.
            let _ = sender.send(line);
        }
    });
}

/// A port of 127.0.0.1 that nothing listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1:0");
    listener.local_addr().expect("the bound address").port()
}

/// The outcome of every call made against one Prism, in the order made.
pub struct Report {
    mode: Mode,
    calls: Vec<Call>,
}

/// One call of an operation.
struct Call {
    name: String,
    call: Attempt,
}

struct Attempt {
    /// Why it failed, if it did.
    problem: Option<String>,
    /// Whether the problem already lists the violations Prism sent.
    violations_shown: bool,
}

impl Report {
    pub fn new(mode: Mode) -> Report {
        Report { mode, calls: Vec::new() }
    }

    /// Records a call: an error, violations reported on a 2xx, or a decoded
    /// value that `check` rejects, is a failure.
    pub fn record<T>(
        &mut self,
        name: impl Into<String>,
        result: Result<ApiResponse<T>, Error>,
        check: impl Fn(&T) -> Result<(), String>,
    ) {
        self.calls.push(Call { name: name.into(), call: Attempt::new(result, &check) });
    }

    /// Matches Prism's log (after [`Prism::sync_log`]) with the requests
    /// made, and panics listing every call that failed: rejected or
    /// undecodable responses, and requests Prism complained about in its log
    /// even though it answered 2xx.
    pub fn finish(mut self, prism: &Prism) {
        let logs = prism.request_logs();
        let made = self.calls.len();
        // The last block is the end marker's.
        if logs.len() != made + 1 {
            let received: Vec<&str> = logs.iter().map(|log| log.request.as_str()).collect();
            panic!(
                "Prism ({}) logged {} requests, expected {made} plus the end marker: {received:#?}",
                self.mode,
                logs.len()
            );
        }
        let mut logs = logs.iter();
        for call in &mut self.calls {
            call.call.add_log(logs.next().expect("counted above"));
        }

        // A call is named after its `Client` method, maybe followed by ` (variant)`.
        let called: BTreeSet<&str> =
            self.calls.iter().map(|call| call.name.split(" (").next().unwrap_or_default()).collect();
        let not_called: Vec<String> =
            spec_operations().into_iter().filter(|operation| !called.contains(operation.as_str())).collect();

        let failures: Vec<&Call> = self.calls.iter().filter(|call| call.call.problem.is_some()).collect();
        if failures.is_empty() && not_called.is_empty() {
            return;
        }
        let mut message = format!(
            "{} of {} calls failed against Prism ({}), started as\n  {}\n",
            failures.len(),
            self.calls.len(),
            self.mode,
            prism.command_line
        );
        if !not_called.is_empty() {
            let _ =
                writeln!(message, "operations of the spec that no call covers: {}", not_called.join(", "));
        }
        let names: Vec<&str> = failures.iter().map(|call| call.name.as_str()).collect();
        let _ = writeln!(message, "failing: {}", names.join(", "));
        for call in failures {
            let _ =
                write!(message, "\n* {}: {}\n", call.name, call.call.problem.as_deref().unwrap_or_default());
        }
        panic!("{message}");
    }
}

impl Attempt {
    fn new<T>(result: Result<ApiResponse<T>, Error>, check: impl Fn(&T) -> Result<(), String>) -> Attempt {
        match result {
            Ok(response) => {
                if let Some(header) = response.headers().get("sl-violations") {
                    let mut problem =
                        format!("Prism answered {} but reported violations:", response.status());
                    for violation in parse_violations(&String::from_utf8_lossy(header.as_bytes())) {
                        let _ = write!(problem, "\n    {violation}");
                    }
                    return Attempt { problem: Some(problem), violations_shown: true };
                }
                let problem = check(response.body()).err().map(|why| format!("decoded, but {why}"));
                Attempt { problem, violations_shown: false }
            }
            Err(error) => {
                let violations_shown =
                    matches!(&error, Error::Api(api) if api.headers().contains_key("sl-violations"));
                Attempt { problem: Some(describe_error(&error)), violations_shown }
            }
        }
    }

    /// Adds what Prism logged about the request: where it went, and any
    /// violation not already shown (which fails an attempt that succeeded).
    fn add_log(&mut self, log: &RequestLog) {
        let violations = if self.violations_shown { Vec::new() } else { log.violations() };
        match &mut self.problem {
            Some(problem) => {
                let _ = write!(problem, "\n    request as Prism received it: {}", log.request);
                for violation in &violations {
                    let _ = write!(problem, "\n    Prism logged: {violation}");
                }
            }
            None if !violations.is_empty() => {
                let mut problem = format!("Prism answered 2xx but logged violations for {}:", log.request);
                for violation in &violations {
                    let _ = write!(problem, "\n    {violation}");
                }
                self.problem = Some(problem);
            }
            None => {}
        }
    }
}

/// The `Client` method of each `operationId` in the spec: `getArrayMetaDataJson`
/// is `get_array_meta_data_json`.
fn spec_operations() -> Vec<String> {
    let spec = std::fs::read_to_string(spec_path()).expect("the spec");
    spec.lines()
        .filter_map(|line| line.trim().strip_prefix("operationId:"))
        .map(|id| {
            id.trim().chars().fold(String::new(), |mut name, c| {
                if c.is_ascii_uppercase() {
                    name.push('_');
                }
                name.push(c.to_ascii_lowercase());
                name
            })
        })
        .collect()
}

/// A failed call, with the evidence: status, Prism's `sl-violations`, the body.
fn describe_error(error: &Error) -> String {
    match error {
        Error::Api(api) => {
            let mut text = format!("Prism answered {}", api.status());
            match api.headers().get("sl-violations") {
                Some(header) => {
                    let violations = parse_violations(&String::from_utf8_lossy(header.as_bytes()));
                    if violations.iter().any(|violation| violation.contains("] request")) {
                        text.push_str(", rejecting the request; sl-violations:");
                    } else {
                        text.push_str(
                            " because the response it made up breaks the spec (with --errors Prism checks \
                             its own responses too); sl-violations:",
                        );
                    }
                    for violation in violations {
                        let _ = write!(text, "\n    {violation}");
                    }
                }
                None => text.push_str(" (no sl-violations header)"),
            }
            let _ = write!(text, "\n    body: {}", String::from_utf8_lossy(api.raw_body()));
            text
        }
        Error::Decode(decode) => {
            let body = String::from_utf8_lossy(decode.raw_body());
            format!(
                "the client cannot decode Prism's response: {error}\n    near: {}\n    whole body: {} bytes",
                excerpt_at_error(&body, &error.to_string()),
                body.len()
            )
        }
        other => format!("{other}"),
    }
}

/// `sl-violations` is a JSON array of `{location, severity, code, message}`;
/// each becomes `[severity] location (code): message`.
fn parse_violations(header: &str) -> Vec<String> {
    let Ok(serde_json::Value::Array(violations)) = serde_json::from_str(header) else {
        return vec![header.to_owned()];
    };
    violations
        .iter()
        .map(|violation| {
            let location: Vec<&str> = violation["location"]
                .as_array()
                .map(|parts| parts.iter().filter_map(|part| part.as_str()).collect())
                .unwrap_or_default();
            format!(
                "[{}] {} ({}): {}",
                violation["severity"].as_str().unwrap_or("?"),
                location.join("."),
                violation["code"].as_str().unwrap_or("?"),
                violation["message"].as_str().unwrap_or("?"),
            )
        })
        .collect()
}

/// The part of a one-line JSON body around the column a serde_json error
/// names (`... at line 1 column 123`), or its start.
fn excerpt_at_error(body: &str, message: &str) -> String {
    let column = message
        .rsplit_once(" column ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<usize>().ok())
        .unwrap_or(0);
    let chars: Vec<char> = body.chars().collect();
    let end = column.min(chars.len());
    let start = end.saturating_sub(160);
    let after = (end + 40).min(chars.len());
    format!(
        "{}{}<<HERE>>{}{}",
        if start > 0 { "…" } else { "" },
        chars[start..end].iter().collect::<String>(),
        chars[end..after].iter().collect::<String>(),
        if after < chars.len() { "…" } else { "" }
    )
}
