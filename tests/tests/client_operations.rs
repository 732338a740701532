//! Loopback tests of every operation of the generated TileDB array client:
//! what goes on the wire (method, raw path, raw query, headers, JSON body) and
//! what comes back decoded.
//!
//! The wire shapes follow the official Python client's `ArrayApi.md` (the
//! seed) plus the parameters the reference spec adds (`with_metadata`,
//! `has_task_id`, `length`, `end_timestamp`,
//! `X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME`). The seed's `content_type`
//! header parameter is deliberately not an argument of the Rust API: the
//! operations that declare it send the media type they ask for
//! (`application/json`) as their `Content-Type` even without a body, since
//! TileDB's server reads the representation from it; other body-less calls
//! carry no `Content-Type`.

mod common;

use common::{
    api_key_client, assert_api_key_headers, assert_json_body, assert_no_body, assert_target, base_url,
    header, json_response, no_content, received, server_answering, API_KEY_HEADER,
};
use serde_json::json;
use tiledb_array_api::{models, Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// ---------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------

#[tokio::test]
async fn api_key_is_sent_in_its_header_and_nothing_else_authenticates() {
    let server = server_answering(json_response(json!([]))).await;
    let client = Client::builder(base_url(&server)).api_key("k-123").build().unwrap();

    client.get_last_accessed_arrays().await.unwrap();

    let request = received(&server).await;
    assert_eq!(header(&request, API_KEY_HEADER), Some("k-123"));
    assert_eq!(header(&request, "Authorization"), None);
    assert_eq!(header(&request, "Cookie"), None);
}

#[tokio::test]
async fn basic_auth_sends_rfc7617_credentials() {
    let server = server_answering(json_response(json!([]))).await;
    let client = Client::builder(base_url(&server)).basic_auth("Aladdin", "open sesame").build().unwrap();

    client.get_all_array_metadata().await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays", None);
    // The example of RFC 7617, section 2.
    assert_eq!(header(&request, "Authorization"), Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="));
    assert_eq!(header(&request, API_KEY_HEADER), None);
    assert_eq!(header(&request, "Accept"), Some("application/json"));
}

#[tokio::test]
async fn basic_auth_encodes_a_non_ascii_password_as_utf8() {
    let server = server_answering(no_content()).await;
    let client = Client::builder(base_url(&server)).basic_auth("alice", "pässwörd").build().unwrap();

    client.delete_array("alice", "weather").await.unwrap();

    let request = received(&server).await;
    // base64 of the UTF-8 bytes of "alice:pässwörd"
    // (61 6c 69 63 65 3a 70 c3 a4 73 73 77 c3 b6 72 64).
    assert_eq!(header(&request, "Authorization"), Some("Basic YWxpY2U6cMOkc3N3w7ZyZA=="));
    assert_eq!(header(&request, API_KEY_HEADER), None);
}

#[tokio::test]
async fn bearer_token_sends_authorization_bearer() {
    let server = server_answering(json_response(json!([]))).await;
    let client = Client::builder(base_url(&server)).bearer_token("tok.en-42").build().unwrap();

    client.get_array_sharing_policies("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/share", None);
    assert_eq!(header(&request, "Authorization"), Some("Bearer tok.en-42"));
    assert_eq!(header(&request, API_KEY_HEADER), None);
    assert_eq!(header(&request, "Accept"), Some("application/json"));
}

#[tokio::test]
async fn bearer_token_replaces_basic_auth_set_before_it() {
    let server = server_answering(json_response(json!([]))).await;
    let client =
        Client::builder(base_url(&server)).basic_auth("alice", "secret").bearer_token("tok").build().unwrap();

    client.get_last_accessed_arrays().await.unwrap();

    let request = received(&server).await;
    assert_eq!(header(&request, "Authorization"), Some("Bearer tok"));
}

/// Two local servers: `origin` redirects every request to `elsewhere` (same
/// host, another port, hence another origin), which answers `[]`.
async fn cross_origin_redirect() -> (wiremock::MockServer, wiremock::MockServer) {
    let elsewhere = server_answering(json_response(json!([]))).await;
    let origin = server_answering(
        ResponseTemplate::new(302)
            .insert_header("Location", format!("{}/v1/arrays", elsewhere.uri()).as_str()),
    )
    .await;
    (origin, elsewhere)
}

/// A redirect to another origin is not followed: an API key in a custom
/// header would go along (HTTP libraries strip only `Authorization`), so the
/// 3xx comes back as an API error carrying its `Location`.
async fn assert_cross_origin_redirect_is_not_followed(
    build: impl FnOnce(String) -> Client,
    credential_header: &str,
    sent: &str,
) {
    let (origin, elsewhere) = cross_origin_redirect().await;
    let client = build(base_url(&origin));

    let error = client.get_all_array_metadata().await.unwrap_err();

    assert_eq!(error.status(), Some(tiledb_array_api::StatusCode::FOUND));
    let Error::Api(api_error) = &error else { panic!("expected an API error, got {error:?}") };
    let location = api_error.headers().get("location").and_then(|value| value.to_str().ok());
    assert_eq!(location, Some(format!("{}/v1/arrays", elsewhere.uri()).as_str()));
    assert_eq!(header(&received(&origin).await, credential_header), Some(sent));
    assert!(
        elsewhere.received_requests().await.unwrap_or_default().is_empty(),
        "nothing may reach the other origin"
    );
}

#[tokio::test]
async fn api_key_is_not_forwarded_on_a_cross_origin_redirect() {
    let build = |url: String| Client::builder(url).api_key(common::API_KEY).build().unwrap();
    assert_cross_origin_redirect_is_not_followed(build, API_KEY_HEADER, common::API_KEY).await;
}

#[tokio::test]
async fn bearer_token_is_not_forwarded_on_a_cross_origin_redirect() {
    let build = |url: String| Client::builder(url).bearer_token("tok").build().unwrap();
    assert_cross_origin_redirect_is_not_followed(build, "Authorization", "Bearer tok").await;
}

#[tokio::test]
async fn a_same_origin_redirect_is_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/arrays"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/v1/arrays/moved"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/arrays/moved"))
        .respond_with(json_response(json!([{"name": "weather"}])))
        .mount(&server)
        .await;

    let arrays = api_key_client(&server).get_all_array_metadata().await.unwrap();

    assert_eq!(arrays[0].name.as_deref(), Some("weather"));
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].url.path(), "/v1/arrays/moved");
    assert_eq!(header(&requests[1], API_KEY_HEADER), Some(common::API_KEY));
}

