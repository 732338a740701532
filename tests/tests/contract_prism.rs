//! Contract tests: every operation of the generated client against Prism, a
//! mock server that validates each request against `spec/array-api.yaml`.
//!
//! Prism runs with `--errors`, so a request that breaks the spec gets a 422
//! whose `sl-violations` header lists what is wrong (and a response Prism
//! makes up that breaks the spec gets a 500 with the same header). Calls go
//! through `send_with_response`, so `sl-violations` on a 2xx fails a call
//! too, and Prism's log is read as a second witness. Every response must
//! decode into the operation's result type: Prism's static examples once,
//! and json-schema-faker's bodies (`--dynamic`) for several seeds.
//!
//! Each test makes all the calls against its own Prism and then fails once,
//! naming every call that went wrong with the evidence (status, violations,
//! the request as Prism saw it, the body around a decode error), and every
//! operation of the spec that no call covered.
//!
//! Needs Node.js 18.20+ and npm; Prism itself is installed from
//! `tests/prism/package-lock.json` on first use.

mod prism;

use std::collections::BTreeMap;

use prism::{Mode, Prism, Report};
use tiledb_array_api::models::{
    self, ArrayActions, ArrayInfoUpdate, ArraySchema, ArraySharing, ArrayType, Attribute, Datatype,
    Dimension, DimensionTileExtent, Domain, DomainArray, FileType, Filter, FilterData, FilterPipeline,
    FilterType, Layout,
};
use tiledb_array_api::{Client, RetryPolicy};

const API_KEY: &str = "contract-test-key";
/// An organization, as namespaces usually are.
const NAMESPACE: &str = "TileDB-Inc";
/// Arrays are addressed by name or by storage URI; a URI needs every
/// reserved character of a path segment encoded.
const ARRAY_URI: &str = "s3://bucket/my array";
const ARRAY_NAME: &str = "weather-2024";

/// Sends `$request` (a request builder) with `send_with_response`, so the
/// status and headers of a success can be checked too, and records the
/// outcome under `$name`.
macro_rules! call {
    ($report:ident, $name:expr, $request:expr, $check:expr $(,)?) => {{
        let result = $request.send_with_response().await;
        $report.record($name, result, $check);
    }};
}

#[tokio::test]
async fn static_examples() {
    run_every_operation(Mode::Static).await;
}

#[tokio::test]
async fn dynamic_bodies_seed_1() {
    run_every_operation(Mode::Dynamic { seed: 1 }).await;
}

#[tokio::test]
async fn dynamic_bodies_seed_2() {
    run_every_operation(Mode::Dynamic { seed: 2 }).await;
}

#[tokio::test]
async fn dynamic_bodies_seed_3() {
    run_every_operation(Mode::Dynamic { seed: 3 }).await;
}

