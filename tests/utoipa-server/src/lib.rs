//! A pet store written the way an axum + utoipa team writes its server:
//! handlers annotated with `#[utoipa::path]`, models deriving `ToSchema`,
//! and the OpenAPI 3.1 document utoipa builds from them served at
//! `/openapi.json`. Its models use what utoipa writes in 3.1: `Option`s as
//! type lists with `"null"` (and as `oneOf` with a `null` member for named
//! types), string enums, an internally tagged and an untagged enum; its
//! operations take path and query parameters and a JSON body, answer 201
//! and 204, and report failures with an error body.
//!
//! The round-trip test generates a client from the served document and runs
//! it against this server (see `tests/utoipa_roundtrip/`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

/// A pet of the store.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Pet {
    /// Its number, given by the store.
    pub id: u64,
    /// What it answers to.
    pub name: String,
    pub species: Species,
    /// A note on the collar; `null` when there is none.
    pub tag: Option<String>,
    /// Who looks after it, when someone does.
    pub owner: Option<Owner>,
    /// Its age in whole years, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_years: Option<u32>,
}

/// What kind of animal a pet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Species {
    Cat,
    Dog,
    Bird,
}

/// A person who looks after pets.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct Owner {
    pub name: String,
    /// A phone number, when they gave one.
    pub phone: Option<String>,
}

/// What a new pet is registered with.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct NewPet {
    pub name: String,
    pub species: Species,
    pub tag: Option<String>,
    pub owner: Option<Owner>,
}

/// Something that happened to a pet, told apart by `type`.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// It was fed.
    Fed { food: String, grams: u32 },
    /// It was vaccinated, against what and when (when known).
    Vaccinated { vaccine: String, on: Option<String> },
    /// It went for a walk.
    Walked { minutes: u32 },
}

/// What a lookup by name finds: the pet, or the names that come closest.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum Lookup {
    Found(Pet),
    Suggestions(Vec<String>),
}

/// Why a request failed.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// The HTTP status, repeated.
    pub code: u16,
    pub message: String,
}

/// Filters for listing pets.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only pets of this species.
    pub species: Option<Species>,
    /// At most this many pets.
    pub limit: Option<u32>,
}

type Failure = (StatusCode, Json<ErrorBody>);

fn failure(status: StatusCode, message: String) -> Failure {
    (status, Json(ErrorBody { code: status.as_u16(), message }))
}

#[derive(Clone)]
struct Store(Arc<Mutex<Vec<Pet>>>);

impl Store {
    fn pets(&self) -> std::sync::MutexGuard<'_, Vec<Pet>> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The pets every new server starts with.
fn seed() -> Vec<Pet> {
    vec![
        Pet {
            id: 1,
            name: "Tom".into(),
            species: Species::Cat,
            tag: None,
            owner: Some(Owner { name: "Ann".into(), phone: None }),
            age_years: Some(3),
        },
        Pet {
            id: 2,
            name: "Rex".into(),
            species: Species::Dog,
            tag: Some("good boy".into()),
            owner: None,
            age_years: None,
        },
        Pet {
            id: 3,
            name: "Kiwi".into(),
            species: Species::Bird,
            tag: None,
            owner: Some(Owner { name: "Bo".into(), phone: Some("+1 555 0100".into()) }),
            age_years: Some(1),
        },
    ]
}

/// Lists pets, filtered by species, at most `limit` of them.
#[utoipa::path(get, path = "/pets", params(ListQuery), responses((status = 200, description = "The pets, by id.", body = Vec<Pet>)))]
async fn list_pets(State(store): State<Store>, Query(query): Query<ListQuery>) -> Json<Vec<Pet>> {
    let pets = store.pets();
    let limit = query.limit.map_or(usize::MAX, |limit| limit as usize);
    let wanted = pets.iter().filter(|pet| query.species.is_none_or(|species| pet.species == species));
    Json(wanted.take(limit).cloned().collect())
}

/// Registers a pet.
#[utoipa::path(
    post,
    path = "/pets",
    request_body = NewPet,
    responses(
        (status = 201, description = "The pet as stored.", body = Pet),
        (status = 400, description = "The pet has no name.", body = ErrorBody),
    )
)]
async fn create_pet(
    State(store): State<Store>,
    Json(new): Json<NewPet>,
) -> Result<(StatusCode, Json<Pet>), Failure> {
    if new.name.trim().is_empty() {
        return Err(failure(StatusCode::BAD_REQUEST, "a pet needs a name".into()));
    }
    let mut pets = store.pets();
    let id = pets.iter().map(|pet| pet.id).max().unwrap_or(0) + 1;
    let pet =
        Pet { id, name: new.name, species: new.species, tag: new.tag, owner: new.owner, age_years: None };
    pets.push(pet.clone());
    Ok((StatusCode::CREATED, Json(pet)))
}