/// Redirects every request to `/v1/hop/<n>`, n counting the requests.
struct EndlessRedirects(std::sync::atomic::AtomicUsize);

impl wiremock::Respond for EndlessRedirects {
    fn respond(&self, _: &wiremock::Request) -> ResponseTemplate {
        let hop = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        ResponseTemplate::new(302).insert_header("Location", format!("/v1/hop/{hop}").as_str())
    }
}

/// Redirects within the origin are followed ten times, then the call fails
/// instead of looping.
#[tokio::test]
async fn a_redirect_loop_ends_after_ten_redirects() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(EndlessRedirects(Default::default()))
        .mount(&server)
        .await;

    let error = api_key_client(&server).get_all_array_metadata().await.unwrap_err();

    let Error::Transport { source, .. } = &error else { panic!("expected a transport error, got {error:?}") };
    assert!(source.is_redirect(), "{error:?}");
    let requests = server.received_requests().await.unwrap_or_default();
    let paths: Vec<&str> = requests.iter().map(|request| request.url.path()).collect();
    let mut expected = vec!["/v1/arrays".to_owned()];
    expected.extend((1..=10).map(|hop| format!("/v1/hop/{hop}")));
    assert_eq!(paths, expected, "the first request and ten redirects");
}

/// A server that answers `status` with a `Location` of `/v1/moved` to the
/// first request, and 204 to the request it redirects to.
async fn redirecting_once(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/v1/moved")).respond_with(no_content()).mount(&server).await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(status).insert_header("Location", "/v1/moved"))
        .mount(&server)
        .await;
    server
}

fn sharing() -> models::ArraySharing {
    models::ArraySharing::new("bob", [models::ArrayActions::Read])
}

/// After a 303 the client fetches the result from the `Location` with a GET
/// (RFC 9110, section 15.4.4), without the body; and after a 302 a POST
/// turns into a GET, as user agents have always done.
#[tokio::test]
async fn a_303_after_post_or_patch_and_a_302_after_post_are_followed_by_a_get_without_the_body() {
    for (status, operation) in [(303, "POST"), (303, "PATCH"), (302, "POST")] {
        let server = redirecting_once(status).await;
        let client = api_key_client(&server);

        let outcome = match operation {
            "POST" => client.register_array("alice", "weather", models::ArrayInfoUpdate::default()).await,
            _ => client.share_array("alice", "weather", sharing()).await,
        };

        outcome.unwrap_or_else(|error| panic!("{status} after {operation}: {error:?}"));
        let requests = server.received_requests().await.unwrap_or_default();
        assert_eq!(requests.len(), 2, "{status} after {operation}");
        assert_eq!(requests[0].method.as_str(), operation);
        assert!(!requests[0].body.is_empty(), "{status} after {operation}: the first request has the body");
        assert_target(&requests[1], "GET", "/v1/moved", None);
        assert_no_body(&requests[1]);
        assert_api_key_headers(&requests[1]);
    }
}

/// A 302 changes only a POST into a GET (RFC 9110, section 15.4.3): a PATCH
/// is sent again as it was to the new location, credentials included, since
/// it stays within the origin.
#[tokio::test]
async fn a_302_after_patch_repeats_the_patch_with_its_body() {
    let server = redirecting_once(302).await;

    api_key_client(&server).share_array("alice", "weather", sharing()).await.unwrap();

    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    assert_target(&requests[1], "PATCH", "/v1/moved", None);
    assert_json_body(&requests[1], json!({"namespace": "bob", "actions": ["read"]}));
    assert_api_key_headers(&requests[1]);
}

// ---------------------------------------------------------------------------
// get_all_array_metadata: GET /arrays
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_all_array_metadata_without_options_sends_no_query_and_decodes_the_list() {
    let server = server_answering(json_response(json!([
        {"id": "id-1", "namespace": "alice", "name": "weather", "uri": "s3://b/weather"},
        {"id": "id-2", "namespace": "bob", "name": "traffic", "public_share": true}
    ])))
    .await;

    let arrays = api_key_client(&server).get_all_array_metadata().await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(arrays.len(), 2);
    assert_eq!(arrays[0].id.as_deref(), Some("id-1"));
    assert_eq!(arrays[0].namespace.as_deref(), Some("alice"));
    assert_eq!(arrays[0].name.as_deref(), Some("weather"));
    assert_eq!(arrays[0].uri.as_deref(), Some("s3://b/weather"));
    assert_eq!(arrays[0].public_share, None);
    assert_eq!(arrays[1].id.as_deref(), Some("id-2"));
    assert_eq!(arrays[1].namespace.as_deref(), Some("bob"));
    assert_eq!(arrays[1].public_share, Some(true));
    assert_eq!(arrays[1].uri, None);
}

