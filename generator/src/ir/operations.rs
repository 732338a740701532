//! Operations: parameters, bodies and responses.

use super::{Literal, TypeRef};

/// One HTTP operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The `operationId` (or one derived from method and path).
    pub id: String,
    /// The `Client` method, e.g. `array_activity_log`.
    pub method_name: String,
    /// The request builder type, e.g. `ArrayActivityLogRequest`: an alias of the runtime's
    /// `Request` of the operation's struct.
    pub builder_name: String,
    /// The struct of the operation's parameters, which says how its request is written and its
    /// response read, e.g. `ArrayActivityLog`.
    pub struct_name: String,
    /// The HTTP method.
    pub http_method: HttpMethod,
    /// The path template relative to the base URL, with `{wire_name}`
    /// placeholders: `/arrays/{namespace}/{array}/activity`.
    pub path: String,
    /// Docs from summary and description.
    pub docs: String,
    /// The operation is marked deprecated.
    pub deprecated: bool,
    /// Why, as the spec's docs say, on one line of sanitized Markdown, with
    /// the Rust method of the operation they name instead, if any.
    pub deprecation_note: Option<String>,
    /// The spec's tags, named in the docs. Every operation is a method of
    /// the one `Client` whatever its tags: an operation can carry several,
    /// and a method's place should not change when tags are rearranged.
    pub tags: Vec<String>,
    /// Path parameters in path order, then query, header, cookie and form
    /// parameters in spec order. Required ones become positional arguments in this order.
    pub params: Vec<Param>,
    /// The request body, when there is one.
    pub body: Option<Body>,
    /// What a 2xx response carries.
    pub success: Success,
    /// Non-2xx responses the spec documents, for docs.
    pub errors: Vec<ErrorResponse>,
    /// Whether credentials are sent (false when `security: []`).
    pub authenticated: bool,
    /// How form fields (parameters at [`ParamLocation::Form`]) are sent, when
    /// the body is a form.
    pub form: Option<FormEncoding>,
    /// The spec declares a `Content-Type` header parameter: the server
    /// reads the representation from it, so a request without a body still
    /// says which media type it wants there (as TileDB's own clients do).
    pub content_type_negotiation: bool,
    /// Whether the results come a page at a time, as the spec says
    /// (`x-pagination`, `x-dropshot-pagination`) or a rule recognizes from
    /// its names; `None` for an operation nothing suggests pages for.
    pub paging: Option<Paging>,
}

/// HTTP methods OpenAPI path items can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl HttpMethod {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// One path, query or header parameter.
#[derive(Clone, Debug)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust argument and setter name.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Required parameters are positional; optional ones get a setter.
    pub required: bool,
    /// The argument takes anything that converts into the type (a union,
    /// whose members convert into it; a file part, which bytes convert
    /// into): `impl Into<NameOrId>`.
    pub into: bool,
    /// The value's type (for lists, the whole list).
    pub ty: TypeRef,
    /// How a list value is laid out; `Single` for scalars.
    pub layout: ListLayout,
    /// Docs, including the server-side default when the spec gives one.
    pub docs: String,
    /// A value of the parameter's type from the spec's example, for the method's example.
    pub example: Option<Literal>,
}

/// Where a parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    /// One path segment.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
    /// A field of a form body.
    Form,
}

impl ParamLocation {
    /// The location as the spec names it: `path`, `query`, `header`, `cookie`, and `form` for a
    /// field of a form body.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::Form => "form",
        }
    }
}

/// The media types a form body can go as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormEncoding {
    /// `application/x-www-form-urlencoded`
    UrlEncoded,
    /// `multipart/form-data`; fields of type [`TypeRef::File`] are file parts.
    Multipart,
}

/// How a list-valued parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListLayout {
    /// Not a list.
    Single,
    /// `name=a&name=b` (form style, explode).
    Repeated,
    /// `name=a,b` (or space- or pipe-separated), one value.
    Joined(char),
    /// `name[key]=value` for each member of an object, nested as deep as
    /// the value goes (`style: deepObject`); list items are `name[]=item` in
    /// a query, and numbered, `name[0]=item`, in a form field.
    DeepObject,
}

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// The Rust argument name.
    pub rust_name: String,
    /// The body's type.
    pub ty: TypeRef,
    /// Required bodies are positional; optional ones get a setter.
    pub required: bool,
    /// The media type sent as `Content-Type`.
    pub content_type: String,
    /// How the value is written.
    pub encoding: BodyEncoding,
    /// Docs.
    pub docs: String,
}

/// How a (non-form) request body is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BodyEncoding {
    /// Serialized as JSON.
    #[default]
    Json,
    /// A `String`, sent as it is (`text/*`).
    Text,
    /// Bytes, sent as they are (`application/octet-stream` and other media
    /// types).
    Binary,
}

