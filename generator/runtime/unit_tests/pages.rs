//! Pages as streams, one hand-written operation per scheme: each yields every
//! item of three scripted pages in order and then ends, asking for each page
//! only when the consumer reads that far; and servers that repeat
//! themselves or point elsewhere end the stream with an error.

use std::collections::BTreeMap;

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::{Deserialize, Serialize};

use crate::runtime::mock::{Mock, Reply, Server};
use crate::runtime::{
    Client, Credential, Endpoint, Error, Next, Operation, Paginated, Parts, Reader, Response,
    Secret, Total,
};

const fn list(name: &'static str, template: &'static str) -> Endpoint {
    Endpoint {
        name,
        id: name,
        method: Method::GET,
        template,
        accept: "application/json",
        authenticated: true,
        negotiates_content_type: false,
    }
}

/// Every item of every page.
async fn all<Op: Paginated>(client: &Client, op: Op) -> Vec<Op::Item> {
    client.request(op).items().try_collect().await.unwrap()
}

/// The query of each request `mock` received, as a map.
fn queries<Op: Operation>(mock: &Mock<'_, Op>) -> Vec<BTreeMap<String, String>> {
    mock.received().iter().map(|received| received.query().into_iter().collect()).collect()
}

fn query(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
}

// A cursor the response returns and the request takes back: `next_cursor` / `cursor`.

#[derive(Clone, Debug, Serialize, Deserialize)]
struct CursorPage {
    items: Vec<u32>,
    next_cursor: Option<String>,
}

#[derive(Clone, Default)]
struct ByCursor {
    cursor: Option<String>,
    limit: Option<u32>,
}

impl Operation for ByCursor {
    type Output = CursorPage;
    const ENDPOINT: &'static Endpoint = &list("by_cursor", "/by-cursor");
    const READ: Reader<CursorPage> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("cursor", self.cursor.as_ref()).query("limit", self.limit.as_ref());
    }
}

impl Paginated for ByCursor {
    type Item = u32;

    fn items(page: CursorPage) -> Vec<u32> {
        page.items
    }

    fn next(&mut self, page: &CursorPage, _: &HeaderMap) -> Next {
        Next::cursor(&mut self.cursor, page.next_cursor.as_ref())
    }
}

fn cursor_page(items: &[u32], next: Option<&str>) -> CursorPage {
    CursorPage { items: items.to_vec(), next_cursor: next.map(str::to_owned) }
}

#[tokio::test]
async fn a_cursor_is_sent_back_until_the_server_gives_none() {
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    // Slack ends with an empty cursor, others with none: both end the stream.
    let mock = mock
        .responds(200, &cursor_page(&[1, 2], Some("c2")))
        .responds(200, &cursor_page(&[3, 4], Some("c=3&x")))
        .responds(200, &cursor_page(&[5], Some("")));
    let op = ByCursor { limit: Some(2), ..ByCursor::default() };
    assert_eq!(all(&server.client(), op).await, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&mock),
        [
            query(&[("limit", "2")]),
            query(&[("cursor", "c2"), ("limit", "2")]),
            query(&[("cursor", "c=3&x"), ("limit", "2")])
        ]
    );
}

#[tokio::test]
async fn the_next_page_is_asked_for_only_when_the_items_before_it_are_read() {
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &cursor_page(&[1, 2], Some("c2")))
        .responds(200, &cursor_page(&[3], None));
    let mut items = server.client().request(ByCursor::default()).items();
    assert_eq!(mock.received().len(), 0);
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    assert_eq!(mock.received().len(), 1);
    assert_eq!(items.next().await.unwrap().unwrap(), 3);
    assert_eq!(mock.received().len(), 2);
    assert!(items.next().await.is_none());
    assert_eq!(mock.received().len(), 2);
}