#[tokio::test]
async fn get_all_array_metadata_sends_public_share_query() {
    let server = server_answering(json_response(json!([]))).await;

    let arrays = api_key_client(&server).get_all_array_metadata().public_share("only").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays", Some("public_share=only"));
    assert_api_key_headers(&request);
    assert!(arrays.is_empty());
}

#[tokio::test]
async fn array_info_tags_empty_list_decodes_to_some_empty_and_missing_tags_to_none() {
    let server = server_answering(json_response(json!([
        {"name": "with-empty-tags", "tags": []},
        {"name": "without-tags"},
        {"name": "with-tags", "tags": ["climate", "daily-values"]}
    ])))
    .await;

    let arrays = api_key_client(&server).get_all_array_metadata().await.unwrap();

    assert_eq!(arrays.len(), 3);
    assert_eq!(arrays[0].tags, Some(vec![]));
    assert_eq!(arrays[1].tags, None);
    assert_eq!(arrays[2].tags, Some(vec!["climate".to_owned(), "daily-values".to_owned()]));
}

#[tokio::test]
async fn array_info_nullable_fields_sent_as_null_decode_to_none() {
    let server = server_answering(json_response(json!([
        {"name": "fresh", "size": null, "description": null, "type": null, "read_only": null}
    ])))
    .await;

    let arrays = api_key_client(&server).get_all_array_metadata().await.unwrap();

    assert_eq!(arrays.len(), 1);
    assert_eq!(arrays[0].name.as_deref(), Some("fresh"));
    assert_eq!(arrays[0].size, None);
    assert_eq!(arrays[0].description, None);
    assert_eq!(arrays[0].r#type, None);
    assert_eq!(arrays[0].read_only, None);
}

// ---------------------------------------------------------------------------
// get_arrays_in_namespace: GET /arrays/{namespace}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_arrays_in_namespace_sends_the_namespace_segment_and_decodes_the_list() {
    let server = server_answering(json_response(json!([
        {"namespace": "alice", "name": "weather", "allowed_actions": ["read", "write"]}
    ])))
    .await;

    let arrays = api_key_client(&server).get_arrays_in_namespace("alice").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(arrays.len(), 1);
    assert_eq!(arrays[0].name.as_deref(), Some("weather"));
    assert_eq!(
        arrays[0].allowed_actions,
        Some(vec![models::ArrayActions::Read, models::ArrayActions::Write])
    );
    assert_eq!(arrays[0].metadata, None);
}

