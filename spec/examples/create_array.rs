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
    Dimension {
        name: Some(name.to_owned()),
        r#type: Datatype::Int32,
        domain: DomainArray { int32: Some(vec![1, 100]), ..Default::default() },
        null_tile_extent: false,
        tile_extent: Some(DimensionTileExtent { int32: Some(10), ..Default::default() }),
        filter_pipeline: None,
    }
}

fn zstd(level: i32) -> FilterPipeline {
    FilterPipeline {
        filters: Some(vec![Filter {
            r#type: FilterType::FilterZstd,
            data: Some(FilterData { int32: Some(level), ..Default::default() }),
        }]),
    }
}

fn schema(uri: &str) -> ArraySchema {
    ArraySchema {
        uri: Some(uri.to_owned()),
        version: vec![1, 3, 0],
        array_type: ArrayType::Dense,
        tile_order: Layout::RowMajor,
        cell_order: Layout::RowMajor,
        capacity: 10_000,
        coords_filter_pipeline: FilterPipeline::default(),
        offset_filter_pipeline: zstd(1),
        domain: Domain {
            r#type: Datatype::Int32,
            tile_order: Layout::RowMajor,
            cell_order: Layout::RowMajor,
            dimensions: vec![dimension("row"), dimension("col")],
        },
        attributes: vec![
            Attribute {
                name: "temperature".to_owned(),
                r#type: Datatype::Float64,
                filter_pipeline: zstd(3),
                cell_val_num: 1,
                nullable: Some(false),
                fill_value: None,
            },
            Attribute {
                name: "station".to_owned(),
                r#type: Datatype::StringUtf8,
                filter_pipeline: FilterPipeline::default(),
                cell_val_num: VARIABLE_LENGTH,
                nullable: Some(true),
                fill_value: None,
            },
        ],
        allows_duplicates: None,
    }
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
