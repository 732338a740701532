//! Operations whose 2xx statuses carry different bodies decode into the
//! variant of the status that arrived.

mod common;

use common::{answering, header, only_request};
use fixture_status_outcomes::requests::{JobLogOutcome, SubmitJobOutcome};
use fixture_status_outcomes::{Client, Error, models};
use wiremock::ResponseTemplate;

fn spec() -> models::JobSpec {
    models::JobSpec::new("ls")
}

#[tokio::test]
async fn each_status_decodes_into_its_variant() {
    let cases = [
        (ResponseTemplate::new(200).set_body_json(serde_json::json!({"output": "done"})), "ok"),
        (ResponseTemplate::new(202).set_body_json(serde_json::json!({"id": 41})), "accepted"),
        (ResponseTemplate::new(204), "no content"),
    ];
    for (response, case) in cases {
        let server = answering(response).await;
        let client = Client::builder(server.uri()).build().expect("client");
        let outcome =
            client.submit_job(spec()).await.unwrap_or_else(|error| panic!("{case}: {error}"));
        match (case, outcome) {
            ("ok", SubmitJobOutcome::Ok(result)) => {
                assert_eq!(result.output.as_deref(), Some("done"))
            }
            ("accepted", SubmitJobOutcome::Accepted(queued)) => assert_eq!(queued.id, Some(41)),
            ("no content", SubmitJobOutcome::NoContent) => {}
            (case, other) => panic!("{case}: wrong variant {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_undocumented_success_status_is_a_decode_error() {
    let server = answering(ResponseTemplate::new(201).set_body_json(serde_json::json!({}))).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let error = client.submit_job(spec()).await.expect_err("201 is not documented");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(201));
}

#[tokio::test]
async fn a_range_takes_the_statuses_not_listed() {
    let archived =
        ResponseTemplate::new(203).set_body_json(serde_json::json!({"url": "s3://logs/1"}));
    let server = answering(archived).await;
    let client = Client::builder(server.uri()).build().expect("client");
    match client.job_log(1).await.expect("decodes") {
        JobLogOutcome::Success(archived) => {
            assert_eq!(archived.url.as_deref(), Some("s3://logs/1"))
        }
        other => panic!("wrong variant {other:?}"),
    }
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), "text/plain, application/json");
}

#[tokio::test]
async fn a_text_outcome_is_a_string() {
    let server = answering(ResponseTemplate::new(200).set_body_raw("line 1\n", "text/plain")).await;
    let client = Client::builder(server.uri()).build().expect("client");
    match client.job_log(1).await.expect("decodes") {
        JobLogOutcome::Ok(log) => assert_eq!(log, "line 1\n"),
        other => panic!("wrong variant {other:?}"),
    }
}