/// One pet.
#[utoipa::path(
    get,
    path = "/pets/{id}",
    params(("id" = u64, Path, description = "The pet's number.")),
    responses(
        (status = 200, description = "The pet.", body = Pet),
        (status = 404, description = "No pet has that number.", body = ErrorBody),
    )
)]
async fn get_pet(State(store): State<Store>, Path(id): Path<u64>) -> Result<Json<Pet>, Failure> {
    let pets = store.pets();
    let pet = pets.iter().find(|pet| pet.id == id).cloned();
    pet.map(Json).ok_or_else(|| failure(StatusCode::NOT_FOUND, format!("no pet number {id}")))
}

/// Removes a pet.
#[utoipa::path(
    delete,
    path = "/pets/{id}",
    params(("id" = u64, Path, description = "The pet's number.")),
    responses(
        (status = 204, description = "Removed."),
        (status = 404, description = "No pet has that number.", body = ErrorBody),
    )
)]
async fn delete_pet(State(store): State<Store>, Path(id): Path<u64>) -> Result<StatusCode, Failure> {
    let mut pets = store.pets();
    let before = pets.len();
    pets.retain(|pet| pet.id != id);
    if pets.len() == before {
        return Err(failure(StatusCode::NOT_FOUND, format!("no pet number {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}

/// What happened to a pet, oldest first.
#[utoipa::path(
    get,
    path = "/pets/{id}/events",
    params(("id" = u64, Path, description = "The pet's number.")),
    responses((status = 200, description = "Its events.", body = Vec<Event>))
)]
async fn pet_events(Path(id): Path<u64>) -> Json<Vec<Event>> {
    Json(match id {
        1 => vec![
            Event::Fed { food: "tuna".into(), grams: 50 },
            Event::Vaccinated { vaccine: "rabies".into(), on: Some("2024-03-01".into()) },
        ],
        2 => vec![Event::Walked { minutes: 30 }, Event::Vaccinated { vaccine: "distemper".into(), on: None }],
        _ => Vec::new(),
    })
}

/// Finds a pet by its name, or suggests names that start the same way.
#[utoipa::path(
    get,
    path = "/lookup/{name}",
    params(("name" = String, Path, description = "The name to look for.")),
    responses((status = 200, description = "The pet, or suggestions.", body = Lookup))
)]
async fn lookup(State(store): State<Store>, Path(name): Path<String>) -> Json<Lookup> {
    let pets = store.pets();
    if let Some(pet) = pets.iter().find(|pet| pet.name == name) {
        return Json(Lookup::Found(pet.clone()));
    }
    let first = name.chars().next().unwrap_or_default();
    Json(Lookup::Suggestions(
        pets.iter().filter(|pet| pet.name.starts_with(first)).map(|pet| pet.name.clone()).collect(),
    ))
}

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pet Store",
        version = "1.0.0",
        description = "Pets, their owners and what happens to them."
    ),
    paths(list_pets, create_pet, get_pet, delete_pet, pet_events, lookup),
    components(schemas(Pet, NewPet, Species, Owner, Event, Lookup, ErrorBody))
)]
pub struct ApiDoc;

/// The server's routes, over a fresh store, with the document at
/// `/openapi.json`.
pub fn app() -> Router {
    Router::new()
        .route("/pets", get(list_pets).post(create_pet))
        .route("/pets/{id}", get(get_pet).delete(delete_pet))
        .route("/pets/{id}/events", get(pet_events))
        .route("/lookup/{name}", get(lookup))
        .route("/openapi.json", get(|| async { Json(ApiDoc::openapi()) }))
        .with_state(Store(Arc::new(Mutex::new(seed()))))
}

/// Starts a server on a free port of 127.0.0.1 in the current tokio
/// runtime; returns its address.
pub async fn spawn() -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, app()).await });
    Ok(address)
}