/// Calls every operation once (create_array twice: integer and float
/// dimensions) against a Prism in `mode`, then fails listing each call that
/// Prism rejected or whose response the client could not decode.
async fn run_every_operation(mode: Mode) {
    let mut prism = Prism::start(mode);
    // One request per call: Prism's log is matched with the calls in order.
    let client = Client::builder(prism.base_url.as_str())
        .api_key(API_KEY)
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a client for Prism");
    let examples = mode == Mode::Static;
    let mut report = Report::new(mode);

    call!(
        report,
        "get_all_array_metadata",
        client.get_all_array_metadata().public_share("exclude"),
        |arrays| if examples { check_array_info_example(arrays.first()) } else { Ok(()) },
    );

    call!(
        report,
        "get_arrays_in_namespace",
        client.get_arrays_in_namespace(NAMESPACE).with_metadata(true),
        |arrays| if examples { check_array_info_example(arrays.first()) } else { Ok(()) },
    );

    call!(report, "get_array", client.get_array(NAMESPACE, ARRAY_URI), |schema| {
        if examples {
            expect_eq("uri", schema.uri.as_deref(), Some("s3://bucket/test_array"))?;
            expect_eq("capacity", schema.capacity, 100_000)?;
            expect_eq(
                "attributes[0].name",
                schema.attributes.first().map(|a| a.name.as_str()),
                Some("attribute1"),
            )?;
        }
        Ok(())
    });

    call!(
        report,
        "create_array (dense, int32 dimensions)",
        client
            .create_array(NAMESPACE, ARRAY_URI, dense_int_schema())
            .x_tiledb_cloud_access_credentials_name("aws-prod-credentials"),
        no_check,
    );

    call!(
        report,
        "create_array (sparse, float64 dimensions, tile extent 0.5)",
        client.create_array(NAMESPACE, "s3://bucket/stations", sparse_float_schema()),
        no_check,
    );

    call!(report, "delete_array", client.delete_array(NAMESPACE, ARRAY_URI), no_check);

    call!(
        report,
        "array_activity_log",
        client
            .array_activity_log(NAMESPACE, ARRAY_NAME)
            .start(1_704_067_200)
            .end(1_706_745_600)
            .event_types("read_schema,query_read")
            .task_id("5a1c4e7e-2f0b-4c3a-9d61-0c8f1b2e3d4a")
            .has_task_id(true),
        |log| {
            if examples {
                let entry = log.first().ok_or("the example has one entry, the result none")?;
                expect_eq("bytes_sent", entry.bytes_sent, Some(1_073_741_824))?;
                expect_eq("action", entry.action.clone(), Some(models::ActivityEventType::ReadSchema))?;
            }
            Ok(())
        },
    );

    call!(report, "deregister_array", client.deregister_array(NAMESPACE, ARRAY_NAME), no_check);

    call!(report, "get_array_metadata", client.get_array_metadata(NAMESPACE, ARRAY_URI), |info| {
        if examples {
            check_array_info_example(Some(info))?;
        }
        Ok(())
    });

    call!(
        report,
        "update_array_metadata",
        client.update_array_metadata(NAMESPACE, ARRAY_NAME, info_update()),
        no_check,
    );

    call!(
        report,
        "register_array",
        client.register_array(
            NAMESPACE,
            ARRAY_NAME,
            info_update().uri("s3://bucket/weather/2024").access_credentials_name("aws-prod-credentials"),
        ),
        no_check,
    );

    call!(
        report,
        "get_array_sharing_policies",
        client.get_array_sharing_policies(NAMESPACE, ARRAY_URI),
        |policies| {
            if examples {
                let policy = policies.first().ok_or("the example has one policy, the result none")?;
                expect_eq(
                    "actions",
                    policy.actions.clone(),
                    Some(vec![ArrayActions::Read, ArrayActions::Write]),
                )?;
                expect_eq("namespace", policy.namespace.as_deref(), Some("MyOrganization"))?;
            }
            Ok(())
        },
    );

    call!(
        report,
        "share_array",
        client.share_array(
            NAMESPACE,
            ARRAY_URI,
            ArraySharing::new("analysts", [ArrayActions::Read, ArrayActions::ReadArrayInfo])
                .namespace_type("organization"),
        ),
        no_check,
    );

    call!(
        report,
        "get_array_non_empty_domain",
        client.get_array_non_empty_domain(NAMESPACE, ARRAY_URI).x_payer("TileDB-Inc"),
        |domain| {
            if examples {
                expect_eq("isEmpty", domain.is_empty, false)?;
                expect_eq(
                    "nonEmptyDomain.int32",
                    domain.non_empty_domain.int32.clone(),
                    Some(vec![i32::MIN]),
                )?;
            }
            Ok(())
        },
    );

    call!(
        report,
        "get_array_max_buffer_sizes",
        client.get_array_max_buffer_sizes(NAMESPACE, ARRAY_URI, "1,100,1,4").x_payer("TileDB-Inc"),
        |sizes| {
            if examples {
                let sizes = sizes.max_buffer_sizes.as_deref().unwrap_or_default();
                expect_eq("maxBufferSizes.len()", sizes.len(), 1)?;
            }
            Ok(())
        },
    );

    call!(
        report,
        "get_array_sample_data",
        client.get_array_sample_data(NAMESPACE, ARRAY_URI).samples(3.0),
        |sample| {
            if examples && sample.data.is_none() {
                return Err("`data` is missing: the spec's example for this response puts dim1, dim2, \
                            attribute1 and attribute2 at the top level, outside the `data` member the \
                            ArraySample schema declares, so the client drops them all"
                    .to_owned());
            }
            Ok(())
        },
    );

    call!(
        report,
        "get_array_meta_data_json",
        client.get_array_meta_data_json(NAMESPACE, ARRAY_URI).length(64).end_timestamp(1_706_745_600_000),
        |metadata| {
            if examples {
                expect_eq(
                    "key5",
                    metadata.get("key5").and_then(|value| value.as_str()),
                    Some("This is TileDB array metadata"),
                )?;
            }
            Ok(())
        },
    );

    call!(report, "get_last_accessed_arrays", client.get_last_accessed_arrays(), |arrays| {
        if examples {
            let array = arrays.first().ok_or("the example has one array, the result none")?;
            expect_eq("array_name", array.array_name.as_deref(), Some("array1"))?;
            expect_eq("accessed_time", array.accessed_time, Some(1_540_471_791_873))?;
        }
        Ok(())
    });

    prism.sync_log(API_KEY).await;
    report.finish(&prism);
}

fn no_check(_: &()) -> Result<(), String> {
    Ok(())
}

fn expect_eq<T: PartialEq + std::fmt::Debug>(field: &str, actual: T, expected: T) -> Result<(), String> {
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{field} is {actual:?}, the spec's example says {expected:?}"))
    }
}

