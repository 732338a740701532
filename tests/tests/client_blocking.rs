//! Loopback tests of blocking calls (`call`, feature `blocking`): every
//! operation from plain threads, use from inside tokio runtimes, retries,
//! `call_with_response` and timeouts.
//!
//! The wiremock server runs on a runtime the test owns (wiremock serves from
//! its own thread); the calling thread has no runtime unless a test says so.

mod common;

use std::time::Duration;

use common::{
    assert_json_body, assert_no_body, assert_target, base_url, fast_retries, header, json_response,
    no_content, status, API_KEY, API_KEY_HEADER,
};
use serde_json::json;
use tiledb_array_api::Client;
use tiledb_array_api::{models, Error, RetryPolicy, StatusCode};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A wiremock server on a runtime of its own, driven from a plain thread.
struct Harness {
    server: MockServer,
    runtime: tokio::runtime::Runtime,
}

impl Harness {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("a runtime for the mock server");
        let server = runtime.block_on(MockServer::start());
        Harness { server, runtime }
    }

    /// Answers every request from now on with `response`, and forgets the
    /// requests received so far.
    fn answer(&self, response: ResponseTemplate) {
        self.runtime.block_on(async {
            self.server.reset().await;
            Mock::given(any()).respond_with(response).mount(&self.server).await;
        });
    }

    /// Answers requests with `responses` in turn (the last one repeats).
    fn answer_in_turn(&self, responses: Vec<ResponseTemplate>) {
        self.runtime.block_on(async {
            self.server.reset().await;
            let script = ScriptedResponses { responses, served: Default::default() };
            Mock::given(any()).respond_with(script).mount(&self.server).await;
        });
    }

    fn received_all(&self) -> Vec<Request> {
        self.runtime.block_on(common::all_received(&self.server))
    }

    /// The one request received since the last `answer`.
    fn received(&self) -> Request {
        self.runtime.block_on(common::received(&self.server))
    }

    fn client(&self) -> Client {
        Client::builder(base_url(&self.server)).api_key(API_KEY).build().expect("a blocking client")
    }
}

struct ScriptedResponses {
    responses: Vec<ResponseTemplate>,
    served: std::sync::atomic::AtomicUsize,
}

impl wiremock::Respond for ScriptedResponses {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let index = self.served.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.responses[index.min(self.responses.len() - 1)].clone()
    }
}

fn assert_no_runtime_on_this_thread() {
    assert!(tokio::runtime::Handle::try_current().is_err(), "this test must run outside any runtime");
}

fn schema_json() -> serde_json::Value {
    json!({
        "version": [1, 3, 0],
        "arrayType": "sparse",
        "tileOrder": "row-major",
        "cellOrder": "col-major",
        "capacity": 10000,
        "coordsFilterPipeline": {"filters": [{"type": "FILTER_ZSTD", "data": {"int32": 3}}]},
        "offsetFilterPipeline": {},
        "domain": {
            "type": "INT32",
            "tileOrder": "row-major",
            "cellOrder": "row-major",
            "dimensions": [{"name": "rows", "type": "INT32", "domain": {"int32": [1, 10]}, "nullTileExtent": true}]
        },
        "attributes": [{"name": "a", "type": "FLOAT64", "filterPipeline": {}, "cellValNum": 1}]
    })
}

/// [`schema_json`] as a value, written out independently of the decoder.
fn schema() -> models::ArraySchema {
    use models::{
        ArraySchema, ArrayType, Attribute, Datatype, Dimension, Domain, DomainArray, Filter, FilterData,
        FilterPipeline, FilterType, Layout,
    };
    let zstd = Filter::new(FilterType::FilterZstd).data(FilterData::new().int32(3));
    let rows = Dimension::new(Datatype::Int32, DomainArray::new().int32([1, 10]), true).name("rows");
    let domain = Domain::new(Datatype::Int32, Layout::RowMajor, Layout::RowMajor, [rows]);
    let attribute = Attribute::new("a", Datatype::Float64, FilterPipeline::new(), 1);
    ArraySchema::new(
        [1, 3, 0],
        ArrayType::Sparse,
        Layout::RowMajor,
        Layout::ColMajor,
        10_000,
        FilterPipeline::new().filters([zstd]),
        FilterPipeline::new(),
        domain,
        [attribute],
    )
}

