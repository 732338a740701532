// Copied by cargo xtask codegen from spec/examples/list_arrays.rs. Do not edit.

//! Lists the arrays the caller can see, then the arrays of one namespace
//! with their metadata.
//!
//! ```sh
//! TILEDB_API_URL=https://api.tiledb.com/v1 TILEDB_API_KEY=... \
//!     cargo run --example list_arrays -- my-namespace
//! ```

use std::env;
use std::error::Error as _;

use tiledb_array_api::{Client, DEFAULT_BASE_URL, Error};

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("error: {error}");
        let mut source = error.source();
        while let Some(cause) = source {
            eprintln!("  caused by: {cause}");
            source = cause.source();
        }
        std::process::exit(1);
    }
}

async fn run() -> Result<(), Error> {
    let base_url = env::var("TILEDB_API_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let api_key = env::var("TILEDB_API_KEY").unwrap_or_default();
    let client = Client::builder(base_url).api_key(api_key).build()?;

    let arrays = client.get_all_array_metadata().public_share("exclude").await?;
    println!("{} arrays visible:", arrays.len());
    for array in &arrays {
        println!(
            "  {}/{}  {}",
            array.namespace.as_deref().unwrap_or("?"),
            array.name.as_deref().unwrap_or("?"),
            array.uri.as_deref().unwrap_or("")
        );
    }

    if let Some(namespace) = env::args().nth(1) {
        let owned = client.get_arrays_in_namespace(&namespace).with_metadata(true).await?;
        println!("{} arrays in {namespace}:", owned.len());
        for array in owned {
            let entries = array.metadata.unwrap_or_default();
            println!("  {} ({} metadata entries)", array.name.unwrap_or_default(), entries.len());
        }
    }
    Ok(())
}