/// The values of the `ArrayInfo` example Prism builds from the schema's
/// property examples.
fn check_array_info_example(info: Option<&models::ArrayInfo>) -> Result<(), String> {
    let info = info.ok_or("the example has one array, the result none")?;
    expect_eq("name", info.name.as_deref(), Some("myarray1"))?;
    expect_eq("uri", info.uri.as_deref(), Some("s3://bucket/array"))?;
    expect_eq("size", info.size, Some(1024))?;
    expect_eq("type", info.r#type.clone(), Some(ArrayType::Dense))?;
    expect_eq(
        "last_accessed",
        info.last_accessed.map(|time| time.to_rfc3339()),
        Some("2019-08-24T14:15:22+00:00".into()),
    )?;
    Ok(())
}

/// The descriptive fields sent by update_array_metadata and register_array.
fn info_update() -> ArrayInfoUpdate {
    ArrayInfoUpdate::new()
        .description("Hourly temperature and pressure readings, 2024")
        .name(ARRAY_NAME)
        .file_type(FileType::File)
        .file_properties(BTreeMap::from([
            ("content_type".to_owned(), "application/x-tiledb".to_owned()),
            ("original_file_name".to_owned(), "weather 2024.csv".to_owned()),
        ]))
        .logo("iVBORw0KGgo=")
        .tags(["weather", "time-series"].map(String::from))
        .license_id("CC-BY-4.0")
        .license_text("Creative Commons Attribution 4.0 International")
        .read_only(false)
}

fn filters(filters: Vec<Filter>) -> FilterPipeline {
    FilterPipeline::new().filters(filters)
}

fn filter(r#type: FilterType, data: Option<FilterData>) -> Filter {
    let filter = Filter::new(r#type);
    match data {
        Some(data) => filter.data(data),
        None => filter,
    }
}

/// A dense 2-D array of int32 coordinates with two attributes.
fn dense_int_schema() -> ArraySchema {
    let level = |level: i32| Some(FilterData::new().int32(level));
    let rows = Dimension::new(Datatype::Int32, DomainArray::new().int32([1, 8760]), false)
        .name("rows")
        .tile_extent(DimensionTileExtent::new().int32(24))
        .filter_pipeline(filters(vec![filter(FilterType::FilterRle, None)]));
    let station = Dimension::new(Datatype::Int32, DomainArray::new().int32([1, 64]), false)
        .name("station")
        .tile_extent(DimensionTileExtent::new().int32(16));
    let temperature = Attribute::new(
        "temperature",
        Datatype::Float64,
        filters(vec![filter(FilterType::FilterByteshuffle, None), filter(FilterType::FilterGzip, level(9))]),
        1,
    )
    .nullable(true)
    // NaN as little-endian float64.
    .fill_value([0, 0, 0, 0, 0, 0, 248, 127]);
    // TileDB's var-num marker (u32::MAX) for variable-length cells.
    let station_name = Attribute::new(
        "station_name",
        Datatype::StringUtf8,
        filters(vec![filter(FilterType::FilterLz4, None)]),
        4_294_967_295,
    )
    .nullable(false);
    ArraySchema::new(
        [1, 3, 0],
        ArrayType::Dense,
        Layout::RowMajor,
        Layout::RowMajor,
        10_000,
        filters(vec![filter(FilterType::FilterZstd, level(3))]),
        filters(vec![
            filter(FilterType::FilterDoubleDelta, None),
            filter(FilterType::FilterBitWidthReduction, Some(FilterData::new().uint32(128))),
        ]),
        Domain::new(Datatype::Int32, Layout::RowMajor, Layout::RowMajor, [rows, station]),
        [temperature, station_name],
    )
    .uri(ARRAY_URI)
    .allows_duplicates(false)
}

/// A sparse array over float64 longitude/latitude. Its tile extents are
/// fractional, as they usually are for float dimensions.
fn sparse_float_schema() -> ArraySchema {
    let degrees = |low: f64, high: f64| DomainArray::new().float64([low, high]);
    let dimension = |name: &str, domain: DomainArray| {
        Dimension::new(Datatype::Float64, domain, false)
            .name(name)
            .tile_extent(DimensionTileExtent::new().float64(0.5))
            .filter_pipeline(filters(vec![filter(FilterType::FilterDoubleDelta, None)]))
    };
    let dimensions =
        [dimension("longitude", degrees(-180.0, 180.0)), dimension("latitude", degrees(-90.0, 90.0))];
    let elevation = Attribute::new(
        "elevation",
        Datatype::Float32,
        filters(vec![filter(FilterType::FilterBitshuffle, None)]),
        1,
    );
    ArraySchema::new(
        [1, 3, 0],
        ArrayType::Sparse,
        Layout::RowMajor,
        Layout::ColMajor,
        100_000,
        filters(vec![filter(FilterType::FilterZstd, Some(FilterData::new().int32(5)))]),
        filters(vec![filter(FilterType::FilterPositiveDelta, None)]),
        Domain::new(Datatype::Float64, Layout::RowMajor, Layout::ColMajor, dimensions),
        [elevation],
    )
    .uri("s3://bucket/stations")
    .allows_duplicates(true)
}
