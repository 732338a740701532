//! Path parameters on the wire: each value is one percent-encoded segment,
//! and a placeholder the path repeats is filled from its one parameter
//! every time.

mod common;

use common::{answering, header, only_request};
use fixture_path_params::Client;
use wiremock::ResponseTemplate;

#[tokio::test]
async fn a_repeated_placeholder_is_filled_twice_from_one_parameter() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.get_account_map("acme/é 1", 7).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/accounts/acme%2F%C3%A9%201/maps/7/accounts/acme%2F%C3%A9%201");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "accept"), "application/json");
}

#[tokio::test]
async fn path_level_and_operation_parameters_fill_their_own_segments() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder(server.uri()).build().expect("client");
    client.delete_readings("eu west", "s.1").await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "DELETE");
    assert_eq!(request.url.path(), "/stations/eu%20west/s.1/readings");
}