fn update() -> models::ArrayInfoUpdate {
    models::ArrayInfoUpdate::new().description("Daily weather")
}

fn sharing() -> models::ArraySharing {
    models::ArraySharing::new("bob", [models::ArrayActions::Read])
}

// ---------------------------------------------------------------------------
// Every operation from a plain thread
// ---------------------------------------------------------------------------

#[test]
fn every_read_operation_works_from_a_plain_thread() {
    assert_no_runtime_on_this_thread();
    let harness = Harness::start();
    let client = harness.client();
    // The operations whose server reads the representation from
    // `Content-Type` send the media type they ask for there, without a body.
    let check = |method: &str, path: &str, query: Option<&str>, content_type: Option<&str>| {
        let request = harness.received();
        assert_target(&request, method, path, query);
        assert_eq!(header(&request, API_KEY_HEADER), Some(API_KEY));
        assert_eq!(header(&request, "Accept"), Some("application/json"));
        assert_eq!(header(&request, "Content-Type"), content_type, "{method} {path}");
        assert!(request.body.is_empty(), "{method} {path} sent a body");
    };

    harness.answer(json_response(json!([{"name": "weather", "namespace": "alice"}])));
    let arrays = client.get_all_array_metadata().public_share("exclude").call().unwrap();
    check("GET", "/v1/arrays", Some("public_share=exclude"), None);
    assert_eq!(arrays.len(), 1);
    assert_eq!(arrays[0].name.as_deref(), Some("weather"));

    harness.answer(json_response(json!([{"namespace": "alice", "public_share": true}])));
    let arrays = client.get_arrays_in_namespace("alice").with_metadata(true).call().unwrap();
    check("GET", "/v1/arrays/alice", Some("with_metadata=true"), None);
    assert_eq!(arrays[0].public_share, Some(true));

    harness.answer(json_response(schema_json()));
    let decoded = client.get_array("alice", "s3://bucket/weather").call().unwrap();
    check("GET", "/v1/arrays/alice/s3%3A%2F%2Fbucket%2Fweather", None, Some("application/json"));
    assert_eq!(decoded, schema());

    harness.answer(json_response(json!([{"action": "create", "username": "alice"}])));
    let log = client.array_activity_log("alice", "weather").start(1_700_000_000).call().unwrap();
    check("GET", "/v1/arrays/alice/weather/activity", Some("start=1700000000"), None);
    assert_eq!(log[0].action, Some(models::ActivityEventType::Create));
    assert_eq!(log[0].username.as_deref(), Some("alice"));

    harness.answer(json_response(json!({"name": "weather", "size": 1024})));
    let info = client.get_array_metadata("alice", "weather").call().unwrap();
    check("GET", "/v1/arrays/alice/weather/metadata", None, None);
    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(info.size, Some(1024));

    harness.answer(json_response(json!([{"namespace": "bob", "actions": ["read", "write"]}])));
    let policies = client.get_array_sharing_policies("alice", "weather").call().unwrap();
    check("GET", "/v1/arrays/alice/weather/share", None, None);
    assert_eq!(policies[0].namespace.as_deref(), Some("bob"));
    assert_eq!(policies[0].actions, Some(vec![models::ArrayActions::Read, models::ArrayActions::Write]));

    harness.answer(json_response(json!({"nonEmptyDomain": {"int32": [1, 5]}, "isEmpty": false})));
    let domain = client.get_array_non_empty_domain("alice", "weather").x_payer("acme").call().unwrap();
    check("GET", "/v1/arrays/alice/weather/non_empty_domain", None, Some("application/json"));
    assert!(!domain.is_empty);
    assert_eq!(domain.non_empty_domain.int32, Some(vec![1, 5]));

    harness.answer(json_response(json!({
        "maxBufferSizes": [{"attribute": "a", "offsetBytes": 0, "dataBytes": 80}]
    })));
    let sizes = client.get_array_max_buffer_sizes("alice", "weather", "1,10").call().unwrap();
    check(
        "GET",
        "/v1/arrays/alice/weather/max_buffer_sizes",
        Some("subarray=1%2C10"),
        Some("application/json"),
    );
    assert_eq!(sizes.max_buffer_sizes, Some(vec![models::AttributeBufferSize::new("a", 0, 80)]));

    harness.answer(json_response(json!({"data": {"a": [1.5, 2.5]}})));
    let sample = client.get_array_sample_data("alice", "weather").samples(2.0).call().unwrap();
    check("GET", "/v1/arrays/alice/weather/sample", Some("samples=2"), None);
    assert_eq!(sample.data.expect("data")["a"], json!([1.5, 2.5]));

    harness.answer(json_response(json!({"units": "celsius", "version": 3})));
    let metadata = client.get_array_meta_data_json("alice", "weather").length(2).call().unwrap();
    check("GET", "/v1/arrays/alice/weather/metadata_json", Some("length=2"), None);
    assert_eq!(metadata["units"], json!("celsius"));
    assert_eq!(metadata["version"], json!(3));

    harness.answer(json_response(json!([{"array_name": "weather", "accessed_time": 1540471791873u64}])));
    let recent = client.get_last_accessed_arrays().call().unwrap();
    check("GET", "/v1/arrays/last_accessed", None, None);
    assert_eq!(recent[0].array_name.as_deref(), Some("weather"));
    assert_eq!(recent[0].accessed_time, Some(1_540_471_791_873));
}

