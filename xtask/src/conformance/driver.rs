//! The driver: a program, written from the IR beside the generated crate as
//! one of its examples, that calls any operation through the crate's
//! `Client` method with arguments given as JSON. Each argument is decoded
//! into the type the method takes, with serde, so a sweep builds the values
//! a user of the crate would. It costs the crate nothing: the crate's users
//! never see it, and the harness compiles it in the build that compiles the
//! crate.
//!
//! `conformance-<package> BASE_URL < calls.json` makes the calls a few at a
//! time and prints a line of JSON for each (see [`super::outcome`]).

use std::fmt::Write as _;

use generator::ir::{self, TypeRef};

/// The example's name (and file stem): unique in a workspace, since cargo
/// puts every example of a target dir in one folder.
pub fn example_name(package: &str) -> String {
    format!("conformance-{package}")
}

/// The program, for the crate of `api`.
pub fn program(api: &ir::Api) -> String {
    let krate = &api.crate_ident;
    let mut text = HEAD.replace("CRATE", krate);
    // The helpers for the bytes the crate's operations take, and only those:
    // the example is linted with warnings denied.
    let bytes = |required: bool| {
        api.operations.iter().any(|operation| {
            let params = operation.params.iter().map(|param| (param.required, &param.ty));
            let body = operation.body.iter().map(|body| (body.required, &body.ty));
            params.chain(body).any(|(is_required, ty)| is_required == required && is_bytes(ty))
        })
    };
    if bytes(true) || bytes(false) {
        text.push_str("\n/// Bytes, given as a string.\nimpl Args {\n");
        if bytes(true) {
            text.push_str(REQUIRED_BYTES);
        }
        if bytes(false) {
            text.push_str(OPTIONAL_BYTES);
        }
        text.push_str("}\n");
    }
    text.push_str(&clients(api));
    text.push_str(&format!(
        "\n/// One function per operation: the `Client` method with its required\n\
         /// arguments, the setters of the optional ones given, and the call.\n\
         mod calls {{\n    use super::Args;\n    use {krate}::Client;\n    use serde_json::Value;\n\n"
    ));
    text.push_str("    /// Calls `method` with `args`.\n");
    text.push_str(
        "    pub async fn call(client: &Client, method: &str, mut args: Args) -> Result<Value, String> {\n        match method {\n",
    );
    for operation in &api.operations {
        let name = &operation.method_name;
        let _ = writeln!(text, "            {name:?} => {name}(client, &mut args).await,");
    }
    text.push_str(
        "            other => Err(format!(\"the crate has no method `{other}`\")),\n        }\n    }\n",
    );
    for operation in &api.operations {
        text.push_str(&function(operation, krate));
    }
    text.push_str("}\n");
    text
}

/// The function that calls one operation.
fn function(operation: &ir::Operation, krate: &str) -> String {
    let required = operation
        .params
        .iter()
        .filter(|param| param.required)
        .map(|param| (&param.rust_name, &param.ty))
        .chain(operation.body.iter().filter(|body| body.required).map(|body| (&body.rust_name, &body.ty)));
    let optional = operation
        .params
        .iter()
        .filter(|param| !param.required)
        .map(|param| (&param.rust_name, &param.ty))
        .chain(operation.body.iter().filter(|body| !body.required).map(|body| (&body.rust_name, &body.ty)));
    let arguments: Vec<String> = required.map(|(name, ty)| take(name, ty, krate, true)).collect();
    let name = &operation.method_name;
    let mut text =
        format!("\n    async fn {name}(client: &Client, args: &mut Args) -> Result<Value, String> {{\n");
    let _ = writeln!(text, "        let request = client.{name}({});", arguments.join(", "));
    for (setter, ty) in optional {
        let _ = writeln!(
            text,
            "        let request = match {} {{\n            Some(value) => request.{setter}(value),\n            None => request,\n        }};",
            take(setter, ty, krate, false)
        );
    }
    text.push_str("        args.send(request).await\n    }\n");
    text
}

/// Whether the method takes the argument as bytes: a binary body, or a file
/// part (the method takes anything that converts into a `FilePart`, bytes
/// among them).
fn is_bytes(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Bytes | TypeRef::File)
}

