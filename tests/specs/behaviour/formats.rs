//! UUIDs and base64 bytes on the wire.

use fixture_formats::Base64Bytes;
use fixture_formats::models::Secret;
use serde_json::json;

#[test]
fn base64_and_uuid_fields_round_trip() {
    let wire = json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "payload": "aGVsbG8=",
        "chunks": ["AA==", "/w=="],
        "size_uint64": 1.5,
        "version_float": 2.0
    });
    let secret: Secret = serde_json::from_value(wire.clone()).expect("decodes");
    assert_eq!(secret.payload.as_slice(), b"hello");
    assert_eq!(secret.chunks.as_ref().map(|chunks| chunks[1].to_vec()), Some(vec![0xff]));
    assert_eq!(secret.id.to_string(), "67e55044-10b1-426f-9247-bb680e5fe0c8");
    assert_eq!(secret.size_uint64, Some(1.5));
    assert_eq!(serde_json::to_value(&secret).expect("encodes"), wire);
}

#[test]
fn base64_decoding_is_lenient_and_encoding_is_standard() {
    let unpadded: Base64Bytes = serde_json::from_value(json!("aGVsbG8")).expect("no padding");
    assert_eq!(unpadded.as_slice(), b"hello");
    let url_safe: Base64Bytes = serde_json::from_value(json!("-_8")).expect("URL-safe alphabet");
    assert_eq!(url_safe.as_slice(), [0xfb, 0xff]);
    assert_eq!(serde_json::to_value(&url_safe).expect("encodes"), json!("+/8="));
    assert!(serde_json::from_value::<Base64Bytes>(json!("not base64!")).is_err());
    assert!(serde_json::from_value::<Secret>(json!({ "id": "not-a-uuid", "payload": "" })).is_err());
}