#[test]
fn every_write_operation_works_from_a_plain_thread() {
    assert_no_runtime_on_this_thread();
    let harness = Harness::start();
    let client = harness.client();
    let check = |method: &str, path: &str| {
        let request = harness.received();
        assert_target(&request, method, path, None);
        assert_eq!(header(&request, API_KEY_HEADER), Some(API_KEY));
        request
    };
    harness.answer(no_content());

    let () = client
        .create_array("alice", "weather", schema())
        .x_tiledb_cloud_access_credentials_name("role")
        .call()
        .unwrap();
    let request = check("POST", "/v1/arrays/alice/weather");
    assert_json_body(&request, schema_json());
    assert_eq!(header(&request, "X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME"), Some("role"));

    harness.answer(no_content());
    let () = client.delete_array("alice", "weather").call().unwrap();
    let request = check("DELETE", "/v1/arrays/alice/weather");
    assert!(request.body.is_empty());
    assert_eq!(header(&request, "Content-Type"), Some("application/json"), "the negotiated media type");

    harness.answer(no_content());
    let () = client.deregister_array("alice", "weather").call().unwrap();
    assert_no_body(&check("DELETE", "/v1/arrays/alice/weather/deregister"));

    harness.answer(no_content());
    let () = client.update_array_metadata("alice", "weather", update()).call().unwrap();
    assert_json_body(
        &check("PATCH", "/v1/arrays/alice/weather/metadata"),
        json!({"description": "Daily weather"}),
    );

    harness.answer(no_content());
    let () = client.register_array("alice", "weather", update()).call().unwrap();
    assert_json_body(
        &check("POST", "/v1/arrays/alice/weather/register"),
        json!({"description": "Daily weather"}),
    );

    harness.answer(no_content());
    let () = client.share_array("alice", "weather", sharing()).call().unwrap();
    assert_json_body(
        &check("PATCH", "/v1/arrays/alice/weather/share"),
        json!({"namespace": "bob", "actions": ["read"]}),
    );
}

#[test]
fn capnp_request_returns_the_exact_bytes_from_a_plain_thread() {
    let harness = Harness::start();
    let bytes = [0x00, 0x01, 0xfe, 0xff, 0x80];
    harness.answer(ResponseTemplate::new(200).set_body_raw(bytes.to_vec(), "application/capnp"));

    let body = harness.client().get_array("alice", "weather").accept_capnp().call().unwrap();

    assert_eq!(&body[..], &bytes[..]);
    let request = harness.received();
    assert_target(&request, "GET", "/v1/arrays/alice/weather", None);
    assert_eq!(header(&request, "Accept"), Some("application/capnp"));
    assert_eq!(header(&request, "Content-Type"), Some("application/capnp"));
}

#[test]
fn errors_are_the_same_as_the_async_clients() {
    let harness = Harness::start();
    harness.answer(
        ResponseTemplate::new(404)
            .set_body_json(json!({"code": 404, "message": "array not found", "request_id": "r-1"})),
    );

    let error = harness.client().get_array_metadata("alice", "weather").call().unwrap_err();

    let Error::Api(api) = &error else { panic!("expected Error::Api, got {error:?}") };
    assert_eq!(api.operation(), "get_array_metadata");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.api_error().and_then(|body| body.message.as_deref()), Some("array not found"));

    let error = harness.client().delete_array("alice", "..").call().unwrap_err();
    assert!(matches!(error, Error::InvalidRequest { operation: "delete_array", .. }), "{error:?}");
}

