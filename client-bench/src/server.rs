//! The loopback server: HTTP/1.1 on 127.0.0.1, on a thread and runtime of its
//! own, answering with bodies made once up front. It can record the requests
//! it gets, to show that both variants send the same one.

use std::convert::Infallible;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;

use crate::workload::Bodies;

/// Requests seen while recording: method, path and query, and the headers
/// (`User-Agent` left out) sorted, one string per request.
type Recorded = Arc<Mutex<Option<Vec<String>>>>;

pub struct Server {
    pub base_url: String,
    recorded: Recorded,
}

impl Server {
    /// Starts recording, dropping whatever was recorded before.
    pub fn record(&self) {
        *self.recorded.lock().unwrap_or_else(PoisonError::into_inner) = Some(Vec::new());
    }

    /// Stops recording and gives what was recorded.
    pub fn recorded(&self) -> Vec<String> {
        self.recorded.lock().unwrap_or_else(PoisonError::into_inner).take().unwrap_or_default()
    }
}

/// Binds 127.0.0.1 on a free port and serves until the process ends.
pub fn start(bodies: Bodies) -> Result<Server, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|error| format!("bind: {error}"))?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
    listener.set_nonblocking(true).map_err(|error| error.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("server runtime: {error}"))?;
    let recorded = Recorded::default();
    let server_recorded = Arc::clone(&recorded);
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            while let Ok((stream, _)) = listener.accept().await {
                let bodies = bodies.clone();
                let recorded = Arc::clone(&server_recorded);
                let service = hyper::service::service_fn(move |request| {
                    std::future::ready(Ok::<_, Infallible>(answer(&request, &bodies, &recorded)))
                });
                tokio::spawn(
                    hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service),
                );
            }
        });
    });
    Ok(Server { base_url: format!("http://{address}/v1"), recorded })
}

fn answer(request: &Request<Incoming>, bodies: &Bodies, recorded: &Recorded) -> Response<Full<Bytes>> {
    if let Some(requests) = recorded.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
        requests.push(describe(request));
    }
    let path = request.uri().path();
    let body = if path == "/v1/arrays" {
        Some(bodies.list.clone())
    } else if path.starts_with("/v1/arrays/") && path.ends_with("/metadata") {
        Some(bodies.one.clone())
    } else {
        None
    };
    let mut response = Response::new(Full::new(body.clone().unwrap_or_default()));
    if body.is_some() {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
    } else {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}

fn describe(request: &Request<Incoming>) -> String {
    let mut headers: Vec<String> = request
        .headers()
        .iter()
        .filter(|(name, _)| *name != hyper::header::USER_AGENT)
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect();
    headers.sort();
    format!("{} {}\n{}", request.method(), request.uri(), headers.join("\n"))
}
