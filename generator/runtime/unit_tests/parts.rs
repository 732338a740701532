//! Writing requests: path segments, query, headers, cookies, percent-encoding.

use percent_encoding::utf8_percent_encode;
use reqwest::Method;

use crate::runtime::parts::{COMPONENT, Parts, ToParam};
use crate::runtime::{ClientBuilder, Credential, Endpoint, Secret};

const ENDPOINT: &Endpoint = &Endpoint {
    name: "get_array",
    id: "getArray",
    method: Method::GET,
    template: "/arrays/{namespace}/{array}/info",
    accept: "application/json",
    authenticated: true,
    negotiates_content_type: false,
};

#[test]
fn components_keep_only_unreserved_characters() {
    let encoded = utf8_percent_encode("s3://bucket/my array~_.-é+&=", COMPONENT).to_string();
    assert_eq!(encoded, "s3%3A%2F%2Fbucket%2Fmy%20array~_.-%C3%A9%2B%26%3D");
}

#[test]
fn path_parameters_fill_the_template_in_order_as_one_segment_each() {
    let mut parts = Parts::new(ENDPOINT);
    parts.path(&[&"alice".to_owned(), &"s3://bucket/my array".to_owned()]);
    assert_eq!(parts.path.as_deref(), Some("/arrays/alice/s3%3A%2F%2Fbucket%2Fmy%20array/info"));
    assert_eq!(parts.problem, None);
}

#[test]
fn a_repeated_placeholder_is_filled_with_its_one_value_each_time() {
    const REPEATED: &Endpoint = &Endpoint {
        name: "get_map",
        id: "getMap",
        method: Method::GET,
        template: "/accounts/{account_id}/maps/{map_id}/accounts/{account_id}",
        accept: "application/json",
        authenticated: true,
        negotiates_content_type: false,
    };
    let mut parts = Parts::new(REPEATED);
    parts.path(&[&"a/1".to_owned(), &7_i64]);
    assert_eq!(parts.path.as_deref(), Some("/accounts/a%2F1/maps/7/accounts/a%2F1"));
    assert_eq!(parts.problem, None);
}

#[test]
fn path_parameters_that_would_address_another_url_are_refused() {
    for value in ["", ".", ".."] {
        let mut parts = Parts::new(ENDPOINT);
        parts.path(&[&"alice".to_owned(), &value.to_owned()]);
        let problem = parts.problem.expect("a problem");
        assert!(problem.contains("path parameter `array`"), "{problem}");
    }
}

#[test]
fn query_values_repeat_and_none_is_left_out() {
    let mut parts = Parts::new(ENDPOINT);
    let tags = vec!["a b".to_owned(), "c&d".to_owned()];
    parts.query("tag", &tags).query("limit", Some(&10u32)).query("page", None::<&u32>);
    parts.query_joined("ids", &vec![1u8, 2], ',');
    assert_eq!(parts.query, "tag=a%20b&tag=c%26d&limit=10&ids=1%2C2");
}

#[test]
fn headers_join_lists_and_refuse_line_breaks_without_showing_the_value() {
    let mut parts = Parts::new(ENDPOINT);
    parts.header("X-Tags", &vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(parts.headers["x-tags"], "a,b");
    parts.header("X-Bad", "secret\r\nInjected: yes");
    let problem = parts.problem.expect("a problem");
    assert!(problem.contains("X-Bad") && !problem.contains("secret"), "{problem}");
}

#[test]
fn cookie_names_and_values_cannot_add_cookies() {
    let mut parts = Parts::new(ENDPOINT);
    parts.cookie("sess;x=y", "a b;c").cookie("other", Some(&1u8));
    assert_eq!(parts.cookies, "sess%3Bx%3Dy=a%20b%3Bc; other=1");
    let client = ClientBuilder::new("http://localhost/v1".to_owned())
        .credential(Credential::Cookie("key", Secret::new("YWJj+/=;\r\n")))
        .build()
        .unwrap();
    let cookie = &client.transport.auth_headers[reqwest::header::COOKIE];
    assert_eq!(cookie, "key=YWJj+/=%3B%0D%0A");
}

#[test]
fn date_times_are_rfc3339() {
    let at = chrono::DateTime::parse_from_rfc3339("2024-05-06T07:08:09Z").unwrap().to_utc();
    assert_eq!(at.to_param(), "2024-05-06T07:08:09Z");
}