// ---------------------------------------------------------------------------
// Inside tokio runtimes
// ---------------------------------------------------------------------------

async fn metadata_server() -> MockServer {
    common::server_answering(json_response(json!({"name": "weather"}))).await
}

fn blocking_client(server: &MockServer) -> Client {
    Client::builder(base_url(server)).api_key(API_KEY).build().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn blocking_client_works_on_a_multi_thread_runtime_worker() {
    let server = metadata_server().await;
    let client = blocking_client(&server);

    let info = client.get_array_metadata("alice", "weather").call().unwrap();
    let second = client.get_array_metadata("alice", "weather").call().unwrap();
    drop(client);

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(second, info);
    assert_eq!(common::all_received(&server).await.len(), 2);
}

#[tokio::test]
async fn blocking_client_works_inside_a_current_thread_runtime() {
    let server = metadata_server().await;
    let client = blocking_client(&server);

    let info = client.get_array_metadata("alice", "weather").call().unwrap();
    drop(client);

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(common::all_received(&server).await.len(), 1);
}

#[test]
fn blocking_client_works_inside_an_explicit_block_on() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();

    let (info, received) = runtime.block_on(async {
        let server = metadata_server().await;
        let client = blocking_client(&server);
        let info = client.get_array_metadata("alice", "weather").call();
        drop(client);
        (info, common::all_received(&server).await.len())
    });

    assert_eq!(info.unwrap().name.as_deref(), Some("weather"));
    assert_eq!(received, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn blocking_client_works_from_spawn_blocking() {
    let server = metadata_server().await;
    let client = blocking_client(&server);

    let info = tokio::task::spawn_blocking(move || {
        let info = client.get_array_metadata("alice", "weather").call();
        drop(client);
        info
    })
    .await
    .expect("the blocking task does not panic")
    .unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    assert_eq!(common::all_received(&server).await.len(), 1);
}

#[tokio::test]
async fn blocking_client_built_outside_and_used_inside_a_runtime_works() {
    let server = metadata_server().await;
    let url = base_url(&server);
    let client =
        std::thread::spawn(move || Client::builder(url).api_key(API_KEY).build().unwrap()).join().unwrap();

    let info = client.get_array_metadata("alice", "weather").call().unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    // Dropped on a plain thread after its use inside the runtime.
    std::thread::spawn(move || drop(client)).join().expect("dropping does not panic");
}

/// A client whose runtime for blocking calls has started: one call, refused at once.
fn started_blocking_client(url: &str) -> Client {
    let client = Client::builder(url).build().unwrap();
    let error = client.get_last_accessed_arrays().retry_policy(RetryPolicy::never()).call().unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    client
}

#[tokio::test]
async fn dropping_a_started_blocking_client_in_async_code_does_not_panic() {
    let (_socket, address) = common::refusing_socket();
    let url = format!("http://{address}/v1");
    let client = std::thread::spawn(move || started_blocking_client(&url)).join().unwrap();
    let clone = client.clone();
    drop(client);
    drop(clone);
}

#[tokio::test(flavor = "multi_thread")]
async fn dropping_a_started_blocking_client_on_a_multi_thread_runtime_does_not_panic() {
    let (_socket, address) = common::refusing_socket();
    let url = format!("http://{address}/v1");
    let client = std::thread::spawn(move || started_blocking_client(&url)).join().unwrap();
    tokio::spawn(async { drop(client) }).await.expect("dropping inside a task does not panic");
}

#[test]
fn a_clone_keeps_working_after_the_original_is_dropped() {
    let harness = Harness::start();
    harness.answer(json_response(json!({"name": "weather"})));
    let client = harness.client();
    let clone = client.clone();
    drop(client);

    let info = clone.get_array_metadata("alice", "weather").call().unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
}

#[test]
fn blocking_clients_can_be_used_from_many_threads_at_once() {
    let harness = Harness::start();
    harness.answer(json_response(json!({"name": "weather"})));
    let client = harness.client();

    let threads: Vec<_> = (0..8)
        .map(|i| {
            let client = client.clone();
            std::thread::spawn(move || client.get_array_metadata("alice", format!("array-{i}")).call())
        })
        .collect();

    for thread in threads {
        assert_eq!(thread.join().unwrap().unwrap().name.as_deref(), Some("weather"));
    }
    let mut paths: Vec<_> =
        harness.received_all().iter().map(|request| request.url.path().to_owned()).collect();
    paths.sort();
    let expected: Vec<_> = (0..8).map(|i| format!("/v1/arrays/alice/array-{i}/metadata")).collect();
    assert_eq!(paths, expected);
}

// ---------------------------------------------------------------------------
// Retries, call_with_response, timeouts
// ---------------------------------------------------------------------------

#[test]
fn blocking_get_is_retried_after_a_503() {
    let harness = Harness::start();
    harness.answer_in_turn(vec![status(503), status(503), json_response(json!({"name": "weather"}))]);
    let client = Client::builder(base_url(&harness.server))
        .api_key(API_KEY)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    let info = client.get_array_metadata("alice", "weather").call().unwrap();

    assert_eq!(info.name.as_deref(), Some("weather"));
    let requests = harness.received_all();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|request| request.url == requests[0].url && request.headers == requests[0].headers));
}