#[tokio::test]
async fn get_arrays_in_namespace_sends_with_metadata_and_decodes_metadata_entries() {
    let server = server_answering(json_response(json!([{
        "name": "weather",
        "metadata": [
            {"key": "units", "value": "celsius", "type": "array_metadata"},
            {"key": "", "value": "", "type": ""}
        ]
    }])))
    .await;

    let arrays = api_key_client(&server).get_arrays_in_namespace("alice").with_metadata(true).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice", Some("with_metadata=true"));
    assert_api_key_headers(&request);

    let metadata = arrays[0].metadata.as_ref().expect("metadata entries");
    assert_eq!(metadata.len(), 2);
    assert_eq!(metadata[0].key.as_deref(), Some("units"));
    assert_eq!(metadata[0].value.as_deref(), Some("celsius"));
    assert_eq!(metadata[0].r#type.as_deref(), Some("array_metadata"));
    assert_eq!(metadata[1].key.as_deref(), Some(""));
}

#[tokio::test]
async fn get_arrays_in_namespace_sends_with_metadata_false() {
    let server = server_answering(json_response(json!([]))).await;

    api_key_client(&server).get_arrays_in_namespace("alice").with_metadata(false).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice", Some("with_metadata=false"));
}

#[tokio::test]
async fn non_ascii_path_parameter_is_utf8_percent_encoded() {
    let server = server_answering(json_response(json!([]))).await;

    api_key_client(&server).get_arrays_in_namespace("données").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/donn%C3%A9es", None);
}

// ---------------------------------------------------------------------------
// get_array: GET /arrays/{namespace}/{array}
// ---------------------------------------------------------------------------

/// A full schema of a sparse two-dimensional array, as a struct literal.
fn weather_schema() -> models::ArraySchema {
    use models::{
        ArraySchema, ArrayType, Attribute, Datatype, Dimension, DimensionTileExtent, Domain, DomainArray,
        Filter, FilterData, FilterPipeline, FilterType, Layout,
    };
    let filter = |r#type, data: Option<FilterData>| {
        let filter = Filter::new(r#type);
        FilterPipeline::new().filters([match data {
            Some(data) => filter.data(data),
            None => filter,
        }])
    };
    let rows = Dimension::new(Datatype::Int32, DomainArray::new().int32([1, 100]), false)
        .name("rows")
        .tile_extent(DimensionTileExtent::new().int32(10))
        .filter_pipeline(filter(FilterType::FilterRle, None));
    let cols = Dimension::new(Datatype::Int32, DomainArray::new().int32([1, 4]), true).name("cols");
    let domain = Domain::new(Datatype::Int32, Layout::RowMajor, Layout::GlobalOrder, [rows, cols]);
    let temperature = Attribute::new(
        "temperature",
        Datatype::Float64,
        filter(FilterType::FilterGzip, Some(FilterData::new().int32(9))),
        1,
    )
    .nullable(true)
    .fill_value([0, 0, 0, 0, 0, 0, 248, 127]);
    let station = Attribute::new("station", Datatype::StringAscii, FilterPipeline::new(), 4_294_967_295);
    ArraySchema::new(
        [1, 3, 0],
        ArrayType::Sparse,
        Layout::RowMajor,
        Layout::ColMajor,
        10_000,
        filter(FilterType::FilterZstd, Some(FilterData::new().int32(3))),
        filter(FilterType::FilterDoubleDelta, None),
        domain,
        [temperature, station],
    )
    .uri("s3://bucket/weather")
    .allows_duplicates(false)
}

/// [`weather_schema`] as the API spells it on the wire.
fn weather_schema_json() -> serde_json::Value {
    json!({
        "uri": "s3://bucket/weather",
        "version": [1, 3, 0],
        "arrayType": "sparse",
        "tileOrder": "row-major",
        "cellOrder": "col-major",
        "capacity": 10000,
        "coordsFilterPipeline": {"filters": [{"type": "FILTER_ZSTD", "data": {"int32": 3}}]},
        "offsetFilterPipeline": {"filters": [{"type": "FILTER_DOUBLE_DELTA"}]},
        "domain": {
            "type": "INT32",
            "tileOrder": "row-major",
            "cellOrder": "global-order",
            "dimensions": [
                {
                    "name": "rows",
                    "type": "INT32",
                    "domain": {"int32": [1, 100]},
                    "nullTileExtent": false,
                    "tileExtent": {"int32": 10},
                    "filterPipeline": {"filters": [{"type": "FILTER_RLE"}]}
                },
                {
                    "name": "cols",
                    "type": "INT32",
                    "domain": {"int32": [1, 4]},
                    "nullTileExtent": true
                }
            ]
        },
        "attributes": [
            {
                "name": "temperature",
                "type": "FLOAT64",
                "filterPipeline": {"filters": [{"type": "FILTER_GZIP", "data": {"int32": 9}}]},
                "cellValNum": 1,
                "nullable": true,
                "fillValue": [0, 0, 0, 0, 0, 0, 248, 127]
            },
            {
                "name": "station",
                "type": "STRING_ASCII",
                "filterPipeline": {},
                "cellValNum": 4294967295u64
            }
        ],
        "allowsDuplicates": false
    })
}

#[tokio::test]
async fn get_array_sends_a_storage_uri_as_one_path_segment_and_decodes_the_schema() {
    let server = server_answering(json_response(weather_schema_json())).await;

    let schema = api_key_client(&server).get_array("alice", "s3://bucket/my array").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/s3%3A%2F%2Fbucket%2Fmy%20array", None);
    assert_api_key_headers(&request);
    assert_no_body_but_json_content_type(&request);

    assert_eq!(schema, weather_schema());
}

#[tokio::test]
async fn get_array_decodes_cell_val_num_beyond_i32() {
    let server = server_answering(json_response(weather_schema_json())).await;

    let schema = api_key_client(&server).get_array("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather", None);
    // TILEDB_VAR_NUM is u32::MAX.
    assert_eq!(schema.attributes[1].name, "station");
    assert_eq!(schema.attributes[1].cell_val_num, 4_294_967_295_i64);
    assert_eq!(schema.attributes[0].cell_val_num, 1);
}

// ---------------------------------------------------------------------------
// create_array: POST /arrays/{namespace}/{array}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn create_array_posts_the_full_schema_with_its_wire_names() {
    let server = server_answering(no_content()).await;

    api_key_client(&server).create_array("alice", "s3://bucket/weather", weather_schema()).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "POST", "/v1/arrays/alice/s3%3A%2F%2Fbucket%2Fweather", None);
    assert_api_key_headers(&request);
    assert_json_body(&request, weather_schema_json());
    assert_eq!(header(&request, "X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME"), None);
}

#[tokio::test]
async fn create_array_sends_the_access_credentials_name_header() {
    let server = server_answering(no_content()).await;

    api_key_client(&server)
        .create_array("alice", "weather", weather_schema())
        .x_tiledb_cloud_access_credentials_name("my-aws-role")
        .send()
        .await
        .unwrap();

    let request = received(&server).await;
    assert_target(&request, "POST", "/v1/arrays/alice/weather", None);
    assert_api_key_headers(&request);
    assert_eq!(header(&request, "X-TILEDB-CLOUD-ACCESS-CREDENTIALS-NAME"), Some("my-aws-role"));
    assert_json_body(&request, weather_schema_json());
}

// ---------------------------------------------------------------------------
// delete_array: DELETE /arrays/{namespace}/{array}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn delete_array_sends_delete_and_accepts_204() {
    let server = server_answering(no_content()).await;

    api_key_client(&server).delete_array("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "DELETE", "/v1/arrays/alice/weather", None);
    assert_api_key_headers(&request);
    assert_no_body_but_json_content_type(&request);
}

#[tokio::test]
async fn dot_dot_slash_in_a_path_parameter_stays_inside_its_segment() {
    let server = server_answering(no_content()).await;

    api_key_client(&server).delete_array("alice", "../x").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "DELETE", "/v1/arrays/alice/..%2Fx", None);
}

// ---------------------------------------------------------------------------
// array_activity_log: GET /arrays/{namespace}/{array}/activity
// ---------------------------------------------------------------------------

#[tokio::test]
async fn array_activity_log_without_options_sends_no_query() {
    let server = server_answering(json_response(json!([]))).await;

    let log = api_key_client(&server).array_activity_log("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/activity", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);
    assert!(log.is_empty());
}