#[tokio::test]
async fn pages_come_with_their_status_and_headers_and_are_retried_as_any_call() {
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    let page = |items: &[u32], next| Reply::new(200).json(&cursor_page(items, next));
    let mock = mock
        .reply(page(&[1], Some("c2")).header("x-page", "1"))
        .reply(Reply::new(503))
        .reply(page(&[2], Some("c3")).header("x-page", "2"))
        .reply(page(&[3], None).header("x-page", "3"));
    let mut pages = server.client().request(ByCursor::default()).pages();
    let mut seen = Vec::new();
    while let Some(page) = pages.try_next().await.unwrap() {
        seen.push((page.headers()["x-page"].to_str().unwrap().to_owned(), page.into_body().items));
    }
    let expected = [("1", vec![1]), ("2", vec![2]), ("3", vec![3])];
    assert_eq!(seen, expected.map(|(header, items)| (header.to_owned(), items)));
    // The 503 was retried within the second page's call.
    assert_eq!(queries(&mock).len(), 4);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    mock.responds(200, &cursor_page(&[1], Some("c2")))
        .fails(400, &serde_json::json!({ "message": "bad cursor" }));
    let mut items = server.client().request(ByCursor::default()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    let error = items.next().await.unwrap().unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    assert!(items.next().await.is_none());
}

#[tokio::test]
async fn a_cursor_the_server_repeats_ends_the_stream_with_an_error_after_one_repeat() {
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    // The last reply repeats: the server gives the same page, and cursor, forever.
    let mock = mock.responds(200, &cursor_page(&[1], Some("same")));
    let mut items = server.client().request(ByCursor::default()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    let error = items.next().await.unwrap().unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert!(error.to_string().contains("the same as this one"), "{error}");
    // The error keeps the page that gave the cursor.
    assert_eq!(error.raw_body(), Some(&br#"{"items":[1],"next_cursor":"same"}"#[..]));
    assert!(items.next().await.is_none());
    assert_eq!(mock.received().len(), 2);

    // A cursor that comes back later is caught too: a, b, a.
    let server = Server::start().await;
    let mock = server.mock::<ByCursor, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &cursor_page(&[1], Some("a")))
        .responds(200, &cursor_page(&[2], Some("b")))
        .responds(200, &cursor_page(&[3], Some("a")));
    let mut items = server.client().request(ByCursor::default()).items();
    for expected in [1, 2, 3] {
        assert_eq!(items.next().await.unwrap().unwrap(), expected);
    }
    let error = items.next().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("one the client already asked for"), "{error}");
    assert_eq!(error.raw_body(), Some(&br#"{"items":[3],"next_cursor":"a"}"#[..]));
    assert_eq!(mock.received().len(), 3);
}

// Slack: `response_metadata.next_cursor` / `cursor`.

#[derive(Clone, Debug, Serialize, Deserialize)]
struct SlackPage {
    channels: Vec<String>,
    response_metadata: Option<Metadata>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Metadata {
    next_cursor: Option<String>,
}

#[derive(Default)]
struct Conversations {
    cursor: Option<String>,
}

impl Operation for Conversations {
    type Output = SlackPage;
    const ENDPOINT: &'static Endpoint = &list("conversations_list", "/conversations.list");
    const READ: Reader<SlackPage> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("cursor", self.cursor.as_ref());
    }
}

impl Paginated for Conversations {
    type Item = String;

    fn items(page: SlackPage) -> Vec<String> {
        page.channels
    }

    fn next(&mut self, page: &SlackPage, _: &HeaderMap) -> Next {
        let metadata = page.response_metadata.as_ref();
        Next::cursor(&mut self.cursor, metadata.and_then(|metadata| metadata.next_cursor.as_ref()))
    }
}

#[tokio::test]
async fn slack_s_cursor_in_the_response_metadata() {
    let server = Server::start().await;
    let page = |channels: &[&str], next: &str| SlackPage {
        channels: channels.iter().map(|channel| (*channel).to_owned()).collect(),
        response_metadata: Some(Metadata { next_cursor: Some(next.to_owned()) }),
    };
    let mock = server.mock::<Conversations, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &page(&["general", "random"], "dGVhbTpDMDYxRkE1UEI="))
        .responds(200, &page(&["dev"], "dGVhbTpDMDYxRkE1UEM="))
        .responds(200, &page(&["ops"], ""));
    let channels = all(&server.client(), Conversations::default()).await;
    assert_eq!(channels, ["general", "random", "dev", "ops"]);
    let cursors: Vec<Option<String>> =
        queries(&mock).into_iter().map(|query| query.get("cursor").cloned()).collect();
    assert_eq!(
        cursors,
        [None, Some("dGVhbTpDMDYxRkE1UEI=".into()), Some("dGVhbTpDMDYxRkE1UEM=".into())]
    );
}

// Oxide's dropshot: `next_page` / `page_token`; later pages drop the scan parameters.

#[derive(Clone, Debug, Serialize, Deserialize)]
struct ResultsPage {
    items: Vec<String>,
    next_page: Option<String>,
}

struct ProjectList {
    limit: Option<u32>,
    page_token: Option<String>,
    sort_by: Option<String>,
}

impl Operation for ProjectList {
    type Output = ResultsPage;
    const ENDPOINT: &'static Endpoint = &list("project_list", "/v1/projects");
    const READ: Reader<ResultsPage> = Response::json;

    fn write(&self, request: &mut Parts) {
        request
            .query("limit", self.limit.as_ref())
            .query("page_token", self.page_token.as_ref())
            .query("sort_by", self.sort_by.as_ref());
    }
}

impl Paginated for ProjectList {
    type Item = String;

    fn items(page: ResultsPage) -> Vec<String> {
        page.items
    }

    fn next(&mut self, page: &ResultsPage, _: &HeaderMap) -> Next {
        self.sort_by = None;
        Next::cursor(&mut self.page_token, page.next_page.as_ref())
    }
}

#[tokio::test]
async fn dropshot_sends_the_page_token_and_drops_the_scan_parameters_after_the_first_page() {
    let server = Server::start().await;
    let page = |items: &[&str], next: Option<&str>| ResultsPage {
        items: items.iter().map(|item| (*item).to_owned()).collect(),
        next_page: next.map(str::to_owned),
    };
    let mock = server.mock::<ProjectList, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &page(&["a", "b"], Some("t1")))
        .responds(200, &page(&["c", "d"], Some("t2")))
        .responds(200, &page(&["e"], None));
    let op =
        ProjectList { limit: Some(2), page_token: None, sort_by: Some("name_ascending".into()) };
    assert_eq!(all(&server.client(), op).await, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        queries(&mock),
        [
            query(&[("limit", "2"), ("sort_by", "name_ascending")]),
            query(&[("limit", "2"), ("page_token", "t1")]),
            query(&[("limit", "2"), ("page_token", "t2")]),
        ]
    );
}

// Stripe: `has_more`, and `starting_after` the last item's id.

#[derive(Clone, Debug, Serialize, Deserialize)]
struct StripeList {
    data: Vec<Customer>,
    has_more: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Customer {
    id: String,
}

#[derive(Default)]
struct Customers {
    starting_after: Option<String>,
}

impl Operation for Customers {
    type Output = StripeList;
    const ENDPOINT: &'static Endpoint = &list("customers", "/v1/customers");
    const READ: Reader<StripeList> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("starting_after", self.starting_after.as_ref());
    }
}

impl Paginated for Customers {
    type Item = Customer;

    fn items(page: StripeList) -> Vec<Customer> {
        page.data
    }

    fn next(&mut self, page: &StripeList, _: &HeaderMap) -> Next {
        let last = page.data.last().map(|customer| &customer.id);
        Next::after_last(&mut self.starting_after, page.has_more, last)
    }
}

#[tokio::test]
async fn stripe_asks_for_the_items_after_the_last_one_while_it_has_more() {
    let server = Server::start().await;
    let customer = |id: &str| Customer { id: id.to_owned() };
    let page = |ids: &[&str], has_more| StripeList {
        data: ids.iter().map(|id| customer(id)).collect(),
        has_more,
    };
    let mock = server.mock::<Customers, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &page(&["cus_1", "cus_2"], true))
        .responds(200, &page(&["cus_3"], true))
        .responds(200, &page(&["cus_4"], false));
    let customers = all(&server.client(), Customers::default()).await;
    assert_eq!(customers, ["cus_1", "cus_2", "cus_3", "cus_4"].map(customer));
    let after: Vec<Option<String>> =
        queries(&mock).into_iter().map(|query| query.get("starting_after").cloned()).collect();
    assert_eq!(after, [None, Some("cus_2".into()), Some("cus_3".into())]);
}

// GitHub: `Link: <...>; rel="next"`, followed on the client's own origin only.

#[derive(Default)]
struct Issues {
    per_page: Option<u32>,
}

impl Operation for Issues {
    type Output = Vec<u32>;
    const ENDPOINT: &'static Endpoint = &list("issues", "/repos/o/r/issues");
    const READ: Reader<Vec<u32>> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("per_page", self.per_page.as_ref());
    }
}

