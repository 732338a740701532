//! Shares an array with another namespace, shows the resulting policies,
//! and revokes the share again (an empty action list removes the grant).
//!
//! ```sh
//! TILEDB_API_URL=https://api.tiledb.com/v1 TILEDB_API_KEY=... \
//!     cargo run --example share_array -- owner-namespace array-name other-namespace
//! ```

use std::env;

use tiledb_array_api::models::{ArrayActions, ArraySharing};
use tiledb_array_api::{Client, DEFAULT_BASE_URL, Error, StatusCode};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let arguments: Vec<String> = env::args().skip(1).collect();
    let [owner, array, grantee] = arguments.as_slice() else {
        eprintln!("usage: share_array <owner-namespace> <array> <grantee-namespace>");
        std::process::exit(2);
    };
    let base_url = env::var("TILEDB_API_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let api_key = env::var("TILEDB_API_KEY").unwrap_or_default();
    let client = Client::builder(base_url).api_key(api_key).build()?;

    let grant = ArraySharing::new(grantee, [ArrayActions::Read, ArrayActions::ReadArrayInfo]);
    match client.share_array(owner, array, grant).await {
        Ok(()) => println!("shared {owner}/{array} with {grantee} (read)"),
        Err(error) if error.status() == Some(StatusCode::NOT_FOUND) => {
            eprintln!("{owner}/{array} does not exist, or you may not share it");
            std::process::exit(1);
        }
        Err(error) => return Err(error),
    }

    for policy in client.get_array_sharing_policies(owner, array).await? {
        let actions: Vec<String> =
            policy.actions.unwrap_or_default().iter().map(ToString::to_string).collect();
        println!("  {}: {}", policy.namespace.unwrap_or_default(), actions.join(", "));
    }

    // An empty list of actions is sent as `[]` and revokes the grant.
    let revoke = ArraySharing::new(grantee, []);
    client.share_array(owner, array, revoke).await?;
    println!("revoked {grantee}'s access");
    Ok(())
}
