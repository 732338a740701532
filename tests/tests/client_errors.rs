//! Loopback tests of how the generated TileDB array client fails: error
//! statuses, undecodable bodies, unknown enum values, arguments that cannot
//! be sent, bad configuration, and secrets kept out of `Debug` output.

mod common;

use common::{all_received, api_key_client, base_url, json_response, received, server_answering};
use serde_json::json;
use tiledb_array_api::{models, Client, Error, RetryPolicy, StatusCode};
use wiremock::{MockServer, ResponseTemplate};

/// The error body the 404 tests answer with, byte for byte.
const NOT_FOUND_BODY: &str = r#"{"code": 404, "message": "array not found", "request_id": "r-1"}"#;

fn json_error(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// Asserts that `err` is an `Error::Api` of `operation` with `status`, the
/// decoded error body `expected`, and the raw body `raw`.
fn assert_api_error(err: &Error, operation: &str, status: StatusCode, expected: &models::Error, raw: &str) {
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.operation(), operation);
    assert_eq!(err.status(), Some(status));
    assert_eq!(err.api_error(), Some(expected));
    assert_eq!(err.raw_body(), Some(raw.as_bytes()));
}

/// Asserts that `err` is an `Error::InvalidRequest` of `operation`.
fn assert_invalid_request(err: &Error, operation: &str) {
    match err {
        Error::InvalidRequest { operation: actual, .. } => assert_eq!(*actual, operation, "{err}"),
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
    assert_eq!(err.status(), None);
    assert_eq!(err.raw_body(), None);
    assert!(err.to_string().contains(operation), "{err}");
}

/// A server that would answer anything with success, to show that nothing
/// was sent to it.
async fn permissive_server() -> MockServer {
    server_answering(json_response(json!({}))).await
}

async fn assert_nothing_sent(server: &MockServer) {
    let requests = all_received(server).await;
    assert!(
        requests.is_empty(),
        "requests reached the server: {:?}",
        requests.iter().map(|request| format!("{} {}", request.method, request.url)).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------
// Error statuses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn share_array_404_is_an_api_error_with_the_decoded_body() {
    let server = server_answering(json_error(404, NOT_FOUND_BODY)).await;
    let sharing = models::ArraySharing::new("bob", [models::ArrayActions::Read]);

    let err = api_key_client(&server).share_array("alice", "weather", sharing).await.unwrap_err();

    received(&server).await;
    let expected = models::Error::new().code(404).message("array not found").request_id("r-1");
    assert_api_error(&err, "share_array", StatusCode::NOT_FOUND, &expected, NOT_FOUND_BODY);
    let message = err.to_string();
    for part in ["share_array", "404", "array not found", "r-1"] {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn get_array_sharing_policies_404_is_an_api_error_with_the_decoded_body() {
    let server = server_answering(json_error(404, NOT_FOUND_BODY)).await;

    let err = api_key_client(&server).get_array_sharing_policies("alice", "weather").await.unwrap_err();

    received(&server).await;
    let expected = models::Error::new().code(404).message("array not found").request_id("r-1");
    assert_api_error(&err, "get_array_sharing_policies", StatusCode::NOT_FOUND, &expected, NOT_FOUND_BODY);
    let message = err.to_string();
    for part in ["get_array_sharing_policies", "404", "array not found", "r-1"] {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn server_error_500_on_a_get_is_an_api_error_with_the_decoded_body() {
    let body = r#"{"code":5001,"message":"storage backend unavailable","request_id":"r-500"}"#;
    let server = server_answering(json_error(500, body)).await;

    let err = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    received(&server).await;
    let expected = models::Error::new().code(5001).message("storage backend unavailable").request_id("r-500");
    assert_api_error(&err, "get_array_metadata", StatusCode::INTERNAL_SERVER_ERROR, &expected, body);
    let message = err.to_string();
    for part in ["get_array_metadata", "500", "storage backend unavailable", "r-500"] {
        assert!(message.contains(part), "{message:?} lacks {part:?}");
    }
}

#[tokio::test]
async fn bad_gateway_with_an_html_body_is_an_api_error_without_a_decoded_body() {
    let html = "<html>bad gateway</html>";
    let server =
        server_answering(ResponseTemplate::new(502).set_body_raw(html.as_bytes().to_vec(), "text/html"))
            .await;

    // 502 is retried by default; one attempt keeps this test about the body.
    let err = api_key_client(&server)
        .get_array("alice", "weather")
        .retry_policy(RetryPolicy::never())
        .await
        .unwrap_err();

    received(&server).await;
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    assert_eq!(err.api_error(), None);
    assert_eq!(err.raw_body(), Some(html.as_bytes()));
    let message = err.to_string();
    assert!(message.contains("get_array"), "{message}");
    assert!(message.contains("502"), "{message}");
}

// ---------------------------------------------------------------------------
// Unknown enum values
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_array_type_decodes_to_the_fallback_variant_and_reserializes() {
    let server = server_answering(json_response(json!({
        "name": "weather",
        "type": "columnar"
    })))
    .await;

    let info = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap();

    let array_type = info.r#type.clone().expect("type");
    assert_eq!(array_type, models::ArrayType::Unknown("columnar".to_owned()));
    assert_eq!(array_type.as_str(), "columnar");
    assert_eq!(serde_json::to_value(&array_type).unwrap(), json!("columnar"));
    assert_eq!(serde_json::to_value(&info).unwrap(), json!({"name": "weather", "type": "columnar"}));
}

#[tokio::test]
async fn unknown_array_action_decodes_to_the_fallback_variant_and_is_sent_back_unchanged() {
    let server = server_answering(json_response(json!([
        {"namespace": "bob", "actions": ["read", "teleport"]}
    ])))
    .await;
    let client = api_key_client(&server);

    let policies = client.get_array_sharing_policies("alice", "weather").await.unwrap();
    let policy = policies.into_iter().next().expect("one policy");
    assert_eq!(
        policy.actions,
        Some(vec![models::ArrayActions::Read, models::ArrayActions::Unknown("teleport".to_owned()),])
    );

    // Sending the decoded policy back puts the unknown value on the wire as it came.
    server.reset().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client.share_array("alice", "weather", policy).await.unwrap();

    let request = received(&server).await;
    assert_eq!(request.url.path(), "/v1/arrays/alice/weather/share");
    assert_eq!(common::json_body(&request), json!({"namespace": "bob", "actions": ["read", "teleport"]}));
}

#[tokio::test]
async fn unknown_allowed_action_in_array_info_decodes_to_the_fallback_variant() {
    let server = server_answering(json_response(json!({
        "allowed_actions": ["read", "teleport"]
    })))
    .await;

    let info = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap();

    let actions = info.allowed_actions.clone().expect("allowed_actions");
    assert_eq!(
        actions,
        vec![models::ArrayActions::Read, models::ArrayActions::Unknown("teleport".to_owned()),]
    );
    assert_eq!(actions[1].to_string(), "teleport");
    assert_eq!(serde_json::to_value(&actions).unwrap(), json!(["read", "teleport"]));
}

// ---------------------------------------------------------------------------
// Undecodable success bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn empty_200_body_on_an_operation_returning_a_model_is_a_decode_error() {
    let server = server_answering(ResponseTemplate::new(200)).await;

    let err = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    received(&server).await;
    let Error::Decode(decode) = &err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.operation(), "get_array_metadata");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.raw_body(), Some(&b""[..]));
    assert_eq!(err.api_error(), None);
    assert!(err.to_string().contains("get_array_metadata"), "{err}");
}

#[tokio::test]
async fn malformed_json_200_is_a_decode_error_keeping_the_body() {
    let body = r#"{"name": "weather", "uri": "#;
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json"),
    )
    .await;

    let err = api_key_client(&server).get_array_metadata("alice", "weather").await.unwrap_err();

    received(&server).await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::OK));
    assert_eq!(err.raw_body(), Some(body.as_bytes()));
    assert!(err.to_string().contains("get_array_metadata"), "{err}");
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_decode_error() {
    let body = r#"{"nonEmptyDomain": {"int32": [1, 2]}}"#;
    let server = server_answering(
        ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json"),
    )
    .await;

    // `isEmpty` is required by the spec and missing here.
    let err = api_key_client(&server).get_array_non_empty_domain("alice", "weather").await.unwrap_err();

    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_eq!(err.raw_body(), Some(body.as_bytes()));
    assert!(err.to_string().contains("get_array_non_empty_domain"), "{err}");
}

// ---------------------------------------------------------------------------
// Arguments that cannot be sent
// ---------------------------------------------------------------------------

#[tokio::test]
async fn empty_path_parameter_is_rejected_and_nothing_is_sent() {
    let server = permissive_server().await;
    let client = api_key_client(&server);

    let err = client.get_arrays_in_namespace("").await.unwrap_err();
    assert_invalid_request(&err, "get_arrays_in_namespace");
    let err = client.get_array("alice", "").await.unwrap_err();
    assert_invalid_request(&err, "get_array");

    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn dot_path_parameter_is_rejected_and_nothing_is_sent() {
    let server = permissive_server().await;
    let client = api_key_client(&server);

    let err = client.delete_array(".", "weather").await.unwrap_err();
    assert_invalid_request(&err, "delete_array");
    let err = client.get_array_sample_data("alice", ".").await.unwrap_err();
    assert_invalid_request(&err, "get_array_sample_data");

    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn dot_dot_path_parameter_is_rejected_and_nothing_is_sent() {
    let server = permissive_server().await;
    let client = api_key_client(&server);

    let err = client.share_array("..", "weather", models::ArraySharing::default()).await.unwrap_err();
    assert_invalid_request(&err, "share_array");
    let err = client.deregister_array("alice", "..").await.unwrap_err();
    assert_invalid_request(&err, "deregister_array");

    assert_nothing_sent(&server).await;
}

#[tokio::test]
async fn header_value_with_a_newline_is_rejected_and_nothing_is_sent() {
    let server = permissive_server().await;
    let client = api_key_client(&server);

    let err = client.get_array_non_empty_domain("alice", "weather").x_payer("a\nb").await.unwrap_err();
    assert_invalid_request(&err, "get_array_non_empty_domain");

    let err = client
        .create_array("alice", "weather", minimal_schema())
        .x_tiledb_cloud_access_credentials_name("role\r\nX-Injected: 1")
        .await
        .unwrap_err();
    assert_invalid_request(&err, "create_array");

    assert_nothing_sent(&server).await;
}

fn minimal_schema() -> models::ArraySchema {
    use models::{Datatype, FilterPipeline, Layout};
    let domain = models::Domain::new(Datatype::Int32, Layout::RowMajor, Layout::RowMajor, []);
    let (dense, pipeline) = (models::ArrayType::Dense, FilterPipeline::new);
    models::ArraySchema::new(
        [],
        dense,
        Layout::RowMajor,
        Layout::RowMajor,
        1,
        pipeline(),
        pipeline(),
        domain,
        [],
    )
}

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

#[test]
fn unparsable_base_url_is_a_config_error() {
    let err = Client::builder("not a url").build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert_eq!(err.status(), None);
}

/// RFC 7617: the user-id of Basic credentials cannot contain a colon, since
/// the colon separates it from the password; sending it would log in as
/// someone else.
#[test]
fn a_basic_auth_username_with_a_colon_is_a_config_error() {
    let err =
        Client::builder("http://127.0.0.1/v1").basic_auth("ali:ce", "SECRET-PASSWORD").build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("`:`"), "the message names the colon: {err}");
    assert!(!format!("{err} {err:?}").contains("SECRET-PASSWORD"), "{err:?}");
    // The same credentials without the colon are fine.
    Client::builder("http://127.0.0.1/v1").basic_auth("alice", "SECRET-PASSWORD").build().unwrap();
}

/// Credentials in the base URL would be sent to the server on every request
/// and shown wherever the URL is; the builder's auth methods are the way.
#[test]
fn a_base_url_with_userinfo_is_a_config_error_that_hides_it() {
    for url in [
        "http://alice:SECRET-PASSWORD@127.0.0.1/v1",
        "http://SECRET-USER@127.0.0.1/v1",
        "https://:SECRET-PASSWORD@api.example.com",
    ] {
        let err = Client::builder(url).build().unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{url}: {err:?}");
        assert!(err.to_string().contains("credentials"), "{url}: {err}");
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("SECRET-PASSWORD") && !shown.contains("SECRET-USER"), "{url}: {shown}");
    }
}

#[test]
fn credential_a_header_cannot_carry_is_a_config_error_that_hides_it() {
    let err = Client::builder("http://127.0.0.1/v1").api_key("SECRET-KEY\nwith-newline").build().unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(!err.to_string().contains("SECRET-KEY"), "{err}");
    assert!(!format!("{err:?}").contains("SECRET-KEY"), "{err:?}");
}

#[tokio::test]
async fn debug_output_of_builders_clients_and_requests_never_shows_secrets() {
    let server = MockServer::start().await;
    let url = base_url(&server);
    // Each builder with the strings its Debug output must not contain: the
    // secret itself and, for Basic, the encoded `user:password` pair.
    let cases = [
        (Client::builder(&url).api_key("SECRET-API-KEY-1"), vec!["SECRET-API-KEY-1"]),
        (
            Client::builder(&url).basic_auth("alice", "SECRET-PÄSSWORD-2"),
            vec!["SECRET-PÄSSWORD-2", "YWxpY2U6U0VDUkVULVDDhFNTV09SRC0y"],
        ),
        (Client::builder(&url).bearer_token("SECRET-TOKEN-3"), vec!["SECRET-TOKEN-3"]),
    ];

    for (builder, secrets) in cases {
        let builder_debug = format!("{builder:?}");
        let client = builder.build().unwrap();
        let outputs = [
            builder_debug,
            format!("{client:?}"),
            format!("{client:#?}"),
            format!("{:?}", client.get_array("alice", "weather")),
        ];
        for output in &outputs {
            for secret in &secrets {
                assert!(!output.contains(secret), "{secret:?} shown in {output}");
            }
        }
    }
    assert_nothing_sent(&server).await;
}