/// The expression that takes one argument, as the type the method takes.
fn take(name: &str, ty: &TypeRef, krate: &str, required: bool) -> String {
    match (ty, required) {
        (ty, true) if is_bytes(ty) => format!("args.bytes({name:?})?"),
        (ty, false) if is_bytes(ty) => format!("args.optional_bytes({name:?})?"),
        (ty, true) => format!("args.required::<{}>({name:?})?", generator::type_path(ty, krate)),
        (ty, false) => format!("args.optional::<{}>({name:?})?", generator::type_path(ty, krate)),
    }
}

/// `Clients`: one client per credential the operations need in
/// `Authorization`, each with every API key the crate takes.
fn clients(api: &ir::Api) -> String {
    // A connection per call: Node (Prism) closes a connection idle for 5 s,
    // and a call that reuses one as it closes fails with no response, which
    // says nothing about the spec (and is not retried: no call is).
    let mut builder = String::from(
        "Client::builder(base_url).retry_policy(RetryPolicy::never()).timeout(TIMEOUT)\
         .http_client_builder(reqwest::Client::builder().pool_max_idle_per_host(0))",
    );
    for key in &api.auth.api_keys {
        let _ = write!(builder, ".{}(\"conformance-key\")", key.setter);
    }
    let mut kinds = vec![("plain", String::new())];
    if api.auth.basic {
        kinds.push(("basic", ".basic_auth(\"conformance\", \"secret\")".to_owned()));
    }
    if api.auth.bearer {
        kinds.push(("bearer", ".bearer_token(\"conformance-token\")".to_owned()));
    }
    let mut text = String::from(
        "\n/// A client for each credential the operations ask for in `Authorization`.\nstruct Clients {\n",
    );
    for (kind, _) in &kinds {
        let _ = writeln!(text, "    {kind}: Client,");
    }
    text.push_str("}\n\nimpl Clients {\n    fn new(base_url: &str) -> Clients {\n");
    let _ = writeln!(text, "        let builder = || {builder};");
    text.push_str("        Clients {\n");
    for (kind, credential) in &kinds {
        let _ = writeln!(text, "            {kind}: builder(){credential}.build().expect(\"a client\"),");
    }
    text.push_str("        }\n    }\n\n");
    if kinds.len() == 1 {
        text.push_str(
            "    fn pick(&self, _authorization: Option<&str>) -> &Client {\n        &self.plain\n    }\n}\n",
        );
        return text;
    }
    text.push_str(
        "    fn pick(&self, authorization: Option<&str>) -> &Client {\n        match authorization {\n",
    );
    for (kind, _) in kinds.iter().skip(1) {
        let _ = writeln!(text, "            Some({kind:?}) => &self.{kind},");
    }
    text.push_str("            _ => &self.plain,\n        }\n    }\n}\n");
    text
}

/// A required argument that is bytes.
const REQUIRED_BYTES: &str = "    fn bytes(&mut self, name: &str) -> Result<Vec<u8>, String> {
        self.required::<String>(name).map(String::into_bytes)
    }
";

/// An optional argument that is bytes.
const OPTIONAL_BYTES: &str =
    "    fn optional_bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        Ok(self.optional::<String>(name)?.map(String::into_bytes))
    }
";

/// Everything but the clients and the operations.
const HEAD: &str = r#"//! Calls the operations of `CRATE` through its `Client`, with arguments
//! given as JSON and decoded into the crate's own types: the driver of
//! `cargo xtask conformance`, which writes it (`xtask/src/conformance/driver.rs`).
//!
//! `conformance BASE_URL [IN_FLIGHT] < calls.json` makes the calls a few (or
//! `IN_FLIGHT`) at a time and prints a line of JSON for each.

// Deprecated operations are called like the others.
#![allow(deprecated)]

use std::collections::VecDeque;
use std::io::Read as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use CRATE::custom::Operation;
use CRATE::reqwest;
use CRATE::reqwest::header::HeaderMap;
use CRATE::requests::Request;
use CRATE::{ApiResponse, Client, Error, RetryPolicy};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// Calls in flight at once, unless told otherwise.
const IN_FLIGHT: usize = 8;

/// How long one call may take: far longer than a mock server needs, so that
/// only a server that stopped answering ends a call.
const TIMEOUT: Duration = Duration::from_secs(300);

