//! Runs the server on a free port of 127.0.0.1 and prints its base URL on
//! the first line of stdout; it serves until it is stopped.

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    println!("http://{}", listener.local_addr()?);
    axum::serve(listener, utoipa_server::app()).await
}