#[tokio::test]
async fn array_activity_log_sends_every_filter_in_declaration_order() {
    let server = server_answering(json_response(json!([]))).await;

    api_key_client(&server)
        .array_activity_log("alice", "weather")
        .start(1_700_000_000)
        .end(1_700_003_600)
        .event_types("read,write")
        .task_id("task 1")
        .has_task_id(true)
        .await
        .unwrap();

    let request = received(&server).await;
    assert_target(
        &request,
        "GET",
        "/v1/arrays/alice/weather/activity",
        Some("start=1700000000&end=1700003600&event_types=read%2Cwrite&task_id=task%201&has_task_id=true"),
    );
    assert_api_key_headers(&request);
}

#[tokio::test]
async fn array_activity_log_sends_only_the_filters_that_were_set() {
    let server = server_answering(json_response(json!([]))).await;

    api_key_client(&server)
        .array_activity_log("alice", "weather")
        .start(1_700_000_000)
        .event_types("read,write")
        .await
        .unwrap();

    let request = received(&server).await;
    assert_target(
        &request,
        "GET",
        "/v1/arrays/alice/weather/activity",
        Some("start=1700000000&event_types=read%2Cwrite"),
    );
}

#[tokio::test]
async fn array_activity_log_decodes_event_at_as_a_date_time_and_action_as_an_enum() {
    let server = server_answering(json_response(json!([
        {
            "event_at": "2023-11-15T00:13:20.250+02:00",
            "action": "query_read",
            "username": "alice",
            "bytes_sent": 1073741824u64,
            "bytes_received": 18446744073709551615u64,
            "array_task_id": "00000000-0000-0000-0000-000000000001",
            "id": "log-1",
            "query_ranges": "{\"rows\":[{\"start\":1,\"end\":1}]}",
            "query_stats": "{}"
        },
        {"event_at": "2023-11-14T22:13:21Z", "action": "create"}
    ])))
    .await;

    let log = api_key_client(&server).array_activity_log("alice", "weather").await.unwrap();

    assert_eq!(log.len(), 2);
    let first = &log[0];
    let event_at = first.event_at.expect("event_at");
    assert_eq!(event_at.timestamp(), 1_700_000_000);
    assert_eq!(event_at.timestamp_subsec_millis(), 250);
    assert_eq!(first.action, Some(models::ActivityEventType::QueryRead));
    assert_eq!(first.username.as_deref(), Some("alice"));
    assert_eq!(first.bytes_sent, Some(1_073_741_824));
    assert_eq!(first.bytes_received, Some(u64::MAX));
    assert_eq!(first.array_task_id.as_deref(), Some("00000000-0000-0000-0000-000000000001"));
    assert_eq!(first.id.as_deref(), Some("log-1"));
    assert_eq!(first.query_ranges.as_deref(), Some("{\"rows\":[{\"start\":1,\"end\":1}]}"));
    assert_eq!(first.query_stats.as_deref(), Some("{}"));

    let second = &log[1];
    assert_eq!(second.event_at.expect("event_at").timestamp(), 1_700_000_001);
    assert_eq!(second.action, Some(models::ActivityEventType::Create));
    assert_eq!(second.username, None);
}

// ---------------------------------------------------------------------------
// deregister_array: DELETE /arrays/{namespace}/{array}/deregister
// ---------------------------------------------------------------------------

