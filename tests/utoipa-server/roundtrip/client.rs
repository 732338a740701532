//! The round trip: this crate's client was generated from the OpenAPI 3.1
//! document the utoipa server (`tests/utoipa-server`) serves, fetched over
//! 127.0.0.1. Here it calls every operation of a server of its own, started
//! on 127.0.0.1, and each result is compared with what that server holds,
//! written out by hand below (not decoded from the server's JSON).
//!
//! Copied into the generated crate's `tests/` by the fixture build, with the
//! document it was generated from as `tests/served-openapi.json`.

use fixture_utoipa_roundtrip::models::{
    Event, EventFed, EventVaccinated, EventWalked, Lookup, NewPet, Owner, Pet, Species,
};
use fixture_utoipa_roundtrip::{Client, StatusCode};

async fn client() -> (Client, std::net::SocketAddr) {
    let address = utoipa_server::spawn().await.expect("the server starts on 127.0.0.1");
    let client = Client::builder(format!("http://{address}")).build().expect("a client");
    (client, address)
}

fn tom() -> Pet {
    Pet::new(1, "Tom", Species::Cat).owner(Owner::new("Ann")).age_years(3)
}

fn rex() -> Pet {
    Pet::new(2, "Rex", Species::Dog).tag("good boy")
}

fn kiwi() -> Pet {
    Pet::new(3, "Kiwi", Species::Bird).owner(Owner::new("Bo").phone("+1 555 0100")).age_years(1)
}

/// The server still serves, byte for byte, the document this crate was
/// generated from: the client and the server below agree on one API.
#[tokio::test]
async fn the_server_serves_the_document_this_client_was_generated_from() {
    let (_, address) = client().await;
    let served = tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(address).expect("connects");
        stream
            .write_all(
                b"GET /openapi.json HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            )
            .expect("sends");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("reads");
        response
    })
    .await
    .expect("fetches");
    let (head, body) = served.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let served: serde_json::Value = serde_json::from_str(body).expect("JSON");
    let generated_from: serde_json::Value =
        serde_json::from_str(include_str!("served-openapi.json")).expect("the stored document");
    assert_eq!(served, generated_from);
    assert_eq!(served["openapi"], "3.1.0");
}

#[tokio::test]
async fn get_pet_decodes_nullable_fields_enums_and_optional_named_types() {
    let (client, _) = client().await;
    assert_eq!(client.get_pet(1).await.expect("pet 1"), tom());
    assert_eq!(client.get_pet(2).await.expect("pet 2"), rex());
    assert_eq!(client.get_pet(3).await.expect("pet 3"), kiwi());
}

#[tokio::test]
async fn list_pets_sends_its_query_parameters() {
    let (client, _) = client().await;
    assert_eq!(client.list_pets().await.expect("all"), vec![tom(), rex(), kiwi()]);
    assert_eq!(client.list_pets().species(Species::Dog).await.expect("dogs"), vec![rex()]);
    assert_eq!(client.list_pets().limit(2).await.expect("two"), vec![tom(), rex()]);
    assert_eq!(
        client.list_pets().species(Species::Bird).limit(0).await.expect("none"),
        Vec::<Pet>::new()
    );
}

#[tokio::test]
async fn create_pet_sends_the_body_and_gets_201_with_the_stored_pet() {
    let (client, _) = client().await;
    let cy = Owner::new("Cy").phone("+44 20 0000");
    let new = NewPet::new("Nemo", Species::Cat).tag("stripes").owner(cy.clone());
    let expected = Pet::new(4, "Nemo", Species::Cat).tag("stripes").owner(cy);
    assert_eq!(client.create_pet(new).await.expect("created"), expected);
    assert_eq!(client.get_pet(4).await.expect("stored"), expected);
    // `None` fields are left out, which the server reads as absent.
    let bare = NewPet::new("Pip", Species::Bird);
    let created = client.create_pet(bare).await.expect("created");
    assert_eq!(created, Pet::new(5, "Pip", Species::Bird));
}

#[tokio::test]
async fn errors_carry_the_decoded_error_body() {
    let (client, _) = client().await;
    let error = client.get_pet(99).await.expect_err("no pet 99");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    let body = error.api_error().expect("an error body");
    assert_eq!((body.code, body.message.as_str()), (404, "no pet number 99"));

    let nameless = NewPet::new(" ", Species::Dog);
    let error = client.create_pet(nameless).await.expect_err("a pet needs a name");
    assert_eq!(error.status(), Some(StatusCode::BAD_REQUEST));
    let body = error.api_error().expect("an error body");
    assert_eq!((body.code, body.message.as_str()), (400, "a pet needs a name"));
}

#[tokio::test]
async fn delete_pet_answers_204_then_404() {
    let (client, _) = client().await;
    client.delete_pet(2).await.expect("204");
    assert_eq!(client.list_pets().await.expect("the rest"), vec![tom(), kiwi()]);
    let error = client.delete_pet(2).await.expect_err("already gone");
    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(error.api_error().map(|body| body.message.as_str()), Some("no pet number 2"));
}

#[tokio::test]
async fn pet_events_decode_by_their_tag() {
    let (client, _) = client().await;
    let events = client.pet_events(1).await.expect("events of pet 1");
    let [Event::Fed(fed), Event::Vaccinated(vaccinated)] = events.as_slice() else {
        panic!("a feeding, then a vaccination: {events:?}");
    };
    assert_eq!((fed.food.as_str(), fed.grams), ("tuna", 50));
    assert_eq!(
        (vaccinated.vaccine.as_str(), vaccinated.on.as_deref()),
        ("rabies", Some("2024-03-01"))
    );

    let events = client.pet_events(2).await.expect("events of pet 2");
    let [
        Event::Walked(EventWalked { minutes: 30, .. }),
        Event::Vaccinated(EventVaccinated { vaccine, on: None, .. }),
    ] = events.as_slice()
    else {
        panic!("a walk, then a vaccination without a date: {events:?}");
    };
    assert_eq!(vaccine.as_str(), "distemper");
    assert_eq!(client.pet_events(7).await.expect("no events"), Vec::<Event>::new());
    // Written back, each event carries its own tag.
    let mut seeds = EventFed::default();
    (seeds.food, seeds.grams) = ("seeds".into(), 5);
    let fed = Event::Fed(seeds);
    assert_eq!(
        serde_json::to_value(&fed).expect("encodes"),
        serde_json::json!({ "type": "fed", "food": "seeds", "grams": 5 })
    );
}

#[tokio::test]
async fn lookup_decodes_either_side_of_the_untagged_union() {
    let (client, _) = client().await;
    assert_eq!(client.lookup("Rex").await.expect("found"), Lookup::Pet(rex()));
    assert_eq!(
        client.lookup("Tiger").await.expect("suggestions"),
        Lookup::StringList(vec!["Tom".into()])
    );
    assert_eq!(client.lookup("Zed").await.expect("nothing close"), Lookup::StringList(Vec::new()));
}
