//! Nullable members on the wire: one the schema requires may come as
//! `null`, decodes (to `None`), and goes back out as `null`, since it is
//! required; the optional ones are left out. Compared as JSON, so the
//! test reads the same whatever Rust type holds the member.

mod common;

use common::{answering, header, only_request};
use fixture_nullable::Client;
use serde_json::json;
use wiremock::ResponseTemplate;

/// The patient `get_patient` decodes from `body`, written back as JSON.
async fn decoded(body: serde_json::Value) -> serde_json::Value {
    let server = answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    let patient = client.get_patient("p-1").await.expect("the patient decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/patients/p-1");
    assert_eq!(header(&request, "accept"), "application/json");
    serde_json::to_value(&patient).expect("the patient serializes")
}

#[tokio::test]
async fn null_in_a_required_nullable_member_decodes_and_stays_null() {
    let patient = json!({
        "name": "Ada Lovelace",
        "middle_name": null,
        "phone": null,
        "nickname": null,
        "allergies": null,
        "doctor": null
    });

    let back = decoded(patient).await;

    assert_eq!(back, json!({"name": "Ada Lovelace", "middle_name": null}));
}

#[tokio::test]
async fn a_required_nullable_member_with_a_value_decodes() {
    let patient = json!({"name": "Ada Lovelace", "middle_name": "Augusta", "phone": "555"});

    let back = decoded(patient.clone()).await;

    assert_eq!(back, patient);
}