#[tokio::test]
async fn deregister_array_sends_delete_to_the_deregister_path() {
    let server = server_answering(no_content()).await;

    api_key_client(&server).deregister_array("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "DELETE", "/v1/arrays/alice/weather/deregister", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);
}

// ---------------------------------------------------------------------------
// get_array_metadata: GET /arrays/{namespace}/{array}/metadata
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_metadata_sends_get_and_decodes_array_info() {
    let server = server_answering(json_response(json!({
        "id": "00000000-0000-0000-0000-000000000001",
        "file_type": "notebook",
        "file_properties": {"kernel": "python3"},
        "uri": "s3://bucket/weather data",
        "namespace": "alice",
        "size": 1024,
        "last_accessed": "2023-11-14T22:13:20Z",
        "description": null,
        "name": "weather data",
        "allowed_actions": ["read", "read_array_logs", "read_array_info", "read_array_schema", "edit"],
        "pricing": [{
            "id": "plan-1",
            "array_uuid": "00000000-0000-0000-0000-000000000001",
            "pricing_type": "egress",
            "product_unit_label": "byte",
            "currency": "USD",
            "aggregate_usage": "sum",
            "interval": "month",
            "divided_by": 1048576,
            "charge": 0.25,
            "activated": true
        }],
        "subscriptions": [{"id": "sub-1", "owner_namespace_uuid": "o-1", "customer_namespace_uuid": "c-1"}],
        "access_credentials_name": "my-aws-role",
        "type": "sparse",
        "share_count": 2,
        "public_share": false,
        "namespace_subscribed": false,
        "tiledb_uri": "tiledb://alice/weather%20data",
        "tags": ["climate"],
        "license_id": "MIT",
        "license_text": "Permission is hereby granted",
        "read_only": true,
        "is_favorite": true,
        "created_at": "2023-01-02T03:04:05.678Z",
        "created_by": "alice"
    })))
    .await;

    let info = api_key_client(&server).get_array_metadata("alice", "s3://bucket/weather data").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/s3%3A%2F%2Fbucket%2Fweather%20data/metadata", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(info.id.as_deref(), Some("00000000-0000-0000-0000-000000000001"));
    assert_eq!(info.file_type, Some(models::FileType::Notebook));
    assert_eq!(
        info.file_properties.as_ref().and_then(|properties| properties.get("kernel")).map(String::as_str),
        Some("python3")
    );
    assert_eq!(info.uri.as_deref(), Some("s3://bucket/weather data"));
    assert_eq!(info.namespace.as_deref(), Some("alice"));
    assert_eq!(info.size, Some(1024));
    assert_eq!(info.last_accessed.expect("last_accessed").timestamp(), 1_700_000_000);
    assert_eq!(info.description, None);
    assert_eq!(info.name.as_deref(), Some("weather data"));
    assert_eq!(
        info.allowed_actions,
        Some(vec![
            models::ArrayActions::Read,
            models::ArrayActions::ReadArrayLogs,
            models::ArrayActions::ReadArrayInfo,
            models::ArrayActions::ReadArraySchema,
            models::ArrayActions::Edit,
        ])
    );
    let pricing = &info.pricing.as_ref().expect("pricing")[0];
    assert_eq!(pricing.id.as_deref(), Some("plan-1"));
    assert_eq!(pricing.pricing_type, Some(models::PricingType::Egress));
    assert_eq!(pricing.product_unit_label, Some(models::PricingUnitLabel::Byte));
    assert_eq!(pricing.currency, Some(models::PricingCurrency::Usd));
    assert_eq!(pricing.aggregate_usage, Some(models::PricingAggregateUsage::Sum));
    assert_eq!(pricing.interval, Some(models::PricingInterval::Month));
    assert_eq!(pricing.divided_by, Some(1_048_576));
    assert_eq!(pricing.charge, Some(0.25));
    assert_eq!(pricing.activated, Some(true));
    let subscription = &info.subscriptions.as_ref().expect("subscriptions")[0];
    assert_eq!(subscription.id.as_deref(), Some("sub-1"));
    assert_eq!(subscription.owner_namespace_uuid.as_deref(), Some("o-1"));
    assert_eq!(subscription.customer_namespace_uuid.as_deref(), Some("c-1"));
    assert_eq!(subscription.pricing, None);
    assert_eq!(info.access_credentials_name.as_deref(), Some("my-aws-role"));
    assert_eq!(info.r#type, Some(models::ArrayType::Sparse));
    assert_eq!(info.share_count, Some(2));
    assert_eq!(info.public_share, Some(false));
    assert_eq!(info.namespace_subscribed, Some(false));
    assert_eq!(info.tiledb_uri.as_deref(), Some("tiledb://alice/weather%20data"));
    assert_eq!(info.tags, Some(vec!["climate".to_owned()]));
    assert_eq!(info.license_id.as_deref(), Some("MIT"));
    assert_eq!(info.license_text.as_deref(), Some("Permission is hereby granted"));
    assert_eq!(info.read_only, Some(true));
    assert_eq!(info.is_favorite, Some(true));
    let created_at = info.created_at.expect("created_at");
    assert_eq!(created_at.timestamp(), 1_672_628_645);
    assert_eq!(created_at.timestamp_subsec_millis(), 678);
    assert_eq!(info.created_by.as_deref(), Some("alice"));
    assert_eq!(info.logo, None);
    assert_eq!(info.metadata, None);
}

// ---------------------------------------------------------------------------
// update_array_metadata: PATCH /arrays/{namespace}/{array}/metadata
// ---------------------------------------------------------------------------

#[tokio::test]
async fn update_array_metadata_patches_only_the_fields_that_are_set() {
    let server = server_answering(no_content()).await;
    let update = models::ArrayInfoUpdate::new()
        .description("Daily weather")
        .name("weather")
        .file_type(models::FileType::MlModel)
        .file_properties([("framework".to_owned(), "torch".to_owned())])
        .tags(["climate", "daily-values"].map(String::from))
        .license_id("Apache-2.0")
        .read_only(false);

    api_key_client(&server).update_array_metadata("alice", "weather", update).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "PATCH", "/v1/arrays/alice/weather/metadata", None);
    assert_api_key_headers(&request);
    assert_json_body(
        &request,
        json!({
            "description": "Daily weather",
            "name": "weather",
            "file_type": "ml_model",
            "file_properties": {"framework": "torch"},
            "tags": ["climate", "daily-values"],
            "license_id": "Apache-2.0",
            "read_only": false
        }),
    );
}

#[tokio::test]
async fn update_array_metadata_sends_an_empty_tags_list() {
    let server = server_answering(no_content()).await;
    let update = models::ArrayInfoUpdate::new().tags([]);

    api_key_client(&server).update_array_metadata("alice", "weather", update).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "PATCH", "/v1/arrays/alice/weather/metadata", None);
    assert_json_body(&request, json!({"tags": []}));
}

#[tokio::test]
async fn update_array_metadata_with_nothing_set_sends_an_empty_object() {
    let server = server_answering(no_content()).await;

    api_key_client(&server)
        .update_array_metadata("alice", "weather", models::ArrayInfoUpdate::default())
        .await
        .unwrap();

    let request = received(&server).await;
    assert_json_body(&request, json!({}));
}

#[tokio::test]
async fn unit_operation_accepts_an_empty_200_html_response() {
    let server =
        server_answering(ResponseTemplate::new(200).insert_header("Content-Type", "text/html")).await;

    let result = api_key_client(&server)
        .update_array_metadata("alice", "weather", models::ArrayInfoUpdate::default())
        .await;

    assert!(result.is_ok(), "{result:?}");
    let request = received(&server).await;
    assert_target(&request, "PATCH", "/v1/arrays/alice/weather/metadata", None);
}

// ---------------------------------------------------------------------------
// register_array: POST /arrays/{namespace}/{array}/register
// ---------------------------------------------------------------------------

