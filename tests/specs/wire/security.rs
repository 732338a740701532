//! API keys sent in the query string and in a cookie: they go out, and they
//! never show in errors (`Display`, `Debug`, the `source` chain), traces or
//! logs, whatever the call's outcome. A URL is where a query key hides, so
//! an error that kept the request URL would fail here.

mod common;

use std::sync::Mutex;
use std::time::Duration;

use common::{answering, header, only_request};
use fixture_security::{Client, Error, RetryPolicy};
use wiremock::ResponseTemplate;

const QUERY_KEY: &str = "SECRET-QUERY-KEY-1";
const COOKIE_KEY: &str = "SECRET-COOKIE-KEY-2";

/// Everything recorded by the tracing subscriber and the logger: span names,
/// field names and values, log messages.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn with_keys(base_url: &str) -> fixture_security::ClientBuilder {
    Client::builder(base_url)
        .api_key_query(QUERY_KEY)
        .api_key_cookie(COOKIE_KEY)
        .retry_policy(RetryPolicy::new().max_attempts(2).initial_backoff(Duration::from_millis(10)))
}

fn assert_hidden(what: &str, text: &str) {
    for secret in [QUERY_KEY, COOKIE_KEY] {
        assert!(!text.contains(secret), "{what} shows {secret}: {text}");
    }
}

fn assert_error_hidden(what: &str, error: &Error) {
    assert_hidden(what, &error.to_string());
    assert_hidden(what, &format!("{error:?}"));
    assert_hidden(what, &format!("{error:#?}"));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        assert_hidden(what, &cause.to_string());
        assert_hidden(what, &format!("{cause:?}"));
        source = cause.source();
    }
}

#[tokio::test]
async fn api_keys_in_the_query_and_a_cookie_never_show_in_errors_traces_or_logs() {
    capture::install();

    // They go out, so what follows is not vacuous.
    let server = answering(ResponseTemplate::new(200).set_body_json(serde_json::json!([]))).await;
    let builder = with_keys(&server.uri());
    assert_hidden("the builder", &format!("{builder:?}"));
    let client = builder.build().expect("client");
    assert_hidden("the client", &format!("{client:#?}"));
    assert_hidden("a request", &format!("{:?}", client.export_tickets()));
    client.export_tickets().await.expect("decodes");
    let request = only_request(&server).await;
    assert_eq!(request.url.query(), Some("api_key=SECRET-QUERY-KEY-1"));
    assert_eq!(header(&request, "cookie"), "session_key=SECRET-COOKIE-KEY-2");

    let unauthorized =
        ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "bad key"}));
    let not_json = ResponseTemplate::new(200).set_body_raw("[{", "application/json");
    let elsewhere =
        ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:9/elsewhere");
    for (what, response) in
        [("an API error", unauthorized), ("a decode error", not_json), ("a redirect", elsewhere)]
    {
        let server = answering(response).await;
        let error = with_keys(&server.uri()).build().unwrap().export_tickets().await.unwrap_err();
        assert_error_hidden(what, &error);
    }

    let slow = answering(ResponseTemplate::new(200).set_delay(Duration::from_secs(60))).await;
    let error = with_keys(&slow.uri())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .export_tickets()
        .await;
    let error = error.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert_error_hidden("a timeout", &error);

    // Refused, and retried once: a transport error after a `retrying` event.
    let (_socket, address) = refusing_socket();
    let error = with_keys(&format!("http://{address}"))
        .build()
        .unwrap()
        .export_tickets()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_error_hidden("a refused connection", &error);

    let seen = SEEN.lock().unwrap().clone();
    assert!(seen.iter().any(|text| text == "retrying"), "the traces were recorded: {seen:?}");
    for text in &seen {
        assert_hidden("a trace or log", text);
    }
}

/// A TCP socket bound to a free port of 127.0.0.1 that is not listening.
fn refusing_socket() -> (socket2::Socket, std::net::SocketAddr) {
    use socket2::{Domain, Protocol, SockAddr, Socket, Type};
    let socket =
        Socket::new(Domain::IPV4, Type::STREAM, Some(Protocol::TCP)).expect("a TCP socket");
    let any_port: std::net::SocketAddr = "127.0.0.1:0".parse().unwrap();
    socket.bind(&SockAddr::from(any_port)).expect("bind 127.0.0.1:0");
    let address = socket.local_addr().unwrap().as_socket().expect("an IP address");
    (socket, address)
}

/// A tracing subscriber and a logger, at every level, that record all the
/// text they are given into [`SEEN`].
mod capture {
    use tracing::field::{Field, Visit};
    use tracing_subscriber::layer::{Context, SubscriberExt as _};

    struct Text;

    impl Visit for Text {
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            super::SEEN.lock().unwrap().extend([field.name().to_owned(), format!("{value:?}")]);
        }

        fn record_str(&mut self, field: &Field, value: &str) {
            super::SEEN.lock().unwrap().extend([field.name().to_owned(), value.to_owned()]);
        }
    }

    struct Layer;

    impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Layer {
        fn on_new_span(
            &self,
            attributes: &tracing::span::Attributes<'_>,
            _: &tracing::span::Id,
            _: Context<'_, S>,
        ) {
            super::SEEN.lock().unwrap().push(attributes.metadata().name().to_owned());
            attributes.record(&mut Text);
        }

        fn on_record(
            &self,
            _: &tracing::span::Id,
            values: &tracing::span::Record<'_>,
            _: Context<'_, S>,
        ) {
            values.record(&mut Text);
        }

        fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
            event.record(&mut Text);
        }
    }

    struct Logger;

    impl log::Log for Logger {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }

        fn log(&self, record: &log::Record<'_>) {
            super::SEEN.lock().unwrap().push(format!("{} {}", record.target(), record.args()));
        }

        fn flush(&self) {}
    }

    pub fn install() {
        let subscriber = tracing_subscriber::registry().with(Layer);
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        log::set_logger(&Logger).expect("the only logger");
        log::set_max_level(log::LevelFilter::Trace);
    }
}
