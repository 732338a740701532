//! Creates a dense 2-D array: an `int32` domain of 100 x 100 cells in
//! 10 x 10 tiles, with a compressed `float64` attribute and a variable-length
//! `string` attribute, then reads its schema back.
//!
//! ```sh
//! TILEDB_API_URL=https://api.tiledb.com/v1 TILEDB_API_KEY=... \
//!     cargo run --example create_array -- my-namespace s3://my-bucket/temperatures
//! ```

use std::env;

use tiledb_array_api::models::{
    ArraySchema, ArrayType, Attribute, Datatype, Dimension, DimensionTileExtent, Domain,
    DomainArray, Filter, FilterData, FilterPipeline, FilterType, Layout,
};
use tiledb_array_api::{Client, DEFAULT_BASE_URL, Error};

/// `cellValNum` of a variable-length attribute.
const VARIABLE_LENGTH: i64 = u32::MAX as i64;

fn dimension(name: &str) -> Dimension {
    let domain = DomainArray::new().int32([1, 100]);
    Dimension::new(Datatype::Int32, domain, false)
        .name(name)
        .tile_extent(DimensionTileExtent::new().int32(10))
}

fn zstd(level: i32) -> FilterPipeline {
    let filter = Filter::new(FilterType::FilterZstd).data(FilterData::new().int32(level));
    FilterPipeline::new().filters([filter])
}

fn schema(uri: &str) -> ArraySchema {
    let domain = Domain::new(
        Datatype::Int32,
        Layout::RowMajor,
        Layout::RowMajor,
        [dimension("row"), dimension("col")],
    );
    let attributes = [
        Attribute::new("temperature", Datatype::Float64, zstd(3), 1).nullable(false),
        Attribute::new("station", Datatype::StringUtf8, FilterPipeline::new(), VARIABLE_LENGTH)
            .nullable(true),
    ];
    // Format version, dense, row-major tiles and cells, tile capacity, then the filters of
    // coordinates and offsets, the domain and the attributes.
    ArraySchema::new(
        [1, 3, 0],
        ArrayType::Dense,
        Layout::RowMajor,
        Layout::RowMajor,
        10_000,
        FilterPipeline::new(),
        zstd(1),
        domain,
        attributes,
    )
    .uri(uri)
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let arguments: Vec<String> = env::args().skip(1).collect();
    let [namespace, uri] = arguments.as_slice() else {
        eprintln!("usage: create_array <namespace> <array-uri>");
        std::process::exit(2);
    };
    let base_url = env::var("TILEDB_API_URL").unwrap_or_else(|_| DEFAULT_BASE_URL.to_owned());
    let api_key = env::var("TILEDB_API_KEY").unwrap_or_default();
    let client = Client::builder(base_url).api_key(api_key).build()?;

    // The array is addressed by its URI, sent as one percent-encoded path segment.
    client.create_array(namespace, uri, schema(uri)).await?;
    println!("created {uri} in {namespace}");

    let created = client.get_array(namespace, uri).await?;
    println!(
        "{} dimensions, {} attributes",
        created.domain.dimensions.len(),
        created.attributes.len()
    );
    Ok(())
}
