//! Specs served by a producer: the harness starts the server on 127.0.0.1
//! and reads the document it serves, which the crate is generated from.

use std::io::{Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};

/// The OpenAPI 3.1 document of the axum + utoipa server
/// (`tests/utoipa-server`), as it serves it.
pub fn utoipa_document() -> Result<String, String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|error| format!("a tokio runtime: {error}"))?;
    let address = runtime
        .block_on(utoipa_server::spawn())
        .map_err(|error| format!("the utoipa server does not start on 127.0.0.1: {error}"))?;
    let document = http_get(address, "/openapi.json")?;
    drop(runtime);
    let served: serde_json::Value = serde_json::from_str(&document)
        .map_err(|error| format!("the served document is not JSON: {error}"))?;
    if served["openapi"] != "3.1.0" {
        return Err(format!("utoipa serves OpenAPI {}, not 3.1.0", served["openapi"]));
    }
    Ok(document)
}

/// The body of a `GET` of `path` from the server at `address`.
fn http_get(address: SocketAddr, path: &str) -> Result<String, String> {
    let failed = |error: std::io::Error| format!("GET {path} from {address}: {error}");
    let mut stream = TcpStream::connect(address).map_err(failed)?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(failed)?;
    let mut response = String::new();
    stream.read_to_string(&mut response).map_err(failed)?;
    let (head, body) = response.split_once("\r\n\r\n").ok_or_else(|| format!("GET {path}: not HTTP"))?;
    if !head.starts_with("HTTP/1.1 200") {
        return Err(format!("GET {path}: {head}"));
    }
    if head.to_ascii_lowercase().contains("transfer-encoding") {
        return Err(format!("GET {path}: a chunked body: {head}"));
    }
    Ok(body.to_owned())
}