#[tokio::test]
async fn register_array_posts_the_array_info_update() {
    let server = server_answering(no_content()).await;
    let registration = models::ArrayInfoUpdate::new()
        .uri("s3://bucket/weather")
        .name("weather")
        .access_credentials_name("my-aws-role")
        .logo("aGVsbG8=")
        .license_text("All rights reserved");

    api_key_client(&server).register_array("alice", "weather", registration).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "POST", "/v1/arrays/alice/weather/register", None);
    assert_api_key_headers(&request);
    assert_json_body(
        &request,
        json!({
            "uri": "s3://bucket/weather",
            "name": "weather",
            "access_credentials_name": "my-aws-role",
            "logo": "aGVsbG8=",
            "license_text": "All rights reserved"
        }),
    );
}

// ---------------------------------------------------------------------------
// get_array_sharing_policies: GET /arrays/{namespace}/{array}/share
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_sharing_policies_decodes_the_list() {
    let server = server_answering(json_response(json!([
        {"namespace": "bob", "namespace_type": "user", "actions": ["read", "write"]},
        {"namespace": "acme", "namespace_type": "organization", "actions": []},
        {"namespace": "carol"}
    ])))
    .await;

    let policies = api_key_client(&server).get_array_sharing_policies("alice", "weather").await.unwrap();
    // Without actions: `new` always sets them, so the field is assigned instead.
    let mut carol = models::ArraySharing::default();
    carol.namespace = Some("carol".to_owned());

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/share", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(
        policies,
        vec![
            models::ArraySharing::new("bob", [models::ArrayActions::Read, models::ArrayActions::Write])
                .namespace_type("user"),
            models::ArraySharing::new("acme", []).namespace_type("organization"),
            carol,
        ]
    );
}

// ---------------------------------------------------------------------------
// share_array: PATCH /arrays/{namespace}/{array}/share
// ---------------------------------------------------------------------------

#[tokio::test]
async fn share_array_patches_the_namespace_and_its_actions() {
    let server = server_answering(no_content()).await;
    let sharing =
        models::ArraySharing::new("bob", [models::ArrayActions::Read, models::ArrayActions::ReadArraySchema])
            .namespace_type("user");

    api_key_client(&server).share_array("alice", "weather", sharing).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "PATCH", "/v1/arrays/alice/weather/share", None);
    assert_api_key_headers(&request);
    assert_json_body(
        &request,
        json!({
            "actions": ["read", "read_array_schema"],
            "namespace": "bob",
            "namespace_type": "user"
        }),
    );
}

#[tokio::test]
async fn share_array_with_an_empty_action_list_sends_it_to_revoke_access() {
    let server = server_answering(no_content()).await;
    let sharing = models::ArraySharing::new("bob", []);

    api_key_client(&server).share_array("alice", "weather", sharing).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "PATCH", "/v1/arrays/alice/weather/share", None);
    assert_json_body(&request, json!({"actions": [], "namespace": "bob"}));
}

// ---------------------------------------------------------------------------
// get_array_non_empty_domain: GET /arrays/{namespace}/{array}/non_empty_domain
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_non_empty_domain_sends_x_payer_and_decodes_the_domain() {
    let server = server_answering(json_response(json!({
        "nonEmptyDomain": {"int32": [1, 50, 2, 4]},
        "isEmpty": false
    })))
    .await;

    let domain =
        api_key_client(&server).get_array_non_empty_domain("alice", "weather").x_payer("acme").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/non_empty_domain", None);
    assert_api_key_headers(&request);
    assert_no_body_but_json_content_type(&request);
    assert_eq!(header(&request, "X-Payer"), Some("acme"));

    assert!(!domain.is_empty);
    assert_eq!(domain.non_empty_domain.int32, Some(vec![1, 50, 2, 4]));
    assert_eq!(domain.non_empty_domain.int64, None);
}

#[tokio::test]
async fn get_array_non_empty_domain_without_x_payer_sends_no_payer_header() {
    let server = server_answering(json_response(json!({
        "nonEmptyDomain": {},
        "isEmpty": true
    })))
    .await;

    let domain = api_key_client(&server).get_array_non_empty_domain("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/non_empty_domain", None);
    assert_eq!(header(&request, "X-Payer"), None);
    assert!(domain.is_empty);
    assert_eq!(domain.non_empty_domain, models::DomainArray::default());
}

// ---------------------------------------------------------------------------
// get_array_max_buffer_sizes: GET /arrays/{namespace}/{array}/max_buffer_sizes
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_max_buffer_sizes_sends_the_subarray_and_x_payer_and_decodes_sizes() {
    let server = server_answering(json_response(json!({
        "maxBufferSizes": [
            {"attribute": "temperature", "offsetBytes": 0, "dataBytes": 3200},
            {"attribute": "station", "offsetBytes": 3200, "dataBytes": 18446744073709551615u64}
        ]
    })))
    .await;

    let sizes = api_key_client(&server)
        .get_array_max_buffer_sizes("alice", "weather", "1,10,1,4")
        .x_payer("acme org")
        .await
        .unwrap();

    let request = received(&server).await;
    assert_target(
        &request,
        "GET",
        "/v1/arrays/alice/weather/max_buffer_sizes",
        Some("subarray=1%2C10%2C1%2C4"),
    );
    assert_api_key_headers(&request);
    assert_no_body_but_json_content_type(&request);
    assert_eq!(header(&request, "X-Payer"), Some("acme org"));

    assert_eq!(
        sizes.max_buffer_sizes,
        Some(vec![
            models::AttributeBufferSize::new("temperature", 0, 3200),
            models::AttributeBufferSize::new("station", 3200, u64::MAX),
        ])
    );
}

