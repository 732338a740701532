//! Form bodies and deep objects.

use bytes::Bytes;

use crate::runtime::form::{Field, deep_pairs, multipart, pairs, urlencoded};

#[test]
fn urlencoded_flattens_lists_and_objects() {
    let mut fields = vec![Field::Text(pairs("name", &"Rex & co").unwrap())];
    fields.push(Field::Text(pairs("tags", &vec!["a", "b"]).unwrap()));
    fields.push(Field::Text(pairs("meta", &serde_json::json!({"plan": "pro/1"})).unwrap()));
    fields.push(Field::Text(pairs("skipped", &Option::<u8>::None).unwrap()));
    let body = urlencoded(&fields);
    assert_eq!(&body[..], b"name=Rex+%26+co&tags=a&tags=b&meta%5Bplan%5D=pro%2F1");
}

#[test]
fn deep_objects_bracket_members_and_list_items() {
    let value = serde_json::json!({"gte": 5, "in": ["a", "b"]});
    let pairs = deep_pairs("created", &value).unwrap();
    let expected = [("created[gte]", "5"), ("created[in][]", "a"), ("created[in][]", "b")];
    assert_eq!(pairs, expected.map(|(name, value)| (name.to_owned(), value.to_owned())));
}

#[test]
fn multipart_parts_and_boundary() {
    let fields = vec![
        Field::Text(pairs("id", &7).unwrap()),
        Field::File { name: "file", bytes: Bytes::from_static(b"form-boundary-0000000000000000") },
    ];
    let (content_type, body) = multipart(&fields);
    assert_eq!(content_type, "multipart/form-data; boundary=form-boundary-0000000000000001");
    let expected = "--form-boundary-0000000000000001\r\n\
        Content-Disposition: form-data; name=\"id\"\r\n\r\n7\r\n\
        --form-boundary-0000000000000001\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
        Content-Type: application/octet-stream\r\n\r\n\
        form-boundary-0000000000000000\r\n\
        --form-boundary-0000000000000001--\r\n";
    assert_eq!(std::str::from_utf8(&body).unwrap(), expected);
}