/// One call, as `cargo xtask conformance` writes it.
#[derive(serde::Deserialize)]
struct Call {
    id: usize,
    method: String,
    authorization: Option<String>,
    /// A `Prefer` header for Prism (`dynamic=true`).
    prefer: Option<String>,
    args: Map<String, Value>,
}

/// The stack of each worker thread: an operation with hundreds of optional
/// parameters (Twilio's `create_siprec` has 200) builds its request through
/// hundreds of setters, each a copy of the request in an unoptimized build.
const STACK_BYTES: usize = 256 << 20;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(STACK_BYTES)
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let base_url = std::env::args().nth(1).expect("usage: conformance BASE_URL [IN_FLIGHT] < calls.json");
    let in_flight = std::env::args().nth(2).map_or(IN_FLIGHT, |count| count.parse().expect("IN_FLIGHT, a number"));
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("the calls on stdin");
    let calls: VecDeque<Call> = serde_json::from_str(&input).expect("the calls, as JSON");
    let clients = Arc::new(Clients::new(&base_url));
    let queue = Arc::new(Mutex::new(calls));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..in_flight {
        let (clients, queue) = (clients.clone(), queue.clone());
        workers.spawn(async move {
            loop {
                let next = queue.lock().expect("the queue").pop_front();
                let Some(call) = next else { break };
                let client = clients.pick(call.authorization.as_deref());
                let args = Args { values: call.args, prefer: call.prefer };
                let outcome = calls::call(client, &call.method, args)
                    .await
                    .unwrap_or_else(|problem| json!({ "problem": problem }));
                println!("{}", json!({ "id": call.id, "outcome": outcome }));
            }
        });
    }
    while let Some(finished) = workers.join_next().await {
        finished.expect("a worker");
    }
}

/// The arguments of one call, by the names the method and setters give them,
/// and the `Prefer` header to send.
struct Args {
    values: Map<String, Value>,
    prefer: Option<String>,
}

impl Args {
    /// A required argument, decoded into the type the method takes.
    fn required<T: DeserializeOwned>(&mut self, name: &str) -> Result<T, String> {
        self.optional(name)?.ok_or_else(|| format!("no argument `{name}`"))
    }

    /// An optional argument, decoded into the type its setter takes.
    fn optional<T: DeserializeOwned>(&mut self, name: &str) -> Result<Option<T>, String> {
        let Some(value) = self.values.remove(name) else { return Ok(None) };
        let text = value.to_string();
        serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&text))
            .map(Some)
            .map_err(|error| format!("the argument `{name}`, {text}, does not decode into the crate's type: {error}"))
    }

    /// Sends `request`, once every argument has been taken (one left over is
    /// a name the method does not take).
    async fn send<Op: Operation>(&mut self, request: Request<Op>) -> Result<Value, String> {
        if let Some(name) = self.values.keys().next() {
            return Err(format!("the method takes no argument `{name}`"));
        }
        let request = match self.prefer.take() {
            Some(prefer) => request.header("Prefer", prefer),
            None => request,
        };
        Ok(outcome(request.send_with_response().await))
    }
}

/// What became of a call: the status, what Prism says is wrong
/// (`sl-violations`), and the error, with the start of the body.
fn outcome<T>(result: Result<ApiResponse<T>, Error>) -> Value {
    match result {
        Ok(response) => json!({
            "status": response.status().as_u16(),
            "violations": violations(response.headers()),
        }),
        Err(error) => {
            let headers = match &error {
                Error::Api(api) => Some(api.headers()),
                Error::Decode(decode) => Some(decode.headers()),
                _ => None,
            };
            let body = error.raw_body().map(|body| String::from_utf8_lossy(&body[..body.len().min(4000)]).into_owned());
            let kind = match &error {
                Error::Api(_) => "api",
                Error::Decode(_) => "decode",
                _ => "other",
            };
            json!({
                "kind": kind,
                "status": error.status().map(|status| status.as_u16()),
                "violations": headers.map(violations),
                "error": error.to_string(),
                "body": body,
            })
        }
    }
}

/// Prism's `sl-violations` header, a JSON list.
fn violations(headers: &HeaderMap) -> Value {
    let Some(header) = headers.get("sl-violations") else { return Value::Null };
    serde_json::from_slice(header.as_bytes())
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(header.as_bytes()).into_owned()))
}
"#;