#[tokio::test]
async fn get_array_max_buffer_sizes_without_x_payer_sends_only_the_subarray() {
    let server = server_answering(json_response(json!({}))).await;

    let sizes = api_key_client(&server).get_array_max_buffer_sizes("alice", "weather", "1 10").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/max_buffer_sizes", Some("subarray=1%2010"));
    assert_eq!(header(&request, "X-Payer"), None);
    assert_eq!(sizes.max_buffer_sizes, None);
}

// ---------------------------------------------------------------------------
// get_array_sample_data: GET /arrays/{namespace}/{array}/sample
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_sample_data_without_samples_sends_no_query_and_decodes_data() {
    let server = server_answering(json_response(json!({
        "data": {
            "rows": [1, 2, 3],
            "station": ["a", "b", "c"]
        }
    })))
    .await;

    let sample = api_key_client(&server).get_array_sample_data("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/sample", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    let data = sample.data.expect("data");
    assert_eq!(data.len(), 2);
    assert_eq!(data["rows"], json!([1, 2, 3]));
    assert_eq!(data["station"], json!(["a", "b", "c"]));
}

#[tokio::test]
async fn get_array_sample_data_sends_whole_samples_without_a_fraction() {
    let server = server_answering(json_response(json!({}))).await;

    api_key_client(&server).get_array_sample_data("alice", "weather").samples(5.0).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/sample", Some("samples=5"));
}

#[tokio::test]
async fn get_array_sample_data_sends_fractional_samples_as_a_decimal() {
    let server = server_answering(json_response(json!({}))).await;

    api_key_client(&server).get_array_sample_data("alice", "weather").samples(2.5).await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/sample", Some("samples=2.5"));
}

// ---------------------------------------------------------------------------
// get_array_meta_data_json: GET /arrays/{namespace}/{array}/metadata_json
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_array_meta_data_json_returns_a_free_form_object() {
    let body = json!({
        "key1": 25,
        "key2": [25, 26, 27, 28],
        "key3": 25.1,
        "key4": {"nested": [true, null]},
        "key5": "This is TileDB array metadata"
    });
    let server = server_answering(json_response(body.clone())).await;

    let metadata = api_key_client(&server).get_array_meta_data_json("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/alice/weather/metadata_json", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(serde_json::Value::Object(metadata.clone()), body);
    assert_eq!(metadata["key2"], json!([25, 26, 27, 28]));
    assert_eq!(metadata["key5"], json!("This is TileDB array metadata"));
}

#[tokio::test]
async fn get_array_meta_data_json_sends_length_and_end_timestamp() {
    let server = server_answering(json_response(json!({}))).await;

    let metadata = api_key_client(&server)
        .get_array_meta_data_json("alice", "weather")
        .length(10)
        .end_timestamp(1_700_000_000_123)
        .await
        .unwrap();

    let request = received(&server).await;
    assert_target(
        &request,
        "GET",
        "/v1/arrays/alice/weather/metadata_json",
        Some("length=10&end_timestamp=1700000000123"),
    );
    assert!(metadata.is_empty());
}

// ---------------------------------------------------------------------------
// get_last_accessed_arrays: GET /arrays/last_accessed
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_last_accessed_arrays_decodes_accessed_time_and_access_type() {
    let server = server_answering(json_response(json!([
        {
            "array_id": "00000000-0000-0000-0000-000000000001",
            "array_name": "weather",
            "namespace": "alice",
            "accessed_time": 1540471791873u64,
            "access_type": "array_metadata_get"
        },
        {"array_name": "traffic", "access_type": "read_enumerations"}
    ])))
    .await;

    let arrays = api_key_client(&server).get_last_accessed_arrays().send().await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "GET", "/v1/arrays/last_accessed", None);
    assert_api_key_headers(&request);
    assert_no_body(&request);

    assert_eq!(arrays.len(), 2);
    assert_eq!(arrays[0].array_id.as_deref(), Some("00000000-0000-0000-0000-000000000001"));
    assert_eq!(arrays[0].array_name.as_deref(), Some("weather"));
    assert_eq!(arrays[0].namespace.as_deref(), Some("alice"));
    assert_eq!(arrays[0].accessed_time, Some(1_540_471_791_873));
    assert_eq!(arrays[0].access_type, Some(models::ActivityEventType::ArrayMetadataGet));
    assert_eq!(arrays[1].array_name.as_deref(), Some("traffic"));
    assert_eq!(arrays[1].accessed_time, None);
    assert_eq!(arrays[1].access_type, Some(models::ActivityEventType::ReadEnumerations));
}

// ---------------------------------------------------------------------------
// Base URL handling
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_does_not_double_the_separator() {
    let server = server_answering(no_content()).await;
    let client = Client::builder(format!("{}/v1/", server.uri())).api_key(common::API_KEY).build().unwrap();

    client.deregister_array("alice", "weather").await.unwrap();

    let request = received(&server).await;
    assert_target(&request, "DELETE", "/v1/arrays/alice/weather/deregister", None);
}

/// The operations whose spec declares a `Content-Type` header parameter
/// (get_array, delete_array, get_array_non_empty_domain,
/// get_array_max_buffer_sizes): the server reads the representation from
/// that header, so they send `Content-Type: application/json` without a
/// body, as the official Python client does.
fn assert_no_body_but_json_content_type(request: &wiremock::Request) {
    assert_eq!(header(request, "Content-Type"), Some("application/json"));
    assert!(request.body.is_empty(), "unexpected body {:?}", String::from_utf8_lossy(&request.body));
}