/// What a successful response carries.
#[derive(Clone, Debug)]
pub struct Success {
    /// The decoded body.
    pub body: SuccessBody,
    /// The `Accept` header to send.
    pub accept: String,
    /// Docs from the response description.
    pub docs: String,
    /// Other media types the response can come in, each with a builder
    /// method that asks for it and returns the raw body.
    pub alternatives: Vec<Alternative>,
    /// How the body can be read as it arrives, when it can.
    pub stream: Option<Streaming>,
}

/// Another representation of a successful response.
#[derive(Clone, Debug)]
pub struct Alternative {
    /// The media type, sent as `Accept`.
    pub media_type: String,
    /// The request builder method that asks for it, e.g. `accept_capnp`.
    pub method_name: String,
    /// The operation it turns the request into, which reads the body as bytes, e.g.
    /// `GetArrayCapnp`.
    pub struct_name: String,
    /// How the body can be read as it arrives, when it can.
    pub stream: Option<Streaming>,
}

/// A response body read as it arrives instead of whole.
#[derive(Clone, Debug, PartialEq)]
pub enum Streaming {
    /// A binary body (`SuccessBody::Raw`): chunks of bytes, whatever their
    /// size in all (`bytes_stream()`).
    Bytes,
    /// `text/event-stream`: server-sent events (`events()`).
    Events(EventStream),
}

/// The events of a `text/event-stream` response.
#[derive(Clone, Debug, PartialEq)]
pub struct EventStream {
    /// What each event's `data` decodes to: the media type's schema, or
    /// `String` without one (or for a string schema).
    pub data: TypeRef,
    /// `data` is JSON; otherwise it is text taken as it is.
    pub json: bool,
    /// A `data` value that ends the stream (`[DONE]`): always for JSON data
    /// (where it cannot be a value anyway), and for text data when the spec
    /// mentions it.
    pub done: Option<String>,
}

/// Whether an operation's results come a page at a time.
#[derive(Clone, Debug, PartialEq)]
pub enum Paging {
    /// They do, and this is how: its requests get `pages()` and `items()`.
    Paged(Box<Pagination>),
    /// The operation looks paged (it takes a cursor, page or offset, or its
    /// response names a next page) but no rule recognizes how; why, for its
    /// docs and for reports. It stays as it is.
    NotRecognized(String),
}

/// How an operation pages: where the items are, and how the next request
/// differs from the last.
#[derive(Clone, Debug, PartialEq)]
pub struct Pagination {
    /// Which rule recognized it.
    pub rule: PagingRule,
    /// Where the page's items are in the response body: fields from the
    /// body down; empty when the body is the list itself.
    pub items: Vec<FieldStep>,
    /// The type of one item.
    pub item: TypeRef,
    /// How the next page is asked for.
    pub next: NextPage,
    /// A boolean parameter set to `true` on every request, before the
    /// first, because the scheme needs it (Box's `usemarker`).
    pub enable: Option<ParamName>,
}

/// The rules that recognize paging, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PagingRule {
    /// The operation's `x-pagination` says how.
    Extension,
    /// Oxide's `x-dropshot-pagination`: `next_page` / `page_token`.
    Dropshot,
    /// A cursor the response returns (`next_<param>`, or the parameter's
    /// own name when it says `next` or `cursor`) and the request takes back.
    Cursor,
    /// Stripe: `has_more`, and `starting_after` (or `after`) the last
    /// item's `id`.
    HasMore,
    /// A response field holding the next page's URL (`next_page_uri`,
    /// `next_url`, `next`, ...).
    NextUrl,
    /// A `Link` response header with `rel="next"`.
    LinkHeader,
    /// A page number parameter, with a total or the page echoed back.
    PageNumber,
    /// An offset parameter, with a total or the offset echoed back.
    Offset,
}

impl PagingRule {
    /// The rule as the docs and reports name it.
    pub fn name(self) -> &'static str {
        match self {
            PagingRule::Extension => "x-pagination",
            PagingRule::Dropshot => "x-dropshot-pagination",
            PagingRule::Cursor => "cursor",
            PagingRule::HasMore => "has_more + last id",
            PagingRule::NextUrl => "next-page URL",
            PagingRule::LinkHeader => "Link header",
            PagingRule::PageNumber => "page number",
            PagingRule::Offset => "offset",
        }
    }
}