impl Paginated for Issues {
    type Item = u32;

    fn items(page: Vec<u32>) -> Vec<u32> {
        page
    }

    fn next(&mut self, _: &Vec<u32>, headers: &HeaderMap) -> Next {
        Next::link(headers)
    }
}

fn issues(server: &Server) -> Mock<'_, Issues> {
    server.mock(&[])
}

#[tokio::test]
async fn the_link_header_s_next_page_is_followed_absolute_or_relative() {
    let server = Server::start().await;
    let base = server.base_url();
    let page = |items: &[u32]| Reply::new(200).json(&items);
    let mock = issues(&server)
        .reply(page(&[1, 2]).header(
            "link",
            &format!(r#"<{base}/repos/o/r/issues?per_page=2&page=2>; rel="next", <{base}/repos/o/r/issues?page=9>; rel="last""#),
        ))
        // Relative to the page's own URL; the relation may be unquoted among others.
        .reply(page(&[3, 4]).header("link", r#"<?per_page=2&page=1>; rel=prev, <issues?per_page=2&page=3>; rel="next last""#))
        .reply(page(&[5]).header("link", r#"<?page=2>; rel="prev""#));
    let op = Issues { per_page: Some(2) };
    assert_eq!(all(&server.client(), op).await, [1, 2, 3, 4, 5]);
    let received = mock.received();
    let pages: Vec<Option<String>> =
        queries(&mock).into_iter().map(|query| query.get("page").cloned()).collect();
    assert_eq!(pages, [None, Some("2".into()), Some("3".into())]);
    assert!(received.iter().all(|request| request.path() == "/repos/o/r/issues"));
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed_and_credentials_do_not_go_there() {
    let server = Server::start().await;
    let elsewhere = Server::start().await;
    let mock = issues(&server).reply(Reply::new(200).json(&[1, 2]).header(
        "link",
        &format!(r#"<{}/repos/o/r/issues?page=2>; rel="next""#, elsewhere.base_url()),
    ));
    let client = server
        .client_builder()
        .credential(Credential::Bearer(Secret::new("token-123")))
        .credential(Credential::Header("x-api-key", Secret::new("key-456")))
        .build()
        .unwrap();
    let mut items = client.request(Issues::default()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    let error = items.next().await.unwrap().unwrap_err();
    let message = error.to_string();
    assert!(message.contains(&format!("another origin ({})", elsewhere.base_url())), "{message}");
    assert!(items.next().await.is_none());
    assert!(elsewhere.received().is_empty());
    let received = mock.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("authorization"), Some("Bearer token-123"));
    assert_eq!(received[0].header("x-api-key"), Some("key-456"));
}

#[tokio::test]
async fn a_next_page_outside_the_base_url_is_not_followed() {
    let server = Server::start().await;
    let mock = server.mock::<Issues, serde_json::Value>(&[]);
    mock.reply(Reply::new(200).json(&[1]).header("link", r#"</admin/issues?page=2>; rel="next""#));
    let client = Client::builder(format!("{}/repos", server.base_url())).build().unwrap();
    // The operation's path is below `/repos` here, so the mock does not see it; only the error
    // matters.
    let mut items = client.request(Issues::default()).items();
    let first = items.next().await.unwrap();
    assert!(first.is_err(), "{first:?}");
    assert!(server.received().iter().all(|request| !request.path().starts_with("/admin")));
}

#[tokio::test]
async fn query_credentials_are_not_sent_twice_when_the_server_echoes_them() {
    let server = Server::start().await;
    let mock = issues(&server)
        .reply(
            Reply::new(200)
                .json(&[1])
                .header("link", r#"</repos/o/r/issues?api_key=key&page=2>; rel="next""#),
        )
        .reply(Reply::new(200).json(&[2]));
    let client = server
        .client_builder()
        .credential(Credential::Query("api_key", Secret::new("key")))
        .build()
        .unwrap();
    assert_eq!(all(&client, Issues::default()).await, [1, 2]);
    let second = &mock.received()[1];
    assert_eq!(
        second.query(),
        [("page".to_owned(), "2".to_owned()), ("api_key".to_owned(), "key".to_owned())]
    );
}

// Twilio: `next_page_uri`, a path on the same origin.

#[derive(Clone, Debug, Serialize, Deserialize)]
struct CallsPage {
    calls: Vec<u32>,
    next_page_uri: Option<String>,
    page: u32,
}

#[derive(Default)]
struct Calls {
    page_size: Option<u32>,
}

impl Operation for Calls {
    type Output = CallsPage;
    const ENDPOINT: &'static Endpoint = &list("list_call", "/2010-04-01/Accounts/AC1/Calls.json");
    const READ: Reader<CallsPage> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("PageSize", self.page_size.as_ref());
    }
}

impl Paginated for Calls {
    type Item = u32;

    fn items(page: CallsPage) -> Vec<u32> {
        page.calls
    }

    fn next(&mut self, page: &CallsPage, _: &HeaderMap) -> Next {
        Next::url(page.next_page_uri.as_deref())
    }
}

#[tokio::test]
async fn twilio_s_next_page_uri_is_followed() {
    let server = Server::start().await;
    let path = "/2010-04-01/Accounts/AC1/Calls.json";
    let page = |calls: &[u32], page, next: Option<String>| CallsPage {
        calls: calls.to_vec(),
        next_page_uri: next,
        page,
    };
    let mock = server.mock::<Calls, serde_json::Value>(&[]);
    let mock = mock
        .responds(200, &page(&[1, 2], 0, Some(format!("{path}?PageSize=2&Page=1&PageToken=PA1"))))
        .responds(200, &page(&[3, 4], 1, Some(format!("{path}?PageSize=2&Page=2&PageToken=PA3"))))
        .responds(200, &page(&[5], 2, None));
    assert_eq!(all(&server.client(), Calls { page_size: Some(2) }).await, [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&mock),
        [
            query(&[("PageSize", "2")]),
            query(&[("PageSize", "2"), ("Page", "1"), ("PageToken", "PA1")]),
            query(&[("PageSize", "2"), ("Page", "2"), ("PageToken", "PA3")]),
        ]
    );
}

// Page numbers and offsets, ending on a total or an empty page.

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct NumberedPage {
    items: Vec<u32>,
    total_pages: Option<u32>,
    total_count: Option<f64>,
}

/// `page` / `per_page` when `offset` is `false`, `offset` / `limit` when it is.
#[derive(Default)]
struct Numbered<const OFFSET: bool> {
    page: Option<i64>,
    offset: Option<u64>,
}

impl<const OFFSET: bool> Operation for Numbered<OFFSET> {
    type Output = NumberedPage;
    const ENDPOINT: &'static Endpoint = &list("numbered", "/numbered");
    const READ: Reader<NumberedPage> = Response::json;

    fn write(&self, request: &mut Parts) {
        request.query("page", self.page.as_ref()).query("offset", self.offset.as_ref());
    }
}

impl<const OFFSET: bool> Paginated for Numbered<OFFSET> {
    type Item = u32;

    fn items(page: NumberedPage) -> Vec<u32> {
        page.items
    }

    fn next(&mut self, page: &NumberedPage, _: &HeaderMap) -> Next {
        let count = page.items.len();
        match (OFFSET, page.total_pages, page.total_count) {
            (true, _, total) => Next::offset(&mut self.offset, count, Total::items(total)),
            (false, Some(pages), _) => Next::page(&mut self.page, 1, count, Total::pages(pages)),
            (false, None, total) => Next::page(&mut self.page, 1, count, Total::items(total)),
        }
    }
}

fn numbered(items: &[u32], total_pages: Option<u32>, total_count: Option<f64>) -> NumberedPage {
    NumberedPage { items: items.to_vec(), total_pages, total_count }
}

/// Scripts `pages`, reads every item, and returns them with the value of `param` in each
/// request.
async fn numbered_run<const OFFSET: bool>(
    pages: &[NumberedPage],
    param: &str,
) -> (Vec<u32>, Vec<Option<String>>) {
    let server = Server::start().await;
    let mock = server.mock::<Numbered<OFFSET>, serde_json::Value>(&[]);
    let mock = pages.iter().fold(mock, |mock, page| mock.responds(200, page));
    let items = all(&server.client(), Numbered::<OFFSET>::default()).await;
    let sent = queries(&mock).into_iter().map(|query| query.get(param).cloned()).collect();
    (items, sent)
}

#[tokio::test]
async fn page_numbers_end_at_the_total_number_of_pages() {
    let pages = [
        numbered(&[1, 2], Some(3), None),
        numbered(&[3, 4], Some(3), None),
        numbered(&[5], Some(3), None),
    ];
    let (items, sent) = numbered_run::<false>(&pages, "page").await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(sent, [None, Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn page_numbers_end_at_the_total_number_of_items() {
    // Written as a float, as some servers do.
    let pages = [
        numbered(&[1, 2], None, Some(6.0)),
        numbered(&[3, 4], None, Some(6.0)),
        numbered(&[5, 6], None, Some(6.0)),
    ];
    let (items, sent) = numbered_run::<false>(&pages, "page").await;
    assert_eq!(items, [1, 2, 3, 4, 5, 6]);
    assert_eq!(sent, [None, Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn page_numbers_end_at_an_empty_page() {
    let pages = [
        numbered(&[1, 2], None, None),
        numbered(&[3, 4], None, None),
        numbered(&[5], None, None),
        numbered(&[], None, None),
    ];
    let (items, sent) = numbered_run::<false>(&pages, "page").await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(sent, [None, Some("2".into()), Some("3".into()), Some("4".into())]);
}

#[tokio::test]
async fn offsets_advance_by_the_items_read_and_end_at_the_total() {
    let pages = [
        numbered(&[1, 2], None, Some(5.0)),
        numbered(&[3, 4], None, Some(5.0)),
        numbered(&[5], None, Some(5.0)),
    ];
    let (items, sent) = numbered_run::<true>(&pages, "offset").await;
    assert_eq!(items, [1, 2, 3, 4, 5]);
    assert_eq!(sent, [None, Some("2".into()), Some("4".into())]);
}

#[tokio::test]
async fn offsets_end_at_an_empty_page() {
    let pages = [
        numbered(&[1, 2], None, None),
        numbered(&[3], None, None),
        numbered(&[4], None, None),
        numbered(&[], None, None),
    ];
    let (items, sent) = numbered_run::<true>(&pages, "offset").await;
    assert_eq!(items, [1, 2, 3, 4]);
    assert_eq!(sent, [None, Some("2".into()), Some("3".into()), Some("4".into())]);
}

#[tokio::test]
async fn a_server_that_ignores_the_page_asked_for_ends_the_stream_with_an_error() {
    let server = Server::start().await;
    let mock = server.mock::<Numbered<false>, serde_json::Value>(&[]);
    // The same page, whatever the number.
    let mock = mock.responds(200, &numbered(&[1, 2], None, None));
    let mut items = server.client().request(Numbered::<false>::default()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    let error = items.next().await.unwrap().unwrap_err();
    assert!(error.to_string().contains("the same as this one"), "{error}");
    assert!(items.next().await.is_none());
    assert_eq!(mock.received().len(), 2);
}

#[test]
fn page_and_offset_arithmetic() {
    let mut page = None;
    // Pages counted from 0: the third page (2) of three is the last.
    assert_eq!(Next::page(&mut page, 0_u32, 10, Total::pages(3_i64)), Next::again());
    assert_eq!(page, Some(1));
    page = Some(2);
    assert_eq!(Next::page(&mut page, 0_u32, 10, Total::pages(3_i64)), Next::done());
    // 30 items, 10 a page: page 3 is the last.
    page = Some(2);
    assert_eq!(Next::page(&mut page, 1_u32, 10, Total::items(30_u64)), Next::again());
    assert_eq!(page, Some(3));
    assert_eq!(Next::page(&mut page, 1_u32, 10, Total::items(Some(30_u64))), Next::done());
    // 25 items: the short page 3 may not be the last as far as the client can tell.
    assert_eq!(Next::page(&mut page, 1_u32, 5, Total::items(25_u64)), Next::again());
    // A total that is not a whole number says nothing.
    page = None;
    assert_eq!(Next::page(&mut page, 1_u32, 10, Total::items(2.5)), Next::again());
    // A page number at its type's end cannot go on.
    let mut small = Some(i8::MAX);
    assert_eq!(Next::page(&mut small, 1, 10, Total::unknown()), Next::done());
    let mut offset = Some(90_u8);
    assert_eq!(Next::offset(&mut offset, 10, Total::items(Some(200_u64))), Next::again());
    assert_eq!(offset, Some(100));
    assert_eq!(Next::offset(&mut offset, 200, Total::unknown()), Next::done());
    assert_eq!(offset, Some(100));
    let mut cursor = Some("c1".to_owned());
    assert_eq!(Next::cursor(&mut cursor, Some(&String::new())), Next::done());
    assert_eq!(Next::after_last(&mut cursor, false, Some(&"x".to_owned())), Next::done());
    assert_eq!(Next::after_last(&mut cursor, true, None), Next::done());
    assert_eq!(cursor.as_deref(), Some("c1"));
}

#[test]
fn link_headers_as_rfc_8288_writes_them() {
    let next = |value: &str| {
        let mut headers = HeaderMap::new();
        headers.append("link", value.parse().unwrap());
        Next::link(&headers)
    };
    assert_eq!(
        next(r#"<https://a.test/x?page=2>; rel="next""#),
        Next::url(Some("https://a.test/x?page=2"))
    );
    // A comma inside a quoted parameter does not end the link; relations are case-insensitive.
    assert_eq!(
        next(r#"<https://a.test/1>; title="a, b"; rel="prev", <https://a.test/3>; REL="Next""#),
        Next::url(Some("https://a.test/3"))
    );
    assert_eq!(next(r#"<https://a.test/1>; rel="prev""#), Next::done());
    assert_eq!(next("garbage"), Next::done());
    let mut headers = HeaderMap::new();
    headers.append("link", r#"<https://a.test/1>; rel="prev""#.parse().unwrap());
    headers.append("link", r#"<https://a.test/2>; rel="next""#.parse().unwrap());
    assert_eq!(Next::link(&headers), Next::url(Some("https://a.test/2")));
}