#[test]
fn blocking_patch_is_retried_only_when_marked_safe() {
    let harness = Harness::start();
    let client = Client::builder(base_url(&harness.server))
        .api_key(API_KEY)
        .retry_policy(fast_retries())
        .build()
        .unwrap();

    harness.answer_in_turn(vec![status(503), no_content()]);
    let error = client.share_array("alice", "weather", sharing()).call().unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(harness.received_all().len(), 1);

    harness.answer_in_turn(vec![status(503), no_content()]);
    client.share_array("alice", "weather", sharing()).retry_non_idempotent().call().unwrap();
    let requests = harness.received_all();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].body, requests[0].body);
}

#[test]
fn blocking_never_policy_makes_one_attempt() {
    let harness = Harness::start();
    harness.answer_in_turn(vec![status(503), json_response(json!({}))]);

    let error = harness
        .client()
        .get_array_metadata("alice", "weather")
        .retry_policy(RetryPolicy::never())
        .call()
        .unwrap_err();

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(harness.received_all().len(), 1);
}

#[test]
fn blocking_call_with_response_gives_status_headers_and_body() {
    let harness = Harness::start();
    harness.answer(
        ResponseTemplate::new(200)
            .set_body_json(json!({"name": "weather"}))
            .insert_header("x-request-id", "req-7"),
    );
    let client = harness.client();

    let response = client.get_array_metadata("alice", "weather").call_with_response().unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "req-7");
    assert_eq!(response.body().name.as_deref(), Some("weather"));

    harness.answer(no_content().insert_header("x-request-id", "req-8"));
    let response = client.delete_array("alice", "weather").call_with_response().unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.headers().get("x-request-id").unwrap(), "req-8");
    let () = response.into_body();

    let bytes = b"\x00capnp\xff";
    harness.answer(ResponseTemplate::new(200).set_body_raw(bytes.to_vec(), "application/capnp"));
    let response = client.get_array("alice", "weather").accept_capnp().call_with_response().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(&response.body()[..], &bytes[..]);
}

#[test]
fn blocking_timeout_ends_a_call_to_a_server_that_never_answers() {
    let harness = Harness::start();
    harness.answer(json_response(json!({})).set_delay(Duration::from_secs(60)));
    let client = Client::builder(base_url(&harness.server))
        .api_key(API_KEY)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();

    // The blocking client runs its own runtime, whose clock no test can
    // pause: its timeout passes in real time, and the server's answer would
    // come after a minute, as a success, if the timeout did not end the call.
    let error = client.get_array_metadata("alice", "weather").call().unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    let error =
        client.get_array_metadata("alice", "weather").timeout(Duration::from_millis(100)).call().unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
}

#[test]
fn blocking_user_agent_is_the_clients() {
    let harness = Harness::start();
    harness.answer(no_content());

    harness.client().delete_array("alice", "weather").call().unwrap();

    let expected = common::client_package_user_agent();
    assert_eq!(header(&harness.received(), "User-Agent"), Some(expected.as_str()));
}