/// How the request for the next page differs from the last one.
#[derive(Clone, Debug, PartialEq)]
pub enum NextPage {
    /// `param` takes the cursor the response holds at `field`; no cursor,
    /// or an empty one, ends the pages. The `clear` parameters are sent
    /// with the first page only (dropshot's scan parameters).
    Cursor {
        /// The parameter that takes the cursor.
        param: ParamName,
        /// Where the response holds the next cursor.
        field: Vec<FieldStep>,
        /// Parameters reset to `None` for later pages.
        clear: Vec<ParamName>,
    },
    /// While the response's `has_more` is true, `param` takes the `id`
    /// field of the page's last item.
    AfterLast {
        /// The parameter that takes the id.
        param: ParamName,
        /// The response's boolean that says whether more items follow.
        has_more: Vec<FieldStep>,
        /// The item's id field.
        id: FieldStep,
    },
    /// The response holds the next page's URL at `field`, relative to the
    /// page's own.
    Url {
        /// Where the response holds the URL.
        field: Vec<FieldStep>,
    },
    /// The `Link` header's `rel="next"`.
    LinkHeader,
    /// `param` is a page number, `first` when unset; the pages end at an
    /// empty page or at the total.
    Page {
        /// The page number parameter.
        param: ParamName,
        /// The number of the first page.
        first: i64,
        /// Where the response says how many pages or items there are.
        total: Option<PageTotal>,
    },
    /// `param` is the number of items to skip; the pages end at an empty
    /// page or at the total.
    Offset {
        /// The offset parameter.
        param: ParamName,
        /// Where the response says how many items there are.
        total: Option<Vec<FieldStep>>,
    },
}

/// Where a response says how far the pages go.
#[derive(Clone, Debug, PartialEq)]
pub enum PageTotal {
    /// The number of pages.
    Pages(Vec<FieldStep>),
    /// The number of items in all pages.
    Items(Vec<FieldStep>),
}

/// A parameter the pager sets: its names on the wire and in Rust (the
/// field of the operation's struct).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamName {
    /// The name on the wire.
    pub wire_name: String,
    /// The Rust name, as in [`Param::rust_name`].
    pub rust_name: String,
}

/// One field on the way from a response body to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldStep {
    /// The JSON property.
    pub wire_name: String,
    /// The struct field, as in [`Field::rust_name`](super::Field::rust_name).
    pub rust_name: String,
    /// The field is an `Option`.
    pub optional: bool,
    /// Its type, without the `Option`.
    pub ty: TypeRef,
}

/// The shape of a successful response body.
#[derive(Clone, Debug)]
pub enum SuccessBody {
    /// No body (204 and friends): the operation returns `()` whatever arrives.
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A JSON body on some 2xx statuses and none on others: `Option<T>`.
    JsonOrEmpty(TypeRef),
    /// A non-JSON body, returned as bytes.
    Raw,
    /// A `text/*` body, returned as a `String`.
    Text,
    /// Different bodies on different 2xx statuses: an enum with one variant
    /// per status.
    Outcomes(Outcomes),
}

/// The enum of an operation whose 2xx statuses carry different bodies.
#[derive(Clone, Debug)]
pub struct Outcomes {
    /// The enum's name in the `requests` module, e.g. `CreateJobOutcome`.
    pub type_name: String,
    /// One variant per documented 2xx status, in spec order.
    pub variants: Vec<Outcome>,
}

/// One documented 2xx status and what it carries.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The status; `None` for a `2XX` range, which takes every status not
    /// listed.
    pub status: Option<u16>,
    /// The variant name, from the status's reason phrase (`Created`).
    pub variant: String,
    /// What the body decodes to.
    pub body: OutcomeBody,
    /// The response description.
    pub docs: String,
}

/// The body of one [`Outcome`].
#[derive(Clone, Debug, PartialEq)]
pub enum OutcomeBody {
    /// Nothing: a unit variant.
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A `text/*` body, as a `String`.
    Text(String),
    /// Another media type, as bytes.
    Raw(String),
}

/// A documented non-2xx response.
#[derive(Clone, Debug)]
pub struct ErrorResponse {
    /// `404`, `4XX` or `default`.
    pub status: String,
    /// Its description.
    pub docs: String,
}

impl Operation {
    /// Types the caller passes or gets back: parameters, body and result.
    pub fn signature_types(&self) -> impl Iterator<Item = &TypeRef> {
        let success: Vec<&TypeRef> = match &self.success.body {
            SuccessBody::Json(ty) | SuccessBody::JsonOrEmpty(ty) => vec![ty],
            SuccessBody::Outcomes(outcomes) => outcomes
                .variants
                .iter()
                .filter_map(|outcome| match &outcome.body {
                    OutcomeBody::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect(),
            SuccessBody::Empty | SuccessBody::Raw | SuccessBody::Text => Vec::new(),
        };
        self.params.iter().map(|param| &param.ty).chain(self.body.iter().map(|body| &body.ty)).chain(success)
    }
}
