//! What is measured: the two calls, each made by the generated client and by
//! hand, and the bodies the server answers them with.

use std::time::Duration;

use bytes::Bytes;
use reqwest::header::ACCEPT;
use serde_json::{json, Value};
use tiledb_array_api::models::ArrayInfo;

use crate::server::Server;

const API_KEY: &str = "bench-key";
const API_KEY_HEADER: &str = "X-TILEDB-REST-API-KEY";
const NAMESPACE: &str = "alice";
const ARRAY: &str = "weather";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `get_array_metadata`: one `ArrayInfo`.
    OneModel,
    /// `get_all_array_metadata`: a list of `ArrayInfo`.
    List,
}

impl Case {
    pub fn name(self) -> &'static str {
        match self {
            Case::OneModel => "get_array_metadata",
            Case::List => "get_all_array_metadata",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    Generated,
    HandWritten,
    /// Hand-written with the deadline the generated client sets by default
    /// (60 s for the whole call), which costs a timer per request: this
    /// variant shows how much of the difference that is.
    HandWrittenWithTimeout,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Generated, Variant::HandWritten, Variant::HandWrittenWithTimeout];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Generated => "generated",
            Variant::HandWritten => "hand-written",
            Variant::HandWrittenWithTimeout => "hand-written + timeout",
        }
    }

    /// The per-request deadline a hand-written variant sets.
    fn timeout(self) -> Option<Duration> {
        (self == Variant::HandWrittenWithTimeout).then_some(Duration::from_secs(60))
    }
}

/// The JSON the server sends: one `ArrayInfo`, and a list of them.
#[derive(Clone)]
pub struct Bodies {
    pub one: Bytes,
    pub list: Bytes,
}

impl Bodies {
    pub fn new(list_items: usize) -> Result<Bodies, String> {
        let list: Vec<Value> = (0..list_items).map(array_info).collect();
        let to_bytes =
            |value: &Value| serde_json::to_vec(value).map(Bytes::from).map_err(|error| error.to_string());
        Ok(Bodies { one: to_bytes(&array_info(0))?, list: to_bytes(&Value::Array(list))? })
    }
}

/// A realistic record, different for each `index`.
fn array_info(index: usize) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-{index:012}"),
        "file_type": "array",
        "file_properties": {"format": "tiledb", "index": index.to_string()},
        "uri": format!("s3://tiledb-bench/arrays/weather-{index}"),
        "namespace": "alice",
        "size": 1_048_576 + index,
        "last_accessed": "2024-05-01T12:30:00Z",
        "description": format!("Hourly weather observations, station {index}, temperature, humidity and wind."),
        "name": format!("weather-{index}"),
        "allowed_actions": ["read", "write", "edit"],
        "type": if index.is_multiple_of(2) { "dense" } else { "sparse" },
        "share_count": index % 7,
        "public_share": index.is_multiple_of(3),
        "namespace_subscribed": false,
        "tiledb_uri": format!("tiledb://alice/weather-{index}"),
        "tags": ["weather", "hourly", "sensors"],
        "license_id": "MIT",
        "read_only": false,
        "is_favorite": index.is_multiple_of(5),
        "created_at": "2023-11-14T08:00:00Z",
        "created_by": "alice",
        "metadata": [{"key": "units", "value": "SI", "type": "string"}],
    })
}

/// The generated client and the hand-written one, on the same server.
pub struct Clients {
    generated: tiledb_array_api::Client,
    http: reqwest::Client,
    base_url: String,
}

impl Clients {
    pub fn new(server: &Server) -> Result<Clients, String> {
        let generated = tiledb_array_api::Client::builder(server.base_url.clone())
            .api_key(API_KEY)
            .build()
            .map_err(|error| error.to_string())?;
        let http = reqwest::Client::builder().build().map_err(|error| error.to_string())?;
        Ok(Clients { generated, http, base_url: server.base_url.clone() })
    }

    /// Makes one call and drops the result.
    pub async fn call(&self, case: Case, variant: Variant) -> Result<(), String> {
        match case {
            Case::OneModel => {
                std::hint::black_box(self.one_model(variant).await?);
            }
            Case::List => {
                std::hint::black_box(self.list(variant).await?);
            }
        }
        Ok(())
    }

    async fn one_model(&self, variant: Variant) -> Result<ArrayInfo, String> {
        match variant {
            Variant::Generated => {
                self.generated.get_array_metadata(NAMESPACE, ARRAY).await.map_err(|error| error.to_string())
            }
            by_hand => {
                self.by_hand(&format!("{}/arrays/{NAMESPACE}/{ARRAY}/metadata", self.base_url), by_hand).await
            }
        }
    }

    async fn list(&self, variant: Variant) -> Result<Vec<ArrayInfo>, String> {
        match variant {
            Variant::Generated => {
                self.generated.get_all_array_metadata().await.map_err(|error| error.to_string())
            }
            by_hand => self.by_hand(&format!("{}/arrays", self.base_url), by_hand).await,
        }
    }

    /// What a careful hand-written call does: send, check the status, read
    /// the body, decode it.
    async fn by_hand<T: serde::de::DeserializeOwned>(
        &self,
        url: &str,
        variant: Variant,
    ) -> Result<T, String> {
        let mut request =
            self.http.get(url).header(ACCEPT, "application/json").header(API_KEY_HEADER, API_KEY);
        if let Some(timeout) = variant.timeout() {
            request = request.timeout(timeout);
        }
        let response = request
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|error| error.to_string())?;
        let body = response.bytes().await.map_err(|error| error.to_string())?;
        serde_json::from_slice(&body).map_err(|error| error.to_string())
    }

    /// Fails unless both variants send the same request and decode the same
    /// result, so the timings compare like with like.
    pub async fn check_same_requests_and_results(&self, server: &Server) -> Result<(), String> {
        server.record();
        let generated = self.one_model(Variant::Generated).await?;
        let by_hand = self.one_model(Variant::HandWritten).await?;
        same(server, Case::OneModel, generated == by_hand)?;
        server.record();
        let generated = self.list(Variant::Generated).await?;
        let by_hand = self.list(Variant::HandWritten).await?;
        same(server, Case::List, generated == by_hand)
    }
}

fn same(server: &Server, case: Case, same_result: bool) -> Result<(), String> {
    let requests = server.recorded();
    match requests.as_slice() {
        [generated, by_hand] if generated == by_hand && same_result => Ok(()),
        [generated, by_hand] if generated == by_hand => {
            Err(format!("{}: the variants decode different results", case.name()))
        }
        _ => Err(format!(
            "{}: the variants send different requests:\n{}",
            case.name(),
            requests.join("\n---\n")
        )),
    }
}
